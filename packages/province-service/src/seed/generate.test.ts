import type { ProvinceCode } from "@regional/schema";
import { describe, expect, it } from "vitest";
import { generateDemoData, type DemoDataset } from "./generate.ts";
import { checkSeedInvariants } from "./invariants.ts";

const TODAY = "2026-11-22";
const PROVINCES: ProvinceCode[] = ["BG", "BS", "CR", "LC", "LO", "MN", "PV"];
const cache = new Map<ProvinceCode, DemoDataset>();
const demo = (province: ProvinceCode) => {
  let d = cache.get(province);
  if (!d) cache.set(province, (d = generateDemoData({ province, today: TODAY })));
  return d;
};
const share = (part: number, whole: number) => part / whole;
const all = () => PROVINCES.map(demo);

describe("generateDemoData: determinism", () => {
  it("gives the same rows, ids included, for the same province and seed", () => {
    const a = generateDemoData({ province: "LC", today: TODAY, seed: 7 });
    const b = generateDemoData({ province: "LC", today: TODAY, seed: 7 });
    expect(b).toEqual(a);
  });

  it("gives different data for another seed or another province", () => {
    const a = generateDemoData({ province: "LC", today: TODAY, seed: 7 });
    const b = generateDemoData({ province: "LC", today: TODAY, seed: 8 });
    expect(b.persons[0]).not.toEqual(a.persons[0]);
    expect(demo("LO").cases[0]!.id).not.toBe(demo("LC").cases[0]!.id);
  });

  it("rejects a malformed today, an unknown province and a non-positive scale", () => {
    expect(() => generateDemoData({ province: "BG", today: "2026-13-01" })).toThrow();
    expect(() => generateDemoData({ province: "XX" as ProvinceCode, today: TODAY })).toThrow(/Unknown province/);
    expect(() => generateDemoData({ province: "BG", today: TODAY, scale: 0 })).toThrow(/scale/);
  });
});

describe("generateDemoData: consistency", () => {
  it.each(PROVINCES)("%s keeps every invariant", (province) => {
    expect(checkSeedInvariants(demo(province), TODAY)).toEqual([]);
  });

  it("keeps every invariant at other dates, seeds and scales", () => {
    for (const [province, today, seed, scale] of [
      ["LO", "2023-06-30", 1, 1],
      ["BS", "2025-03-15", 99, 0.3],
      ["CR", TODAY, 5, 2.5],
    ] as const) {
      expect(checkSeedInvariants(generateDemoData({ province, today, seed, scale }), today), `${province} ${today}`).toEqual([]);
    }
  });

  it("has a checker that does catch broken data", () => {
    const d = structuredClone(generateDemoData({ province: "LO", today: TODAY, seed: 3 }));
    const current = d.placements.find((p) => p.endOn === null)!;
    const other = d.cases.find((c) => c.status === "OPEN" && c.id !== current.caseId)!;
    d.placements.push({ ...current, id: "00000000-0000-4000-8000-000000000000", caseId: other.id });
    const minor = d.cases.find((c) => !c.minorAtOpening)!;
    minor.minorAtOpening = true;
    const closed = d.cases.find((c) => c.status === "CLOSED")!;
    closed.phase = closed.phase === "FIRST_CONTACT" ? "IDENTIFICATION" : "FIRST_CONTACT";
    const errors = checkSeedInvariants(d, TODAY).join("\n");
    expect(errors).toMatch(/overlapping placements/);
    expect(errors).toMatch(/two current placements/);
    expect(errors).toMatch(/minor flag/);
    expect(errors).toMatch(/is not the last change/);
  });

  it("never dates anything before 2023 or after today", () => {
    const d = demo("BG");
    const dates = [
      ...d.cases.flatMap((c) => [c.openedOn, c.closedOn, c.identifiedOn]),
      ...d.outings.map((o) => o.heldOn),
      ...d.trainingEvents.map((t) => t.heldOn),
      ...d.services.map((s) => s.deliveredOn),
    ].filter((x): x is Date => x !== null);
    const iso = dates.map((x) => x.toISOString().slice(0, 10)).sort();
    expect(iso[0]! >= "2023-01-01").toBe(true);
    expect(iso[iso.length - 1]! <= TODAY).toBe(true);
  });
});

