import { describe, expect, it } from "vitest";
import { constraintViolation, violates } from "./constraint-violation.ts";

// The shapes the two driver adapters throw (trimmed to what is read); the API tests meet the real ones.
const pglite = (code: string, message: string) =>
  Object.assign(new Error("DriverAdapterError"), { name: "DriverAdapterError", cause: { kind: "postgres", code, message } });
const pg = (prismaCode: string, originalCode: string, originalMessage: string, fields?: string[]) =>
  Object.assign(new Error(`Prisma ${prismaCode}`), {
    code: prismaCode,
    meta: {
      modelName: "Placement",
      driverAdapterError: {
        name: "DriverAdapterError",
        cause: { originalCode, originalMessage, kind: "UniqueConstraintViolation", ...(fields ? { constraint: { fields } } : {}) },
      },
    },
  });

describe("constraintViolation", () => {
  it("reads SQLSTATE and constraint from PGlite's adapter", () => {
    expect(constraintViolation(pglite("23505", 'duplicate key value violates unique constraint "Placement_one_current_per_place"'))).toEqual({
      code: "23505",
      constraint: "Placement_one_current_per_place",
      columns: [],
    });
    expect(constraintViolation(pglite("23514", 'new row for relation "Interview" violates check constraint "Interview_sequence"'))).toMatchObject({
      code: "23514",
      constraint: "Interview_sequence",
    });
  });

  it("reads them from the pg adapter's Prisma error, preferring PostgreSQL's SQLSTATE, with the columns", () => {
    const error = pg("P2002", "23505", 'duplicate key value violates unique constraint "Case_reference_key"', ['"reference"']);
    expect(constraintViolation(error)).toEqual({ code: "23505", constraint: "Case_reference_key", columns: ["reference"] });
    expect(constraintViolation(pg("P2003", "23503", 'insert or update violates foreign key constraint "Placement_caseId_fkey"'))).toMatchObject({
      code: "23503",
      constraint: "Placement_caseId_fkey",
    });
  });

  it("is null for anything that is not a constraint violation", () => {
    expect(constraintViolation(new Error("boom"))).toBeNull();
    expect(constraintViolation(pglite("40001", "could not serialize access"))).toBeNull();
    expect(constraintViolation(pglite("P0001", 'raised by a trigger mentioning constraint "X"'))).toBeNull();
    expect(constraintViolation(null)).toBeNull();
    expect(constraintViolation("23505")).toBeNull();
  });

  it("survives cycles and deep nesting", () => {
    const a: Record<string, unknown> = { code: "23505" };
    a["cause"] = a;
    expect(constraintViolation(a)).toEqual({ code: "23505", constraint: null, columns: [] });
  });
});

describe("violates", () => {
  it("matches the named constraint only", () => {
    const error = pglite("23505", 'duplicate key value violates unique constraint "Consent_one_active_per_kind"');
    expect(violates(error, "Consent_one_active_per_kind")).toBe(true);
    expect(violates(error, "Consent_one")).toBe(false);
    expect(violates(new Error("Consent_one_active_per_kind"), "Consent_one_active_per_kind")).toBe(false);
  });

  it("falls back to a unique constraint's exact columns when the driver did not name it", () => {
    const unnamed = Object.assign(new Error("P2002"), { code: "P2002", meta: { target: ["personId"] } });
    expect(violates(unnamed, "Case_one_open_per_person", ["personId"])).toBe(true);
    expect(violates(unnamed, "Case_one_open_per_person")).toBe(false);
    expect(violates(unnamed, "Case_reference_key", ["reference"])).toBe(false);
    expect(violates(unnamed, "X", ["personId", "kind"])).toBe(false);
  });
});
