import { describe, expect, it } from "vitest";
import { ageAtOpening, ageBandAt, ageInYears, bandOfAge } from "./age.ts";

describe("ageInYears", () => {
  it("counts completed years, the birthday itself included", () => {
    expect(ageInYears("2000-06-15", "2018-06-14")).toBe(17);
    expect(ageInYears("2000-06-15", "2018-06-15")).toBe(18);
    expect(ageInYears("2000-06-15", "2018-12-31")).toBe(18);
    expect(ageInYears("2000-06-15", "2000-06-15")).toBe(0);
  });
  it("reaches a 29 February birthday on 1 March in common years", () => {
    expect(ageInYears("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageInYears("2008-02-29", "2026-03-01")).toBe(18);
    expect(ageInYears("2008-02-29", "2028-02-29")).toBe(20);
  });
  it("accepts database dates (UTC midnight) as well as strings", () => {
    expect(ageInYears(new Date("2000-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"))).toBe(26);
  });
  it("refuses a date before the birth", () => {
    expect(() => ageInYears("2000-01-02", "2000-01-01")).toThrow(RangeError);
  });
});

describe("bandOfAge", () => {
  it.each([
    [0, "AGE_0_17"],
    [17, "AGE_0_17"],
    [18, "AGE_18_20"],
    [20, "AGE_18_20"],
    [21, "AGE_21_25"],
    [25, "AGE_21_25"],
    [26, "AGE_26_30"],
    [30, "AGE_26_30"],
    [31, "AGE_31_40"],
    [40, "AGE_31_40"],
    [41, "AGE_41_PLUS"],
    [97, "AGE_41_PLUS"],
  ] as const)("puts %i years in %s", (age, band) => {
    expect(bandOfAge(age)).toBe(band);
  });
});

describe("ageBandAt", () => {
  it("is UNKNOWN without a birth date", () => {
    expect(ageBandAt(null, "2026-01-01")).toBe("UNKNOWN");
    expect(ageBandAt(undefined, "2026-01-01")).toBe("UNKNOWN");
  });
  it("changes band exactly on the birthday at each boundary", () => {
    const born = "2000-05-10";
    const cases: [string, string][] = [
      ["2018-05-09", "AGE_0_17"],
      ["2018-05-10", "AGE_18_20"],
      ["2021-05-09", "AGE_18_20"],
      ["2021-05-10", "AGE_21_25"],
      ["2026-05-09", "AGE_21_25"],
      ["2026-05-10", "AGE_26_30"],
      ["2031-05-09", "AGE_26_30"],
      ["2031-05-10", "AGE_31_40"],
      ["2041-05-09", "AGE_31_40"],
      ["2041-05-10", "AGE_41_PLUS"],
    ];
    for (const [on, band] of cases) expect([on, ageBandAt(born, on)]).toEqual([on, band]);
  });
});

describe("ageAtOpening", () => {
  it("flags a minor only when the birth date says so", () => {
    expect(ageAtOpening("2010-01-01", "2026-11-22")).toEqual({ ageBand: "AGE_0_17", minorAtOpening: true });
    expect(ageAtOpening("2008-11-22", "2026-11-22")).toEqual({ ageBand: "AGE_18_20", minorAtOpening: false });
    expect(ageAtOpening(null, "2026-11-22")).toEqual({ ageBand: "UNKNOWN", minorAtOpening: false });
  });
});
