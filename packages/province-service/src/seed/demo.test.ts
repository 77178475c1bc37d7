import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFieldCipher } from "../crypto/field-cipher.ts";
import { personIdentifiers } from "../crypto/person-identifiers.ts";
import { protectedPrisma } from "../crypto/protected-prisma.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { generateDemoData, isDatabaseEmpty, reportOf, seedDemoData, type SeedReport } from "./demo.ts";
import { checkSeedInvariants } from "./invariants.ts";

const TODAY = "2026-11-22";
const identifiers = personIdentifiers(createFieldCipher(randomBytes(32)));

async function freshDatabase(): Promise<Database> {
  const db = await openDatabase({ kind: "pglite" });
  await migrate(db.sql);
  return db;
}

async function readBack(db: Database) {
  // Read through the stores' client, which decrypts the people's identifiers.
  const p = protectedPrisma(db.prisma, identifiers);
  return {
    persons: await p.person.findMany(),
    cases: await p.case.findMany(),
    phaseChanges: await p.casePhaseChange.findMany(),
    exploitations: await p.caseExploitation.findMany(),
    consents: (await p.consent.findMany()).map((c) => ({ ...c, caseId: c.caseId! })),
    interviews: await p.interview.findMany(),
    services: await p.serviceDelivery.findMany(),
    legalEvents: await p.legalEvent.findMany(),
    structures: await p.structure.findMany(),
    places: await p.place.findMany(),
    placements: await p.placement.findMany(),
    outings: await p.outreachOuting.findMany(),
    materials: await p.outingMaterial.findMany(),
    trainingEvents: await p.trainingEvent.findMany(),
  };
}

