import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BREAKDOWN_NAMES, COUNTER_NAMES } from "@regional/schema";
import { backends } from "../fixtures/databases.ts";
import { expectData, graphql } from "../fixtures/graphql.ts";
import { startRegion, type RegionFixture } from "../fixtures/region.ts";

/**
 * Disclosure control end to end: Lodi's team records two people of a citizenship nobody else in
 * the region has; the capofila's answer hides that cell in Lodi's snapshot and in the regional
 * totals (with whatever would give it away), while every counter stays exact.
 */
const FIGURES = `${COUNTER_NAMES.join(" ")} ${BREAKDOWN_NAMES.map((b) => `${b} { key count suppressed }`).join(" ")}`;
const REGION_QUERY = `query Region($from: Date!, $to: Date!) {
  region(from: $from, to: $to) {
    missing
    totals { ${FIGURES} }
    provinces { province ${FIGURES} }
  }
}`;
const PERIOD = { from: "2026-01-01", to: "2026-09-30" };
// Viet Nam: not among the demo data's citizenships (asserted below, so a change of seed cannot hide it).
const RARE = "VN";

type Cell = { key: string; count: number | null; suppressed: boolean };
type Snapshot = Record<string, number | Cell[]> & { province?: string };

const REGISTER = `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`;

describe.each(backends())("disclosure control with real provinces on %s", (backend) => {
  let region: RegionFixture;
  let before: { totals: Snapshot; provinces: Snapshot[] };

  beforeAll(async () => {
    region = await startRegion(backend, { demoData: true });
    before = expectData(await graphql(region.gateway.url, REGION_QUERY, PERIOD, region.capofila)).region;
    const lodi = region.provinces.get("LO")!;
    for (const [givenName, gender] of [["Lan", "WOMAN"], ["Mai", "WOMAN"]] as const) {
      const person = expectData(
        await graphql(lodi.operationalUrl, REGISTER, {
          input: { givenName, familyName: "Nguyen", gender, citizenship: RARE, birthDate: "1999-04-02" },
        }, lodi.coordinator),
      ).registerPerson;
      expectData(
        await graphql(lodi.operationalUrl, OPEN, {
          input: {
            personId: person.id,
            openedOn: "2026-03-10",
            referralSource: "STREET_UNIT",
            exploitationTypes: ["SEXUAL"],
            protectionStatus: "ASYLUM_SEEKER",
          },
        }, lodi.coordinator),
      );
    }
  });
  afterAll(async () => region?.stop());

  it("had no one of that citizenship before", () => {
    expect((before.totals.byCitizenship as Cell[]).some((c) => c.key === RARE)).toBe(false);
  });

  it("hides the two people at province and regional level, and keeps the counters exact", async () => {
    const res = await graphql(region.gateway.url, REGION_QUERY, PERIOD, region.capofila);
    const r = expectData(res).region;
    expect(r.missing).toEqual([]);
    const lodi = r.provinces.find((p: Snapshot) => p.province === "LO") as Snapshot;
    const lodiBefore = before.provinces.find((p) => p.province === "LO")!;

    // The cell itself: listed, hidden, at both levels.
    expect((lodi.byCitizenship as Cell[]).find((c) => c.key === RARE)).toEqual({ key: RARE, count: null, suppressed: true });
    expect((r.totals.byCitizenship as Cell[]).find((c) => c.key === RARE)).toEqual({ key: RARE, count: null, suppressed: true });
    // Not recomputable from Lodi's activeCases or from the regional activeCases: another cell is hidden with it.
    expect((lodi.byCitizenship as Cell[]).filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect((r.totals.byCitizenship as Cell[]).filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);

    // Counters exact: two more active and new cases in Lodi and in the region, as Lodi's database has them.
    expect(lodi.activeCases).toBe((lodiBefore.activeCases as number) + 2);
    expect(lodi.newCases).toBe((lodiBefore.newCases as number) + 2);
    expect(r.totals.activeCases).toBe((before.totals.activeCases as number) + 2);
    const [row] = await region.provinces
      .get("LO")!
      .database.db.sql.query<{ active: number }>(
        `SELECT count(*)::int AS active FROM "Case" WHERE "openedOn" <= $2 AND ("closedOn" IS NULL OR "closedOn" >= $1)`,
        [PERIOD.from, PERIOD.to],
      );
    expect(lodi.activeCases).toBe(row!.active);
    for (const name of COUNTER_NAMES) {
      expect(r.totals[name]).toBe(r.provinces.reduce((s: number, p: Snapshot) => s + (p[name] as number), 0));
    }
  });

  it("publishes no non-zero cell below 5 anywhere in the answer", async () => {
    const r = expectData(await graphql(region.gateway.url, REGION_QUERY, PERIOD, region.capofila)).region;
    for (const snapshot of [r.totals, ...r.provinces] as Snapshot[]) {
      for (const name of BREAKDOWN_NAMES) {
        for (const cell of snapshot[name] as Cell[]) {
          expect(cell.suppressed).toBe(cell.count === null);
          if (!cell.suppressed) expect(cell.count).toBeGreaterThanOrEqual(5);
        }
      }
    }
  });
});
