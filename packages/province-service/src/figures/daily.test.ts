import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { prismaFiguresStore } from "./figures.store.ts";
import type { Period } from "./period.ts";

/**
 * The pre-aggregated figures ("FiguresDaily", kept by the triggers of migration
 * 20261122080000_figures_daily) against their definition: after every kind of write, the table
 * must equal a full recomputation from the rows, and the figures read from it must equal the
 * figures computed from the tables. Writes are plain SQL here on purpose: the triggers must hold
 * whatever writes, the stores, the seed or a multi-row statement.
 */

const PERIODS: Period[] = [
  { from: "2024-01-01", to: "2024-12-31" },
  { from: "2025-04-01", to: "2025-06-30" },
  { from: "2025-06-15", to: "2025-06-15" },
  { from: "2023-01-01", to: "2026-12-31" },
  { from: "2026-01-01", to: "2026-03-31" },
];

/** Rows of FiguresDaily that differ from a recomputation (empty when consistent). */
async function drift(db: Database): Promise<unknown[]> {
  return db.sql.query(`
    WITH expected AS (
      SELECT metric, day, key, sum(n)::int AS n FROM (
        SELECT c.metric, c.day, c.key, c.n FROM figures_contributions() c
        UNION ALL SELECT c.metric, 'infinity'::date, c.key, c.n FROM figures_contributions() c
      ) x GROUP BY metric, day, key HAVING sum(n) <> 0
    ),
    actual AS (SELECT metric, day, key, n FROM "FiguresDaily" WHERE n <> 0)
    (SELECT 'missing' AS what, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) a)
    UNION ALL
    (SELECT 'extra', * FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) b)
    LIMIT 20`);
}

async function expectConsistent(db: Database, step: string): Promise<void> {
  expect({ step, drift: await drift(db) }).toEqual({ step, drift: [] });
  const daily = prismaFiguresStore(db.prisma, "daily");
  const tables = prismaFiguresStore(db.prisma, "tables");
  for (const period of PERIODS) {
    expect({ step, period, figures: await daily.forPeriod(period) }).toEqual({ step, period, figures: await tables.forPeriod(period) });
  }
}

const uuid = (kind: string, i: string) => `md5('${kind}' || ${i})::uuid`;

