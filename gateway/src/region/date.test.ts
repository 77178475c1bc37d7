import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { checkPeriod, dateProblem } from "./date.ts";

describe("dateProblem", () => {
  it.each(["2025-01-01", "2024-02-29", "2025-12-31", "0001-01-01"])("accepts %s", (value) => {
    expect(dateProblem(value)).toBeNull();
  });

  it.each([
    ["2025-02-29", "NOT_A_CALENDAR_DATE"],
    ["2025-13-01", "NOT_A_CALENDAR_DATE"],
    ["2025-04-31", "NOT_A_CALENDAR_DATE"],
    ["2025-00-10", "NOT_A_CALENDAR_DATE"],
    ["2025-1-1", "NOT_YYYY_MM_DD"],
    ["2025-01-01T00:00:00Z", "NOT_YYYY_MM_DD"],
    ["", "NOT_YYYY_MM_DD"],
    [20250101, "NOT_A_STRING"],
    [null, "NOT_A_STRING"],
  ])("refuses %j as %s", (value, reason) => {
    expect(dateProblem(value)).toBe(reason);
  });
});

function errorOf(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error("expected a GraphQLError");
}

describe("checkPeriod", () => {
  it("accepts a period of one day", () => {
    expect(checkPeriod("2025-03-01", "2025-03-01")).toEqual({ from: "2025-03-01", to: "2025-03-01" });
  });

  it("refuses from after to, naming the field and the reason", () => {
    const error = errorOf(() => checkPeriod("2025-03-02", "2025-03-01"));
    expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", field: "from", reason: "FROM_AFTER_TO" });
  });

  it("refuses an invalid date, naming the field", () => {
    expect(errorOf(() => checkPeriod("2025-01-01", "2025-02-30")).extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: "to",
      reason: "NOT_A_CALENDAR_DATE",
    });
  });
});
