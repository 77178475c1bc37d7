import { describe, expect, it } from "vitest";
import { addYears, dayToIso, parseDay, weekday } from "./dates.ts";
import { hashSeed, Rng } from "./random.ts";

describe("seeded random streams", () => {
  it("repeats the same numbers for the same key and differs across keys", () => {
    const a = Rng.stream("demo", "BG", 1, "case", 0);
    const b = Rng.stream("demo", "BG", 1, "case", 0);
    const c = Rng.stream("demo", "BG", 1, "case", 1);
    const xs = Array.from({ length: 20 }, () => a.float());
    expect(Array.from({ length: 20 }, () => b.float())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.float())).not.toEqual(xs);
    expect(hashSeed("BG")).not.toBe(hashSeed("BS"));
  });

  it("draws plausibly uniform integers, weighted choices and Poisson counts", () => {
    const rng = new Rng(42);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[rng.int(0, 3)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(1800);
    let heads = 0;
    for (let i = 0; i < 10_000; i++) if (rng.weighted([["a", 3], ["b", 1]] as const) === "a") heads++;
    expect(heads / 10_000).toBeGreaterThan(0.72);
    expect(heads / 10_000).toBeLessThan(0.78);
    let sum = 0;
    for (let i = 0; i < 5000; i++) sum += rng.poisson(2.5);
    expect(sum / 5000).toBeGreaterThan(2.35);
    expect(sum / 5000).toBeLessThan(2.65);
  });

  it("makes version-4 shaped UUIDs", () => {
    const rng = new Rng(7);
    for (let i = 0; i < 100; i++) expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("calendar days", () => {
  it("round-trips dates and knows weekdays and leap years", () => {
    expect(dayToIso(parseDay("2024-02-29"))).toBe("2024-02-29");
    expect(weekday(parseDay("2026-11-22"))).toBe(0); // a Sunday
    expect(dayToIso(addYears(parseDay("2024-02-29"), -1))).toBe("2023-02-28");
    expect(() => parseDay("2025-02-30")).toThrow(/real calendar date/);
  });
});