/** A small province written with bulk statements (so the statement triggers see many rows at once). */
async function seed(db: Database): Promise<void> {
  await db.sql.exec(`
    SELECT setseed(0.5);
    INSERT INTO "Person" ("id", "givenName", "familyName", "gender", "citizenship", "updatedAt")
      SELECT ${uuid("p", "i")}, 'G', 'F', (ARRAY['WOMAN','MAN','TRANS_NON_BINARY'])[1 + i % 3]::"Gender", (ARRAY['NG','NGA','RO','AL'])[1 + i % 4], now()
      FROM generate_series(1, 120) i;
    INSERT INTO "Case" ("id", "reference", "personId", "status", "openedOn", "closedOn", "exitOutcome", "phase", "referralSource",
                        "identification", "identifiedOn", "ageBand", "minorAtOpening", "openedByTransferId", "updatedAt")
      SELECT ${uuid("c", "i")}, 'T-' || i, ${uuid("p", "i")},
             CASE WHEN i % 3 = 0 THEN 'CLOSED' ELSE 'OPEN' END::"CaseStatus",
             DATE '2024-01-01' + (i * 7) % 700,
             CASE WHEN i % 3 = 0 THEN DATE '2024-01-01' + (i * 7) % 700 + (i % 5) * 40 END,
             CASE WHEN i % 3 = 0 THEN (ARRAY['AUTONOMY','TRANSFERRED','DROPPED_OUT'])[1 + i % 3]::"ExitOutcome" END,
             (ARRAY['FIRST_CONTACT','IDENTIFICATION','RESIDENTIAL_RECEPTION'])[1 + i % 3]::"CasePhase",
             (ARRAY['POLICE','CAS','STREET_UNIT'])[1 + i % 3]::"ReferralSource",
             CASE WHEN i % 2 = 0 THEN 'IDENTIFIED' ELSE 'PENDING' END::"IdentificationOutcome",
             CASE WHEN i % 2 = 0 THEN DATE '2024-01-01' + (i * 7) % 700 END,
             (ARRAY['AGE_18_20','AGE_21_25','AGE_0_17'])[1 + i % 3]::"AgeBand", false,
             CASE WHEN i % 10 = 0 THEN gen_random_uuid() END, now()
      FROM generate_series(1, 120) i;
    -- several changes per case, some on the same day (the one recorded last wins), some before opening
    INSERT INTO "CasePhaseChange" ("id", "caseId", "phase", "startedOn", "createdAt")
      SELECT gen_random_uuid(), c."id", (ARRAY['FIRST_CONTACT','IDENTIFICATION','IMMEDIATE_PROTECTION','RESIDENTIAL_RECEPTION'])[1 + (k + n) % 4]::"CasePhase",
             c."openedOn" + (k / 2) * 30 - (CASE WHEN n % 7 = 0 THEN 3 ELSE 0 END), now() + k * interval '1 second'
      FROM (SELECT "id", "openedOn", row_number() OVER (ORDER BY "reference")::int AS n FROM "Case") c, generate_series(0, n % 5) k;
    INSERT INTO "CaseExploitation" ("caseId", "type")
      SELECT "id", 'SEXUAL'::"ExploitationType" FROM "Case" UNION ALL SELECT "id", 'BEGGING'::"ExploitationType" FROM "Case" WHERE "reference" LIKE '%5';
    INSERT INTO "Interview" ("id", "caseId", "heldOn", "sequence", "withMediator")
      SELECT gen_random_uuid(), c."id", c."openedOn" + (s * 11) % 40, s, true
      FROM "Case" c, generate_series(1, 1 + abs(hashtext(c."reference")) % 4) s;
    INSERT INTO "OutreachOuting" ("id", "kind", "heldOn", "area", "operators", "contacts", "newContacts", "accompaniments")
      SELECT gen_random_uuid(), 'STREET_UNIT', DATE '2024-01-01' + i * 3, 'A', 2, i % 9, 0, i % 2 FROM generate_series(1, 200) i;
    INSERT INTO "LegalEvent" ("id", "caseId", "kind", "occurredOn", "permitType")
      SELECT gen_random_uuid(), "id", 'PERMIT_REQUESTED'::"LegalEventKind", "openedOn" + 20, 'ART_18'::"PermitType" FROM "Case" WHERE "reference" LIKE '%2'
      UNION ALL SELECT gen_random_uuid(), "id", 'PERMIT_GRANTED'::"LegalEventKind", "openedOn" + 90, 'ART_18'::"PermitType" FROM "Case" WHERE "reference" LIKE '%4'
      UNION ALL SELECT gen_random_uuid(), "id", 'COMPLAINT_FILED'::"LegalEventKind", "openedOn" + 5, NULL FROM "Case" WHERE "reference" LIKE '%6';
    INSERT INTO "ServiceDelivery" ("id", "caseId", "kind", "deliveredOn")
      SELECT gen_random_uuid(), "id", (ARRAY['JOB_PLACEMENT','HEALTH'])[1 + abs(hashtext("reference")) % 2]::"ServiceKind", "openedOn" + 60 FROM "Case";
    INSERT INTO "TrainingEvent" ("id", "kind", "audience", "heldOn", "title", "participants")
      SELECT gen_random_uuid(), 'TRAINING', 'POLICE', DATE '2024-02-01' + i * 20, 'T', 10 + i FROM generate_series(1, 30) i;
    INSERT INTO "Structure" ("id", "name", "type", "municipality")
      SELECT ${uuid("s", "i")}, 'S' || i, (ARRAY['EMERGENCY_SHELTER','RESIDENTIAL_COMMUNITY','HOUSING'])[i]::"StructureType", 'M' FROM generate_series(1, 3) i;
    INSERT INTO "Place" ("id", "structureId", "label", "target", "active")
      SELECT ${uuid("pl", "i")}, ${uuid("s", "(1 + i % 3)::text")}, 'P' || i, (ARRAY['WOMEN','MEN'])[1 + i % 2]::"PlaceTarget", i % 9 <> 0
      FROM generate_series(1, 24) i;
    -- back-to-back stays per place; the last one is still running
    INSERT INTO "Placement" ("id", "caseId", "placeId", "startOn", "endOn")
      SELECT gen_random_uuid(), ${uuid("c", "(1 + (i * 5 + k) % 120)::text")}, ${uuid("pl", "i::text")},
             DATE '2024-01-01' + k * 150 + i, CASE WHEN k < 3 THEN DATE '2024-01-01' + (k + 1) * 150 + i END
      FROM generate_series(1, 24) i, generate_series(0, 3) k;
  `);
}