describe("seedDemoData on a migrated in-memory PGlite (Brescia, the biggest province)", () => {
  let db: Database;
  let report: SeedReport;
  let ms: number;

  beforeAll(async () => {
    db = await freshDatabase();
    expect(await isDatabaseEmpty(db.prisma)).toBe(true);
    const started = performance.now();
    report = await seedDemoData(db.prisma, { province: "BS", today: TODAY }, identifiers);
    ms = performance.now() - started;
  }, 120_000);
  afterAll(async () => db?.close());

  it("writes every row the generator made, within every database constraint, in a few seconds", async () => {
    expect(report).toEqual(reportOf(generateDemoData({ province: "BS", today: TODAY })));
    const p = db.prisma;
    expect(await p.person.count()).toBe(report.persons);
    expect(await p.case.count()).toBe(report.cases);
    expect(await p.case.count({ where: { status: "OPEN" } })).toBe(report.openCases);
    expect(await p.casePhaseChange.count()).toBe(report.phaseChanges);
    expect(await p.serviceDelivery.count()).toBe(report.services);
    expect(await p.placement.count({ where: { endOn: null } })).toBe(report.currentPlacements);
    expect(await p.outingMaterial.count()).toBe(report.outingMaterials);
    expect(await p.trainingEvent.count()).toBe(report.trainingEvents);
    expect(report.cases).toBeGreaterThan(300);
    expect(ms).toBeLessThan(15_000); // about 1–2.5 s on a laptop; generous for CI
  });

  it("stores data that keeps every invariant when read back", async () => {
    expect(checkSeedInvariants(await readBack(db), TODAY)).toEqual([]);
  });

  it("stores the people's identifiers encrypted, with their blind indexes, and reads them back as generated", async () => {
    const generated = generateDemoData({ province: "BS", today: TODAY }).persons;
    const raw = await db.sql.query<Record<string, string | null>>(`SELECT * FROM "Person"`);
    const clear = new Map((await readBack(db)).persons.map((p) => [p.id, p]));
    for (const person of generated) {
      expect(clear.get(person.id)).toMatchObject({
        givenName: person.givenName, familyName: person.familyName, alias: person.alias, documentNumber: person.documentNumber, phone: person.phone,
      });
    }
    const byId = new Map(generated.map((p) => [p.id, p]));
    for (const row of raw) {
      const person = byId.get(row.id!)!;
      for (const field of ["givenName", "familyName", "alias", "documentNumber", "phone"] as const) {
        if (person[field] === null) expect(row[field]).toBeNull();
        else expect(row[field]).toMatch(/^v1:/);
      }
      expect(row.familyNameIndex).toBe(identifiers.seal(person.id, person).familyNameIndex);
      expect(row.fullNameIndex).not.toBeNull();
    }
  });

  it("has no overlapping placements per place or per case, and occupancy within capacity (checked in SQL)", async () => {
    const overlaps = await db.sql.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM "Placement" a JOIN "Placement" b
        ON a.id < b.id AND (a."placeId" = b."placeId" OR a."caseId" = b."caseId")
       AND daterange(a."startOn", a."endOn") && daterange(b."startOn", b."endOn")`);
    expect(overlaps[0]!.n).toBe(0);
    const over = await db.sql.query<{ name: string }>(`
      SELECT s.name FROM "Structure" s JOIN "Place" pl ON pl."structureId" = s.id
        LEFT JOIN "Placement" p ON p."placeId" = pl.id AND p."endOn" IS NULL
       GROUP BY s.id, s.name HAVING count(p.id) > count(DISTINCT pl.id)`);
    expect(over).toEqual([]);
    // Occupancy on every first of the month stays within the places.
    const monthly = await db.sql.query<{ day: string; occupied: number; places: number }>(`
      SELECT d::date::text AS day,
             (SELECT count(*)::int FROM "Placement" p WHERE p."startOn" <= d AND (p."endOn" IS NULL OR p."endOn" > d)) AS occupied,
             (SELECT count(*)::int FROM "Place") AS places
        FROM generate_series('2023-01-01'::date, '${TODAY}'::date, interval '1 month') AS d`);
    for (const m of monthly) expect(m.occupied).toBeLessThanOrEqual(m.places);
    expect(Math.max(...monthly.map((m) => m.occupied))).toBeGreaterThan(0);
  });

  it("keeps phase history and case fields consistent (checked in SQL)", async () => {
    const wrong = await db.sql.query<{ reference: string }>(`
      SELECT c.reference FROM "Case" c
        JOIN LATERAL (SELECT phase, "startedOn" FROM "CasePhaseChange" WHERE "caseId" = c.id ORDER BY "startedOn" DESC LIMIT 1) last ON true
        JOIN LATERAL (SELECT min("startedOn") AS first FROM "CasePhaseChange" WHERE "caseId" = c.id) f ON true
       WHERE last.phase <> c.phase OR f.first <> c."openedOn"
          OR (c.status = 'CLOSED' AND (c."closedOn" <= last."startedOn" OR c."exitOutcome" IS NULL))
          OR c."minorAtOpening" <> (c."ageBand" = 'AGE_0_17')`);
    expect(wrong).toEqual([]);
  });

  it("refuses to seed a database that already holds data", async () => {
    expect(await isDatabaseEmpty(db.prisma)).toBe(false);
    await expect(seedDemoData(db.prisma, { province: "BS", today: TODAY }, identifiers)).rejects.toThrow(/already holds data/);
  });
});

describe("seedDemoData failing half-way", () => {
  it("removes what it wrote, so the database is empty again and a restart seeds afresh", async () => {
    const db = await freshDatabase();
    try {
      let transactions = 0;
      const flaky = new Proxy(db.prisma, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target) as unknown;
          if (prop === "$transaction") {
            return (...args: unknown[]) => {
              transactions++;
              if (transactions === 3) return Promise.reject(new Error("disk full (simulated)"));
              return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            };
          }
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      await expect(seedDemoData(flaky, { province: "LC", today: TODAY }, identifiers)).rejects.toThrow(/simulated/);
      expect(await db.prisma.case.count()).toBe(0);
      expect(await db.prisma.casePhaseChange.count()).toBe(0);
      expect(await db.prisma.place.count()).toBe(0);
      expect(await isDatabaseEmpty(db.prisma)).toBe(true);
      const report = await seedDemoData(db.prisma, { province: "LC", today: TODAY }, identifiers);
      expect(await db.prisma.case.count()).toBe(report.cases);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe("seedDemoData determinism (Lodi)", () => {
  it("writes the same counts and the same first records for the same seed", async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const db = await freshDatabase();
      try {
        const report = await seedDemoData(db.prisma, { province: "LO", today: TODAY, seed: 11 }, identifiers);
        const omitStamps = <T extends { createdAt: Date }>(rows: T[]) => rows.map(({ createdAt: _c, ...rest }) => rest);
        const cases = (await db.prisma.case.findMany({ orderBy: { reference: "asc" }, take: 10 })).map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
        // Compared in clear: each run encrypts with fresh nonces, so the stored ciphertexts differ.
        // Plain copies: Prisma marks extended results with a per-object inspect symbol.
        const persons = (await protectedPrisma(db.prisma, identifiers).person.findMany({ orderBy: { id: "asc" }, take: 10 })).map(
          ({ createdAt: _c, updatedAt: _u, ...rest }) => Object.fromEntries(Object.entries(rest)),
        );
        const placements = omitStamps(await db.prisma.placement.findMany({ orderBy: { id: "asc" }, take: 10 }));
        const outings = omitStamps(await db.prisma.outreachOuting.findMany({ orderBy: [{ heldOn: "asc" }, { id: "asc" }], take: 10 }));
        runs.push({ report, cases, persons, placements, outings });
      } finally {
        await db.close();
      }
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]!.cases[0]!.reference).toBe("LO-2023-0001");
  }, 120_000);
});
