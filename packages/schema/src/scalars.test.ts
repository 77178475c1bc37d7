import { describe, expect, it } from "vitest";
import { DateScalar, formatDate, isoDate } from "./scalars.ts";

describe("Date scalar", () => {
  it("accepts real calendar dates and keeps them as strings", () => {
    expect(DateScalar.parseValue("2024-02-29")).toBe("2024-02-29");
    expect(isoDate.safeParse("2026-11-22").success).toBe(true);
  });
  it.each(["2025-02-29", "2025-13-01", "22/11/2026", "2026-1-1", "", "2026-11-22T10:00:00Z"])("refuses %j", (v) => {
    expect(() => DateScalar.parseValue(v)).toThrow(/Date/);
  });
  it("writes a database date as its UTC day", () => {
    expect(formatDate(new Date("2024-03-01T00:00:00Z"))).toBe("2024-03-01");
    expect(DateScalar.serialize(new Date("2024-03-01T00:00:00Z"))).toBe("2024-03-01");
  });
});