describe("pre-aggregated daily figures", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
  });
  afterAll(async () => db?.close());

  it("start empty and follow bulk inserts of every kind", async () => {
    expect(await db.sql.query(`SELECT * FROM "FiguresDaily"`)).toEqual([]);
    await seed(db);
    expect((await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "FiguresDaily"`))[0]!.n).toBeGreaterThan(100);
    await expectConsistent(db, "seed");
  });

  it.each([
    ["a case reopened, moved and re-dated", `UPDATE "Case" SET "status" = 'OPEN', "closedOn" = NULL, "exitOutcome" = NULL, "openedOn" = "openedOn" - 45 WHERE "reference" IN ('T-3', 'T-9')`],
    ["cases closed", `UPDATE "Case" SET "status" = 'CLOSED', "closedOn" = "openedOn" + 200, "exitOutcome" = 'TRANSFERRED' WHERE "reference" LIKE 'T-1%' AND "status" = 'OPEN'`],
    ["a case closed on its opening day", `UPDATE "Case" SET "status" = 'CLOSED', "closedOn" = "openedOn", "exitOutcome" = 'AUTONOMY' WHERE "reference" = 'T-7'`],
    ["identification and referral changed", `UPDATE "Case" SET "identification" = 'IDENTIFIED', "identifiedOn" = "openedOn" + 3, "referralSource" = 'NUMERO_VERDE', "ageBand" = 'AGE_41_PLUS' WHERE "reference" LIKE '%1'`],
    ["the current phase changed on a case without history", `DELETE FROM "CasePhaseChange" WHERE "caseId" = md5('c' || 8)::uuid; UPDATE "Case" SET "phase" = 'SEMI_AUTONOMY' WHERE "reference" = 'T-8'`],
    ["phase changes added in one statement", `INSERT INTO "CasePhaseChange" ("id", "caseId", "phase", "startedOn") SELECT gen_random_uuid(), "id", 'TERRITORIAL_CARE'::"CasePhase", "openedOn" + 400 FROM "Case" UNION ALL SELECT gen_random_uuid(), "id", 'SEMI_AUTONOMY'::"CasePhase", "openedOn" + 400 FROM "Case" WHERE "reference" LIKE '%3'`],
    ["phase changes moved", `UPDATE "CasePhaseChange" SET "startedOn" = "startedOn" + 17 WHERE "phase" = 'IDENTIFICATION'`],
    ["phase changes deleted", `DELETE FROM "CasePhaseChange" WHERE "phase" = 'FIRST_CONTACT' AND "caseId" IN (SELECT "id" FROM "Case" WHERE "reference" LIKE '%2')`],
    ["a person's gender and citizenship corrected", `UPDATE "Person" SET "gender" = 'WOMAN', "citizenship" = 'BR' WHERE "id" IN (md5('p' || 4)::uuid, md5('p' || 5)::uuid)`],
    ["a case moved to another person", `UPDATE "Case" SET "personId" = md5('p' || 1)::uuid, "status" = 'CLOSED', "closedOn" = "openedOn" + 1, "exitOutcome" = 'AUTONOMY' WHERE "reference" = 'T-2'`],
    ["exploitation types added and removed", `INSERT INTO "CaseExploitation" ("caseId", "type") SELECT "id", 'LABOUR_AGRICULTURE' FROM "Case" WHERE "reference" LIKE '%7'; DELETE FROM "CaseExploitation" WHERE "type" = 'BEGGING' AND "caseId" = md5('c' || 15)::uuid`],
    ["interviews added on the same and other days", `INSERT INTO "Interview" ("id", "caseId", "heldOn", "sequence", "withMediator") SELECT gen_random_uuid(), i."caseId", max(i."heldOn") + (count(*) % 2)::int * 9, 5, false FROM "Interview" i GROUP BY i."caseId" HAVING max(i."sequence") < 5`],
    ["interviews moved", `UPDATE "Interview" SET "heldOn" = "heldOn" + 100 WHERE "sequence" = 2`],
    ["interviews deleted", `DELETE FROM "Interview" WHERE "sequence" IN (1, 3)`],
    ["outings changed and deleted", `UPDATE "OutreachOuting" SET "contacts" = "contacts" + 5, "heldOn" = "heldOn" + 1 WHERE "contacts" > 4; DELETE FROM "OutreachOuting" WHERE "accompaniments" = 1 AND "contacts" < 3`],
    ["legal events, services and training changed", `UPDATE "LegalEvent" SET "kind" = 'PERMIT_GRANTED' WHERE "kind" = 'PERMIT_REQUESTED' AND "occurredOn" < '2025-01-01'; UPDATE "ServiceDelivery" SET "kind" = 'JOB_PLACEMENT', "deliveredOn" = "deliveredOn" - 30 WHERE "kind" = 'HEALTH'; DELETE FROM "TrainingEvent" WHERE "participants" > 30; UPDATE "TrainingEvent" SET "participants" = 1`],
    ["placements ended, moved and removed", `UPDATE "Placement" SET "endOn" = "startOn" + 20 WHERE "endOn" IS NULL AND "placeId" = md5('pl' || 3)::uuid; UPDATE "Placement" SET "startOn" = "startOn" - 10 WHERE "startOn" > '2025-01-01' AND "endOn" IS NOT NULL; DELETE FROM "Placement" WHERE "placeId" = md5('pl' || 5)::uuid`],
    ["places deactivated, retargeted and moved", `UPDATE "Place" SET "active" = NOT "active" WHERE "label" IN ('P2', 'P9'); UPDATE "Place" SET "target" = 'TRANS' WHERE "label" = 'P4'; UPDATE "Place" SET "structureId" = md5('s' || 3)::uuid WHERE "label" = 'P6'`],
    ["a structure retyped and closed", `UPDATE "Structure" SET "type" = 'SEMI_AUTONOMY' WHERE "name" = 'S1'; UPDATE "Structure" SET "active" = false WHERE "name" = 'S2'`],
    ["a new place", `INSERT INTO "Place" ("id", "structureId", "label", "target") VALUES (gen_random_uuid(), md5('s' || 1)::uuid, 'P99', 'MINORS')`],
    ["cases deleted with everything they own", `DELETE FROM "Placement" WHERE "caseId" IN (SELECT "id" FROM "Case" WHERE "reference" LIKE '%0'); DELETE FROM "Case" WHERE "reference" LIKE '%0'`],
  ])("stay exact after %s", async (step, sql) => {
    await db.sql.exec(sql);
    await expectConsistent(db, step);
  });

  it("roll back with the transaction that wrote them", async () => {
    const before = await db.sql.query(`SELECT * FROM "FiguresDaily" ORDER BY metric, day, key`);
    await db.sql.exec(`BEGIN; UPDATE "Case" SET "openedOn" = "openedOn" - 1; DELETE FROM "OutreachOuting";`);
    await db.sql.exec(`ROLLBACK`);
    expect(await db.sql.query(`SELECT * FROM "FiguresDaily" ORDER BY metric, day, key`)).toEqual(before);
  });

  it("are rebuilt from the tables by figures_rebuild()", async () => {
    await db.sql.exec(`UPDATE "FiguresDaily" SET "n" = "n" + 1 WHERE "metric" = 'open'`);
    expect((await drift(db)).length).toBeGreaterThan(0);
    await db.sql.exec(`SELECT figures_rebuild()`);
    await expectConsistent(db, "rebuild");
  });

  it("read few rows for a recent period, whatever the number of cases (EXPLAIN)", async () => {
    const plan = (await db.sql.query<{ "QUERY PLAN": string }>(
      `EXPLAIN SELECT sum("n") FROM "FiguresDaily" WHERE "metric" IN ('open:byGender', 'open:byAgeBand') AND "day" > '2026-03-31'::date`,
    ))
      .map((r) => r["QUERY PLAN"])
      .join("\n");
    expect(plan).toMatch(/FiguresDaily_pkey/);
  });
});
