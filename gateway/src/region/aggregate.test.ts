import { COUNTER_NAMES } from "@regional/schema";
import { describe, expect, it } from "vitest";
import { figures } from "../testing/figures.ts";
import {
  aggregateRegion,
  combineFigures,
  mergeCapacity,
  mergeCounts,
  missingProvinces,
  publishBreakdowns,
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

describe("publishBreakdowns", () => {
  it("publishes cells of k or more sorted by count, exact", () => {
    const { rows, totals } = publishBreakdowns(
      [figures({ byGender: [{ key: "MAN", count: 6 }, { key: "WOMAN", count: 30 }] }), figures({ byGender: [{ key: "WOMAN", count: 9 }, { key: "MAN", count: 7 }] })],
      5,
    );
    expect(rows[0]!.byGender).toEqual([
      { key: "WOMAN", count: 30, suppressed: false },
      { key: "MAN", count: 6, suppressed: false },
    ]);
    expect(totals.byGender).toEqual([
      { key: "WOMAN", count: 39, suppressed: false },
      { key: "MAN", count: 13, suppressed: false },
    ]);
  });

  it("hides a small cell and what would give it away, in the province and in the region", () => {
    // Lodi: 1 man among 12 active cases. Publishing WOMAN 11 would give MAN = 12 − 11.
    const { rows, totals } = publishBreakdowns(
      [
        figures({ activeCases: 40, byGender: [{ key: "WOMAN", count: 30 }, { key: "MAN", count: 10 }] }),
        figures({ activeCases: 12, byGender: [{ key: "WOMAN", count: 11 }, { key: "MAN", count: 1 }] }),
      ],
      5,
    );
    const lodi = rows[1]!.byGender;
    expect(lodi.filter((c) => c.suppressed).map((c) => c.key).sort()).toEqual(["MAN", "WOMAN"]);
    expect(lodi.every((c) => c.suppressed === (c.count === null))).toBe(true);
    // The regional MAN (11) and the other province's MAN (10) would give Lodi's: one of them goes too.
    const first = rows[0]!.byGender;
    const manHidden = totals.byGender.find((c) => c.key === "MAN")!.suppressed || first.find((c) => c.key === "MAN")!.suppressed;
    expect(manHidden).toBe(true);
  });

  it("hides a zero cell too when a province's only non-zero cell would equal its counter", () => {
    // One active case: byGender [WOMAN 1] with activeCases 1 says who she is, suppressed or not.
    const { rows } = publishBreakdowns(
      [figures({ activeCases: 40, byGender: [{ key: "WOMAN", count: 40 }] }), figures({ activeCases: 1, byGender: [{ key: "WOMAN", count: 1 }] })],
      5,
    );
    const one = rows[1]!.byGender;
    expect(one.length).toBeGreaterThanOrEqual(2);
    expect(one.every((c) => c.suppressed && c.count === null)).toBe(true);
  });

  it("publishes everything as it is with k = 1", () => {
    const { rows } = publishBreakdowns([figures({ byGender: [{ key: "MAN", count: 1 }, { key: "WOMAN", count: 2 }] })], 1);
    expect(rows[0]!.byGender).toEqual([
      { key: "WOMAN", count: 2, suppressed: false },
      { key: "MAN", count: 1, suppressed: false },
    ]);
  });
});

describe("combineFigures", () => {
  it("publishes a set of provinces as one table, counters exact and small cells hidden", () => {
    const combined = combineFigures([
      figures({ activeCases: 8, byGender: [{ key: "MAN", count: 1 }, { key: "WOMAN", count: 3 }] }),
      figures({ activeCases: 9, byGender: [{ key: "WOMAN", count: 9 }] }),
    ]);
    expect(combined.activeCases).toBe(17);
    expect(combined.byGender).toEqual([
      { key: "MAN", count: null, suppressed: true },
      { key: "WOMAN", count: null, suppressed: true },
    ]);
  });
});

describe("aggregateRegion", () => {
  const answered = {
    BG: figures({ contacts: 100, activeCases: 20, byPhase: [{ key: "FIRST_CONTACT", count: 12 }, { key: "IDENTIFICATION", count: 8 }] }),
    BS: figures({ contacts: 50, activeCases: 10, byPhase: [{ key: "FIRST_CONTACT", count: 5 }, { key: "IDENTIFICATION", count: 5 }] }),
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
      { key: "FIRST_CONTACT", count: 17, suppressed: false },
      { key: "IDENTIFICATION", count: 13, suppressed: false },
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

  it("suppresses with the minimum cell it is given, and keeps counters exact", () => {
    const small = { BG: figures({ activeCases: 6, byGender: [{ key: "WOMAN", count: 3 }, { key: "MAN", count: 3 }] }) };
    expect(aggregateRegion(small, { minCell: 3 }).totals.byGender.every((c) => !c.suppressed)).toBe(true);
    const strict = aggregateRegion(small, { minCell: 4 });
    expect(strict.totals.byGender.every((c) => c.suppressed)).toBe(true);
    expect(strict.provinces[0]!.byGender.every((c) => c.suppressed)).toBe(true);
    expect(strict.totals.activeCases).toBe(6);
    expect(strict.provinces[0]!.activeCases).toBe(6);
  });
});
