import type { FigureCounter, ProvinceFigures } from "@regional/schema";
import type { PrismaClient } from "../db/database.ts";
import { placeTotals, toBreakdowns, toCapacityFigures, type BreakdownRow, type CapacityRow } from "./aggregate.ts";
import type { Period } from "./period.ts";

export type { Period } from "./period.ts";

/** The province's exact figures for a period: the only thing the federation API serves. */
export interface FiguresStore {
  forPeriod(period: Period): Promise<ProvinceFigures>;
}

type EventCounter = Exclude<FigureCounter, "placesTotal" | "placesOccupied" | "placesFree">;

/**
 * Every figure is computed by the database with three aggregate queries (counters, breakdowns,
 * capacity); no row about a person is ever loaded here. The definitions are those of
 * FIGURE_COUNTERS / FIGURE_BREAKDOWNS in @regional/schema and of period.ts. Days are compared as
 * SQL dates; `from` and `to` are already validated YYYY-MM-DD strings.
 */
export function prismaFiguresStore(prisma: PrismaClient): FiguresStore {
  return {
    forPeriod: async ({ from, to }) => {
      // One snapshot for the three queries, so that e.g. a case closed meanwhile cannot be
      // counted as active in one figure and closed in another.
      const [[counters], breakdownRows, capacityRows] = await prisma.$transaction(
        [
          prisma.$queryRaw<Record<EventCounter, number>[]>`
            WITH
              outreach AS (
                SELECT count(*)::int AS "outings",
                       coalesce(sum("contacts"), 0)::int AS "contacts",
                       coalesce(sum("accompaniments"), 0)::int AS "accompaniments"
                FROM "OutreachOuting"
                WHERE "heldOn" BETWEEN ${from}::date AND ${to}::date
              ),
              -- New and closed cases are active in the period too (closedOn >= openedOn is a CHECK),
              -- so one pass over the active cases gives the three case counters.
              cases AS (
                SELECT count(*)::int AS "activeCases",
                       count(*) FILTER (WHERE "openedOn" >= ${from}::date AND "openedByTransferId" IS NULL)::int AS "newCases",
                       count(*) FILTER (WHERE "closedOn" <= ${to}::date)::int AS "closedCases"
                FROM "Case"
                WHERE "openedOn" <= ${to}::date AND ("closedOn" IS NULL OR "closedOn" >= ${from}::date)
              ),
              identified AS (
                SELECT count(*)::int AS "personsIdentified"
                FROM "Case"
                WHERE "identification" = 'IDENTIFIED' AND "identifiedOn" BETWEEN ${from}::date AND ${to}::date
              ),
              assessed AS (
                SELECT count(DISTINCT "caseId")::int AS "personsAssessed"
                FROM "Interview"
                WHERE "heldOn" BETWEEN ${from}::date AND ${to}::date
              ),
              permits AS (
                SELECT count(*) FILTER (WHERE "kind" = 'PERMIT_REQUESTED')::int AS "permitsRequested",
                       count(*) FILTER (WHERE "kind" = 'PERMIT_GRANTED')::int AS "permitsGranted"
                FROM "LegalEvent"
                WHERE "kind" IN ('PERMIT_REQUESTED', 'PERMIT_GRANTED') AND "occurredOn" BETWEEN ${from}::date AND ${to}::date
              ),
              jobs AS (
                SELECT count(*)::int AS "jobPlacements"
                FROM "ServiceDelivery"
                WHERE "kind" = 'JOB_PLACEMENT' AND "deliveredOn" BETWEEN ${from}::date AND ${to}::date
              ),
              training AS (
                SELECT count(*)::int AS "trainingEvents", coalesce(sum("participants"), 0)::int AS "trainingParticipants"
                FROM "TrainingEvent"
                WHERE "heldOn" BETWEEN ${from}::date AND ${to}::date
              )
            SELECT * FROM outreach, cases, identified, assessed, permits, jobs, training`,
          prisma.$queryRaw<BreakdownRow[]>`
            WITH active AS (
              SELECT c."id", c."ageBand", c."referralSource", c."closedOn", c."exitOutcome", p."gender", p."citizenship",
                     -- Phase at the end of the period, or at closing for a case closed within it
                     -- (LEAST ignores a null closedOn). No history by then: the current phase.
                     coalesce(
                       (SELECT h."phase" FROM "CasePhaseChange" h
                        WHERE h."caseId" = c."id" AND h."startedOn" <= LEAST(c."closedOn", ${to}::date)
                        ORDER BY h."startedOn" DESC, h."createdAt" DESC, h."id" DESC
                        LIMIT 1),
                       c."phase"
                     ) AS "phase"
              FROM "Case" c
              JOIN "Person" p ON p."id" = c."personId"
              WHERE c."openedOn" <= ${to}::date AND (c."closedOn" IS NULL OR c."closedOn" >= ${from}::date)
            )
            SELECT 'byPhase' AS "breakdown", "phase"::text AS "key", count(*)::int AS "count" FROM active GROUP BY "phase"
            UNION ALL
            SELECT 'byGender', "gender"::text, count(*)::int FROM active GROUP BY "gender"
            UNION ALL
            SELECT 'byAgeBand', "ageBand"::text, count(*)::int FROM active GROUP BY "ageBand"
            UNION ALL
            -- grouped as stored; toBreakdowns merges the alpha-2 and alpha-3 spellings of a country
            SELECT 'byCitizenship', "citizenship", count(*)::int FROM active GROUP BY "citizenship"
            UNION ALL
            SELECT 'byExploitationType', e."type"::text, count(*)::int
            FROM active a JOIN "CaseExploitation" e ON e."caseId" = a."id" GROUP BY e."type"
            UNION ALL
            SELECT 'byReferralSource', "referralSource"::text, count(*)::int FROM active GROUP BY "referralSource"
            UNION ALL
            SELECT 'exitsByOutcome', "exitOutcome"::text, count(*)::int
            FROM active WHERE "closedOn" <= ${to}::date AND "exitOutcome" IS NOT NULL GROUP BY "exitOutcome"`,
          prisma.$queryRaw<CapacityRow[]>`
            SELECT "structureType", "target", count(*)::int AS "total", count(*) FILTER (WHERE "occupied")::int AS "occupied"
            FROM (
              SELECT s."type"::text AS "structureType", pl."target"::text AS "target",
                     -- Occupied at the end of the period: a placement started by then, not yet left
                     -- (endOn is the day the person left, so endOn = to means free on to).
                     EXISTS (
                       SELECT 1 FROM "Placement" pm
                       WHERE pm."placeId" = pl."id" AND pm."startOn" <= ${to}::date
                         AND (pm."endOn" IS NULL OR pm."endOn" > ${to}::date)
                     ) AS "occupied"
              FROM "Place" pl
              JOIN "Structure" s ON s."id" = pl."structureId"
              WHERE pl."active" AND s."active"
            ) places
            GROUP BY "structureType", "target"`,
        ],
        { isolationLevel: "RepeatableRead" },
      );
      if (!counters) throw new Error("figures: the counters query returned no row");
      const places = toCapacityFigures(capacityRows);
      return { ...counters, ...placeTotals(places), ...toBreakdowns(breakdownRows), places };
    },
  };
}
