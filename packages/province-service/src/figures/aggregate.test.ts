import { BREAKDOWN_NAMES } from "@regional/schema";
import { describe, expect, it } from "vitest";
import { canonicalCitizenship, placeTotals, sortCounts, toBreakdowns, toCapacityFigures } from "./aggregate.ts";

describe("sortCounts", () => {
  it("sorts by count descending, then key, and drops zero counts", () => {
    expect(
      sortCounts([
        { key: "RO", count: 1 },
        { key: "NG", count: 3 },
        { key: "AL", count: 1 },
        { key: "BR", count: 0 },
      ]),
    ).toEqual([
      { key: "NG", count: 3 },
      { key: "AL", count: 1 },
      { key: "RO", count: 1 },
    ]);
  });
  it("orders keys by code point, independent of locale", () => {
    expect(sortCounts([{ key: "b", count: 1 }, { key: "B", count: 1 }, { key: "A", count: 1 }]).map((c) => c.key)).toEqual(["A", "B", "b"]);
  });
});

describe("toBreakdowns", () => {
  it("gives every breakdown, empty when there are no rows", () => {
    const result = toBreakdowns([]);
    expect(Object.keys(result).sort()).toEqual([...BREAKDOWN_NAMES].sort());
    for (const name of BREAKDOWN_NAMES) expect(result[name]).toEqual([]);
  });
  it("splits rows by breakdown, sorts each and sums repeated keys", () => {
    const result = toBreakdowns([
      { breakdown: "byGender", key: "MAN", count: 1 },
      { breakdown: "byGender", key: "WOMAN", count: 4 },
      { breakdown: "byPhase", key: "IDENTIFICATION", count: 2 },
      { breakdown: "byPhase", key: "IDENTIFICATION", count: 1 },
      { breakdown: "byPhase", key: "FIRST_CONTACT", count: 0 },
      { breakdown: "exitsByOutcome", key: "AUTONOMY", count: 1 },
    ]);
    expect(result.byGender).toEqual([
      { key: "WOMAN", count: 4 },
      { key: "MAN", count: 1 },
    ]);
    expect(result.byPhase).toEqual([{ key: "IDENTIFICATION", count: 3 }]);
    expect(result.exitsByOutcome).toEqual([{ key: "AUTONOMY", count: 1 }]);
    expect(result.byCitizenship).toEqual([]);
  });
  it("counts the alpha-2 and alpha-3 spellings of a country as one citizenship", () => {
    const result = toBreakdowns([
      { breakdown: "byCitizenship", key: "NGA", count: 2 },
      { breakdown: "byCitizenship", key: "NG", count: 1 },
      { breakdown: "byCitizenship", key: "ROU", count: 1 },
      { breakdown: "byCitizenship", key: "XXA", count: 1 },
    ]);
    expect(result.byCitizenship).toEqual([
      { key: "NG", count: 3 },
      { key: "RO", count: 1 },
      { key: "XXA", count: 1 },
    ]);
  });
  it("leaves the keys of other breakdowns alone", () => {
    expect(toBreakdowns([{ breakdown: "byGender", key: "MAN", count: 1 }]).byGender).toEqual([{ key: "MAN", count: 1 }]);
  });
  it("refuses a row of a breakdown it does not know", () => {
    expect(() => toBreakdowns([{ breakdown: "byName", key: "x", count: 1 }])).toThrow(/unknown breakdown byName/);
  });
});

describe("canonicalCitizenship", () => {
  it.each([
    ["NG", "NG"],
    ["NGA", "NG"],
    [" nga ", "NG"],
    ["XK", "XK"],
    ["XKX", "XK"],
    ["XXA", "XXA"],
  ])("%s -> %s", (code, expected) => {
    expect(canonicalCitizenship(code)).toBe(expected);
  });
});

describe("toCapacityFigures and placeTotals", () => {
  const rows = [
    { structureType: "RESIDENTIAL_COMMUNITY", target: "WITH_CHILDREN", total: 1, occupied: 0 },
    { structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 1, occupied: 1 },
    { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 1, occupied: 0 },
    { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 2, occupied: 1 },
  ];
  it("adds free places and orders by structure type then target, in the order of the enums", () => {
    expect(toCapacityFigures(rows)).toEqual([
      { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 2, occupied: 1, free: 1 },
      { structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 1, occupied: 1, free: 0 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 1, occupied: 0, free: 1 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WITH_CHILDREN", total: 1, occupied: 0, free: 1 },
    ]);
  });
  it("leaves out groups without places", () => {
    expect(toCapacityFigures([{ structureType: "HOUSING", target: "MEN", total: 0, occupied: 0 }])).toEqual([]);
  });
  it("refuses a group with more occupied places than places", () => {
    expect(() => toCapacityFigures([{ structureType: "HOUSING", target: "MEN", total: 1, occupied: 2 }])).toThrow(RangeError);
  });
  it("sums the groups into the place counters", () => {
    expect(placeTotals(toCapacityFigures(rows))).toEqual({ placesTotal: 5, placesOccupied: 2, placesFree: 3, placesHeld: 0 });
    expect(placeTotals([])).toEqual({ placesTotal: 0, placesOccupied: 0, placesFree: 0, placesHeld: 0 });
  });

  it("counts a place held for an incoming transfer as neither occupied nor free", () => {
    const held = toCapacityFigures([{ structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 4, occupied: 1, held: 2 }]);
    expect(held).toEqual([{ structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 4, occupied: 1, free: 1 }]);
    expect(placeTotals(held)).toEqual({ placesTotal: 4, placesOccupied: 1, placesFree: 1, placesHeld: 2 });
    expect(() => toCapacityFigures([{ structureType: "HOUSING", target: "MEN", total: 2, occupied: 1, held: 2 }])).toThrow(RangeError);
  });
});
