import { COUNTER_NAMES } from "@regional/schema";
import { describe, expect, it } from "vitest";
import { figures } from "../testing/figures.ts";
import {
  aggregateRegion,
  combineFigures,
  mergeCapacity,
  mergeCounts,
  missingProvinces,
  publishCells,
  sumCounters,
} from "./aggregate.ts";

describe("sumCounters", () => {
  it("adds each counter over the provinces given", () => {
    const sums = sumCounters([
      figures({ contacts: 10, newCases: 2, placesTotal: 8, placesOccupied: 5, placesFree: 3 }),
      figures({ contacts: 5, newCases: 1, placesTotal: 4, placesOccupied: 4, placesFree: 0 }),
    ]);
    expect(sums).toMatchObject({ contacts: 15, newCases: 3, placesTotal: 12, placesOccupied: 9, placesFree: 3 });
  });

  it("gives zero for every counter when no province answered", () => {
    const sums = sumCounters([]);
    expect(Object.keys(sums).sort()).toEqual([...COUNTER_NAMES].sort());
    expect(Object.values(sums).every((v) => v === 0)).toBe(true);
  });
});

describe("mergeCounts", () => {
  it("adds counts of the same key across provinces", () => {
    const merged = mergeCounts([
      [{ key: "WOMAN", count: 4 }, { key: "MAN", count: 1 }],
      [{ key: "WOMAN", count: 2 }, { key: "TRANS_NON_BINARY", count: 1 }],
    ]);
    expect(merged).toEqual([
      { key: "WOMAN", count: 6 },
      { key: "MAN", count: 1 },
      { key: "TRANS_NON_BINARY", count: 1 },
    ]);
  });

  it("sorts by count descending, then by key", () => {
    const merged = mergeCounts([[{ key: "NG", count: 2 }, { key: "AL", count: 2 }, { key: "RO", count: 7 }]]);
    expect(merged.map((c) => c.key)).toEqual(["RO", "AL", "NG"]);
  });

  it("merges duplicate keys inside one province's list too", () => {
    expect(mergeCounts([[{ key: "SEXUAL", count: 1 }, { key: "SEXUAL", count: 2 }]])).toEqual([{ key: "SEXUAL", count: 3 }]);
  });

  it("does not change its inputs", () => {
    const input = [{ key: "B", count: 1 }, { key: "A", count: 3 }];
    const copy = structuredClone(input);
    mergeCounts([input]);
    expect(input).toEqual(copy);
  });

  it("keeps zero cells: whether to show them is the publisher's decision", () => {
    expect(mergeCounts([[{ key: "BEGGING", count: 0 }]])).toEqual([{ key: "BEGGING", count: 0 }]);
  });
});

describe("publishCells", () => {
  it("publishes every cell unsuppressed for now", () => {
    expect(publishCells([{ key: "WOMAN", count: 2 }])).toEqual([{ key: "WOMAN", count: 2, suppressed: false }]);
  });
});

describe("mergeCapacity", () => {
  it("adds places of the same structure type and target", () => {
    const merged = mergeCapacity([
      [{ structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 6, occupied: 4, free: 2 }],
      [
        { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 4, occupied: 1, free: 3 },
        { structureType: "EMERGENCY_SHELTER", target: "MEN", total: 2, occupied: 0, free: 2 },
      ],
    ]);
    expect(merged).toEqual([
      { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 10, occupied: 5, free: 5 },
      { structureType: "EMERGENCY_SHELTER", target: "MEN", total: 2, occupied: 0, free: 2 },
    ]);
  });

  it("orders cells as the structure types and targets are declared", () => {
    const merged = mergeCapacity([
      [
        { structureType: "HOUSING", target: "WOMEN", total: 1, occupied: 0, free: 1 },
        { structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 1, occupied: 0, free: 1 },
        { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 1, occupied: 0, free: 1 },
      ],
    ]);
    expect(merged.map((p) => `${p.structureType}/${p.target}`)).toEqual([
      "EMERGENCY_SHELTER/WOMEN",
      "EMERGENCY_SHELTER/MINORS",
      "HOUSING/WOMEN",
    ]);
  });

  it("does not change its inputs", () => {
    const input = [{ structureType: "HOUSING", target: "MEN", total: 2, occupied: 1, free: 1 }];
    mergeCapacity([input, input]);
    expect(input[0]).toEqual({ structureType: "HOUSING", target: "MEN", total: 2, occupied: 1, free: 1 });
  });
});

describe("missingProvinces", () => {
  it("names the provinces whose figures are null or absent, in the programme's order", () => {
    expect(missingProvinces({ BG: figures(), BS: null, CR: figures(), LC: figures(), LO: figures(), PV: figures() })).toEqual([
      "BS",
      "MN",
    ]);
  });
});

describe("combineFigures", () => {
  it("publishes breakdowns as cells sorted by count", () => {
    const combined = combineFigures([
      figures({ byGender: [{ key: "MAN", count: 1 }, { key: "WOMAN", count: 3 }] }),
    ]);
    expect(combined.byGender).toEqual([
      { key: "WOMAN", count: 3, suppressed: false },
      { key: "MAN", count: 1, suppressed: false },
    ]);
  });
});

describe("aggregateRegion", () => {
  const answered = {
    BG: figures({ contacts: 100, activeCases: 20, byPhase: [{ key: "FIRST_CONTACT", count: 5 }] }),
    BS: figures({ contacts: 50, activeCases: 10, byPhase: [{ key: "FIRST_CONTACT", count: 2 }, { key: "IDENTIFICATION", count: 8 }] }),
    CR: null,
    LC: figures({ contacts: 1 }),
    LO: figures(),
    MN: figures(),
    PV: figures({ contacts: 9 }),
  };

  it("totals the provinces that answered and names the one that did not", () => {
    const region = aggregateRegion(answered);
    expect(region.missing).toEqual(["CR"]);
    expect(region.totals.provincesReporting).toBe(6);
    expect(region.totals.contacts).toBe(160);
    expect(region.totals.activeCases).toBe(30);
    expect(region.totals.byPhase).toEqual([
      { key: "IDENTIFICATION", count: 8, suppressed: false },
      { key: "FIRST_CONTACT", count: 7, suppressed: false },
    ]);
  });

  it("lists each province that answered with its name and own figures", () => {
    const region = aggregateRegion(answered);
    expect(region.provinces.map((p) => p.province)).toEqual(["BG", "BS", "LC", "LO", "MN", "PV"]);
    expect(region.provinces[0]).toMatchObject({ province: "BG", name: "Bergamo", contacts: 100 });
  });

  it("answers with zero totals and all seven missing when no province answered", () => {
    const region = aggregateRegion({});
    expect(region.missing).toHaveLength(7);
    expect(region.provinces).toEqual([]);
    expect(region.totals).toMatchObject({ provincesReporting: 0, contacts: 0, places: [], byGender: [] });
  });
});
