/**
 * The exact figures of a period as plain SQL over the province's own tables ($1 = from, $2 = to,
 * both YYYY-MM-DD). The definitions are those of FIGURE_COUNTERS / FIGURE_BREAKDOWNS in
 * @regional/schema and of period.ts. Plain strings, so the same text runs through Prisma, on a
 * bare PGlite or pg connection, or in another schema (the benchmark's centralised baseline).
 */
export const COUNTERS_SQL = /* SQL */ `
    WITH
      outreach AS (
        SELECT count(*)::int AS "outings",
               coalesce(sum("contacts"), 0)::int AS "contacts",
               coalesce(sum("accompaniments"), 0)::int AS "accompaniments"
        FROM "OutreachOuting"
        WHERE "heldOn" BETWEEN $1::date AND $2::date
      ),
      -- New and closed cases are active in the period too (closedOn >= openedOn is a CHECK),
      -- so one pass over the active cases gives the three case counters.
      cases AS (
        SELECT count(*)::int AS "activeCases",
               count(*) FILTER (WHERE "openedOn" >= $1::date AND "openedByTransferId" IS NULL)::int AS "newCases",
               count(*) FILTER (WHERE "closedOn" <= $2::date)::int AS "closedCases",
               -- A transfer opens a case at the arrival (openedByTransferId) and closes the
               -- sending province's case as TRANSFERRED on the same day.
               count(*) FILTER (WHERE "openedOn" >= $1::date AND "openedByTransferId" IS NOT NULL)::int AS "transfersIn",
               count(*) FILTER (WHERE "closedOn" <= $2::date AND "exitOutcome" = 'TRANSFERRED')::int AS "transfersOut"
        FROM "Case"
        WHERE "openedOn" <= $2::date AND ("closedOn" IS NULL OR "closedOn" >= $1::date)
      ),
      identified AS (
        SELECT count(*)::int AS "personsIdentified"
        FROM "Case"
        WHERE "identification" = 'IDENTIFIED' AND "identifiedOn" BETWEEN $1::date AND $2::date
      ),
      assessed AS (
        SELECT count(DISTINCT "caseId")::int AS "personsAssessed"
        FROM "Interview"
        WHERE "heldOn" BETWEEN $1::date AND $2::date
      ),
      permits AS (
        SELECT count(*) FILTER (WHERE "kind" = 'PERMIT_REQUESTED')::int AS "permitsRequested",
               count(*) FILTER (WHERE "kind" = 'PERMIT_GRANTED')::int AS "permitsGranted"
        FROM "LegalEvent"
        WHERE "kind" IN ('PERMIT_REQUESTED', 'PERMIT_GRANTED') AND "occurredOn" BETWEEN $1::date AND $2::date
      ),
      jobs AS (
        SELECT count(*)::int AS "jobPlacements"
        FROM "ServiceDelivery"
        WHERE "kind" = 'JOB_PLACEMENT' AND "deliveredOn" BETWEEN $1::date AND $2::date
      ),
      training AS (
        SELECT count(*)::int AS "trainingEvents", coalesce(sum("participants"), 0)::int AS "trainingParticipants"
        FROM "TrainingEvent"
        WHERE "heldOn" BETWEEN $1::date AND $2::date
      )
    SELECT * FROM outreach, cases, identified, assessed, permits, jobs, training`;

export const BREAKDOWNS_SQL = /* SQL */ `
    WITH active AS (
      SELECT c."id", c."ageBand", c."referralSource", c."closedOn", c."exitOutcome", p."gender", p."citizenship",
             -- Phase at the end of the period, or at closing for a case closed within it
             -- (LEAST ignores a null closedOn). No history by then: the current phase.
             coalesce(
               (SELECT h."phase" FROM "CasePhaseChange" h
                WHERE h."caseId" = c."id" AND h."startedOn" <= LEAST(c."closedOn", $2::date)
                ORDER BY h."startedOn" DESC, h."createdAt" DESC, h."id" DESC
                LIMIT 1),
               c."phase"
             ) AS "phase"
      FROM "Case" c
      JOIN "Person" p ON p."id" = c."personId"
      WHERE c."openedOn" <= $2::date AND (c."closedOn" IS NULL OR c."closedOn" >= $1::date)
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
    FROM active WHERE "closedOn" <= $2::date AND "exitOutcome" IS NOT NULL GROUP BY "exitOutcome"`;

/** Capacity at the end of the period: $1 = to (the only day it depends on). */
export const CAPACITY_SQL = /* SQL */ `
    SELECT "structureType", "target", count(*)::int AS "total", count(*) FILTER (WHERE "occupied")::int AS "occupied",
           -- A place held for an incoming transfer is not free; if it is occupied anyway it counts once, as occupied.
           count(*) FILTER (WHERE "held" AND NOT "occupied")::int AS "held"
    FROM (
      SELECT s."type"::text AS "structureType", pl."target"::text AS "target",
             -- Occupied at the end of the period: a placement started by then, not yet left
             -- (endOn is the day the person left, so endOn = to means free on to).
             EXISTS (
               SELECT 1 FROM "Placement" pm
               WHERE pm."placeId" = pl."id" AND pm."startOn" <= $1::date
                 AND (pm."endOn" IS NULL OR pm."endOn" > $1::date)
             ) AS "occupied",
             EXISTS (
               SELECT 1 FROM "Transfer" t
               WHERE t."heldPlaceId" = pl."id" AND t."holdFrom" <= $1::date
                 AND (t."holdReleasedOn" IS NULL OR t."holdReleasedOn" > $1::date)
             ) AS "held"
      FROM "Place" pl
      JOIN "Structure" s ON s."id" = pl."structureId"
      WHERE pl."active" AND s."active"
    ) places
    GROUP BY "structureType", "target"`;