describe("generateDemoData: sizes and proportions", () => {
  it("sizes provinces as in the programme: Brescia and Bergamo biggest, Lodi and Lecco smallest", () => {
    const n = Object.fromEntries(PROVINCES.map((p) => [p, demo(p).cases.length])) as Record<ProvinceCode, number>;
    for (const p of PROVINCES) {
      expect(n[p]).toBeGreaterThanOrEqual(140);
      expect(n[p]).toBeLessThanOrEqual(470);
    }
    const sorted = [...PROVINCES].sort((a, b) => n[b] - n[a]);
    expect(sorted.slice(0, 2).sort()).toEqual(["BG", "BS"]);
    expect(sorted.slice(-2).sort()).toEqual(["LC", "LO"]);
  });

  it("has 20 to 60 places per province, mostly for women, and some structure near full", () => {
    for (const p of PROVINCES) {
      const d = demo(p);
      expect(d.places.length).toBeGreaterThanOrEqual(20);
      expect(d.places.length).toBeLessThanOrEqual(60);
      expect(share(d.places.filter((x) => x.target === "WOMEN" || x.target === "WITH_CHILDREN").length, d.places.length)).toBeGreaterThan(0.6);
      const current = d.placements.filter((x) => x.endOn === null).length;
      expect(share(current, d.places.length)).toBeGreaterThan(0.25);
      expect(share(current, d.places.length)).toBeLessThan(0.9);
    }
    const d = demo("BS");
    const occupied = new Set(d.placements.filter((x) => x.endOn === null).map((x) => x.placeId));
    const byStructure = d.structures.map((s) => {
      const own = d.places.filter((x) => x.structureId === s.id);
      return own.filter((x) => occupied.has(x.id)).length / own.length;
    });
    expect(Math.max(...byStructure)).toBeGreaterThanOrEqual(0.8);
  });

  it("is mostly women and sexual exploitation, with some men, a few trans persons and ~5% minors", () => {
    const persons = all().flatMap((d) => d.persons);
    const cases = all().flatMap((d) => d.cases);
    const exploitation = all().flatMap((d) => d.exploitations);
    const women = share(persons.filter((p) => p.gender === "WOMAN").length, persons.length);
    const men = share(persons.filter((p) => p.gender === "MAN").length, persons.length);
    const trans = share(persons.filter((p) => p.gender === "TRANS_NON_BINARY").length, persons.length);
    const sexual = share(new Set(exploitation.filter((e) => e.type === "SEXUAL").map((e) => e.caseId)).size, cases.length);
    const minors = share(cases.filter((c) => c.minorAtOpening).length, cases.length);
    const young = share(cases.filter((c) => ["AGE_18_20", "AGE_21_25", "AGE_26_30"].includes(c.ageBand)).length, cases.length);
    expect(women).toBeGreaterThan(0.65);
    expect(women).toBeLessThan(0.82);
    expect(men).toBeGreaterThan(0.12);
    expect(men).toBeLessThan(0.3);
    expect(trans).toBeGreaterThan(0.01);
    expect(trans).toBeLessThan(0.07);
    expect(sexual).toBeGreaterThan(0.58);
    expect(sexual).toBeLessThan(0.72);
    expect(minors).toBeGreaterThan(0.02);
    expect(minors).toBeLessThan(0.09);
    expect(young).toBeGreaterThan(0.55);
  });

  it("has labour exploitation growing, and agriculture where farms are (Mantova, Cremona, Pavia)", () => {
    const labourShare = (year: string) => {
      const cases = all().flatMap((d) => d.cases.filter((c) => c.openedOn.toISOString().startsWith(year)).map((c) => ({ c, d })));
      const labour = cases.filter(({ c, d }) => d.exploitations.some((e) => e.caseId === c.id && e.type.startsWith("LABOUR_")));
      return share(labour.length, cases.length);
    };
    expect(labourShare("2026")).toBeGreaterThan(labourShare("2023"));
    const agricultureShare = (ps: ProvinceCode[]) => {
      const labour = ps.flatMap((p) => demo(p).exploitations.filter((e) => e.type.startsWith("LABOUR_")));
      return share(labour.filter((e) => e.type === "LABOUR_AGRICULTURE").length, labour.length);
    };
    expect(agricultureShare(["MN", "CR", "PV"])).toBeGreaterThan(agricultureShare(["BG", "BS", "LC"]) + 0.1);
  });

  it("weights citizenships with Nigeria first and keeps names and languages plausible", () => {
    const persons = all().flatMap((d) => d.persons);
    const counts = new Map<string, number>();
    for (const p of persons) counts.set(p.citizenship, (counts.get(p.citizenship) ?? 0) + 1);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(ranked[0]).toBe("NG");
    for (const c of ["RO", "AL", "MA", "PK", "BD", "IN", "CN", "CI", "BR", "UA"]) expect(counts.get(c) ?? 0).toBeGreaterThan(5);
    const ngWoman = persons.find((p) => p.citizenship === "NG" && p.gender === "WOMAN")!;
    expect(ngWoman.givenName).toMatch(/^[A-Z][a-z]+$/);
    expect(persons.some((p) => p.documentNumber === null)).toBe(true);
    expect(persons.some((p) => p.phone === null)).toBe(true);
    expect(persons.filter((p) => p.documentNumber !== null).every((p) => p.documentNumber!.startsWith("DEMO-"))).toBe(true);
  });

  it("spreads referral sources and phases, and closes roughly half of the older cases with varied outcomes", () => {
    for (const p of ["BS", "BG"] as const) {
      const d = demo(p);
      expect(new Set(d.cases.map((c) => c.referralSource)).size).toBe(9);
      const open = d.cases.filter((c) => c.status === "OPEN");
      expect(new Set(open.map((c) => c.phase)).size).toBe(6);
      const old = d.cases.filter((c) => c.openedOn.toISOString().slice(0, 10) < "2025-11-22");
      const closedOld = share(old.filter((c) => c.status === "CLOSED").length, old.length);
      expect(closedOld).toBeGreaterThan(0.38);
      expect(closedOld).toBeLessThan(0.65);
      expect(new Set(d.cases.map((c) => c.exitOutcome).filter(Boolean)).size).toBeGreaterThanOrEqual(5);
      expect(d.cases.filter((c) => c.exitOutcome === "TRANSFERRED")).toEqual([]); // the transfer workflow's own
    }
  });

  it("has consents for nearly all, interviews for the assessed, permits and job placements", () => {
    const d = demo("BS");
    const withDataConsent = new Set(d.consents.filter((c) => c.kind === "DATA_PROCESSING").map((c) => c.caseId));
    expect(share(withDataConsent.size, d.cases.length)).toBeGreaterThan(0.95);
    expect(d.consents.some((c) => c.revokedOn !== null)).toBe(true);
    expect(d.consents.some((c) => c.kind === "TRANSFER_TO_PROVINCE")).toBe(true);
    const interviewed = new Set(d.interviews.map((i) => i.caseId));
    const identified = d.cases.filter((c) => c.identification === "IDENTIFIED" && c.referralSource !== "OTHER_PROVINCE");
    expect(identified.every((c) => interviewed.has(c.id))).toBe(true);
    expect(share(d.interviews.filter((i) => i.withMediator).length, d.interviews.length)).toBeGreaterThan(0.6);
    expect(d.interviews.some((i) => i.reportToCommissione)).toBe(true);
    const kinds = new Set(d.legalEvents.map((e) => `${e.kind}/${e.permitType ?? ""}`));
    for (const k of ["PERMIT_REQUESTED/ART_18", "PERMIT_GRANTED/ART_18", "PERMIT_REQUESTED/ART_22", "PERMIT_GRANTED/INTERNATIONAL_PROTECTION", "COMMISSIONE_REPORT_SENT/"]) {
      expect(kinds.has(k), k).toBe(true);
    }
    const semi = new Set(d.phaseChanges.filter((p) => p.phase === "SEMI_AUTONOMY").map((p) => p.caseId));
    const jobs = new Set(d.services.filter((s) => s.kind === "JOB_PLACEMENT").map((s) => s.caseId));
    expect(share([...semi].filter((id) => jobs.has(id)).length, semi.size)).toBeGreaterThan(0.5);
  });

  it("counts a few hundred to about 2,000 outreach contacts a year and a handful of training events", () => {
    for (const p of PROVINCES) {
      const d = demo(p);
      for (const year of ["2024", "2025"]) {
        const outings = d.outings.filter((o) => o.heldOn.toISOString().startsWith(year));
        const contacts = outings.reduce((s, o) => s + o.contacts, 0);
        expect(contacts, `${p} ${year}`).toBeGreaterThan(300);
        expect(contacts, `${p} ${year}`).toBeLessThan(2200);
        const street = outings.filter((o) => o.kind === "STREET_UNIT");
        expect(street.length).toBeGreaterThanOrEqual(40); // weekly night outings
        expect(street.filter((o) => o.operators >= 2).length).toBe(street.length);
        expect(new Set(outings.map((o) => o.kind)).size).toBe(3);
        const events = d.trainingEvents.filter((t) => t.heldOn.toISOString().startsWith(year));
        expect(events.length).toBeGreaterThanOrEqual(3);
        expect(events.length).toBeLessThanOrEqual(12);
      }
    }
  });

  it("scales cases, places and outreach with `scale`", () => {
    const one = demo("LC");
    const ten = generateDemoData({ province: "LC", today: TODAY, scale: 10 });
    expect(ten.cases.length / one.cases.length).toBeGreaterThan(9.5);
    expect(ten.cases.length / one.cases.length).toBeLessThan(10.5);
    expect(ten.places.length / one.places.length).toBeGreaterThan(8);
    expect(ten.outings.length / one.outings.length).toBeGreaterThan(8);
    expect(checkSeedInvariants(ten, TODAY)).toEqual([]);
  });
});
