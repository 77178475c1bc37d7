/**
 * The figures of a period as plain SQL ($1 = from, $2 = to, both YYYY-MM-DD; capacity: $1 = to).
 * Plain strings, so the same text runs through Prisma, on a bare PGlite or pg connection, or in
 * another schema (the benchmark's centralised baseline).
 *
 * Two versions that must always agree (figures.test.ts checks it on hand-made and random data):
 *  - TABLES_*: the definition, straight from the province's tables. Its cost grows with the
 *    number of cases active in the period (a phase lookup per case).
 *  - DAILY_*: what the service runs, from "FiguresDaily" (see the migration
 *    20261122080000_figures_daily): counts per day and category kept by triggers in the same
 *    transaction as every write. A count over [from, to] sums those days; a count "as of day D"
 *    (cases active, phase at the end of the period, occupied places) is the running total minus
 *    the days after D. Its cost grows with the days after the period, not with the data.
 */

/** Sum of a metric's days in [$1, $2]. */
const inPeriod = (metric: string) =>
  `(SELECT coalesce(sum("n"), 0) FROM "FiguresDaily" WHERE "metric" = '${metric}' AND "day" BETWEEN $1::date AND $2::date)`;
/** A metric counted up to and including `day`: its total (day 'infinity') less the days after. */
const asOf = (metric: string, day: string) =>
  `(SELECT coalesce(sum(CASE WHEN "day" = 'infinity' THEN "n" ELSE -"n" END), 0) FROM "FiguresDaily" WHERE "metric" = '${metric}' AND "day" > ${day})`;

export const DAILY_COUNTERS_SQL = /* SQL */ `
    SELECT ${inPeriod("outings")}::int AS "outings",
           ${inPeriod("contacts")}::int AS "contacts",
           ${inPeriod("accompaniments")}::int AS "accompaniments",
           -- opened by the end of the period, less closed before it began
           (${asOf("open", "$2::date")} - ${asOf("close", "$1::date - 1")})::int AS "activeCases",
           ${inPeriod("new")}::int AS "newCases",
           ${inPeriod("close")}::int AS "closedCases",
           ${inPeriod("transferIn")}::int AS "transfersIn",
           (SELECT coalesce(sum("n"), 0) FROM "FiguresDaily"
             WHERE "metric" = 'exit' AND "key" = 'TRANSFERRED' AND "day" BETWEEN $1::date AND $2::date)::int AS "transfersOut",
           ${inPeriod("identified")}::int AS "personsIdentified",
           -- a case's first interview day in the period: its previous one (the key) is before it, or none
           (SELECT coalesce(sum("n"), 0) FROM "FiguresDaily"
             WHERE "metric" = 'assess' AND "day" BETWEEN $1::date AND $2::date AND ("key" = '' OR "key" < to_char($1::date, 'YYYY-MM-DD')))::int AS "personsAssessed",
           ${inPeriod("permitsRequested")}::int AS "permitsRequested",
           ${inPeriod("permitsGranted")}::int AS "permitsGranted",
           ${inPeriod("jobPlacements")}::int AS "jobPlacements",
           ${inPeriod("trainingEvents")}::int AS "trainingEvents",
           ${inPeriod("trainingParticipants")}::int AS "trainingParticipants"`;

const ACTIVE_BREAKDOWNS = ["byGender", "byAgeBand", "byCitizenship", "byExploitationType", "byReferralSource"];
const list = (prefix: string) => ACTIVE_BREAKDOWNS.map((b) => `'${prefix}:${b}'`).join(", ");

export const DAILY_BREAKDOWNS_SQL = /* SQL */ `
    SELECT "breakdown", "key", sum("n")::int AS "count"
    FROM (
      -- active cases by category: opened by the end of the period…
      SELECT substr("metric", 6) AS "breakdown", "key", CASE WHEN "day" = 'infinity' THEN "n" ELSE -"n" END AS "n"
      FROM "FiguresDaily" WHERE "metric" IN (${list("open")}) AND "day" > $2::date
      UNION ALL
      -- …less those closed before it began
      SELECT substr("metric", 7), "key", CASE WHEN "day" = 'infinity' THEN -"n" ELSE "n" END
      FROM "FiguresDaily" WHERE "metric" IN (${list("close")}) AND "day" >= $1::date
      UNION ALL
      -- phase at the end of the period of the cases still open then…
      SELECT 'byPhase', "key", CASE WHEN "day" = 'infinity' THEN "n" ELSE -"n" END
      FROM "FiguresDaily" WHERE "metric" = 'phase' AND "day" > $2::date
      UNION ALL
      -- …and at closing of those closed within it
      SELECT 'byPhase', "key", "n" FROM "FiguresDaily" WHERE "metric" = 'closephase' AND "day" BETWEEN $1::date AND $2::date
      UNION ALL
      SELECT 'exitsByOutcome', "key", "n" FROM "FiguresDaily" WHERE "metric" = 'exit' AND "day" BETWEEN $1::date AND $2::date
    ) parts
    GROUP BY "breakdown", "key"
    HAVING sum("n") <> 0`;

/**
 * Capacity at the end of the period: $1 = to. Places held for an incoming transfer (and not
 * occupied) are read from the transfers themselves: a handful of rows, whatever the data size.
 */
export const DAILY_CAPACITY_SQL = /* SQL */ `
    SELECT split_part("key", '|', 1) AS "structureType", split_part("key", '|', 2) AS "target",
           sum("total")::int AS "total", sum("occupied")::int AS "occupied", sum("held")::int AS "held"
    FROM (
      SELECT "key", CASE WHEN "metric" = 'places' THEN "n" ELSE 0 END AS "total", CASE WHEN "metric" = 'occupied' THEN "n" ELSE 0 END AS "occupied", 0 AS "held"
      FROM (
        SELECT "metric", "key", CASE WHEN "day" = 'infinity' THEN "n" ELSE -"n" END AS "n"
        FROM "FiguresDaily" WHERE "metric" IN ('places', 'occupied') AND "day" > $1::date
      ) daily
      UNION ALL
      SELECT s."type"::text || '|' || pl."target"::text, 0, 0, 1
      FROM (
        SELECT DISTINCT t."heldPlaceId" AS "id" FROM "Transfer" t
        WHERE t."heldPlaceId" IS NOT NULL AND t."holdFrom" <= $1::date AND (t."holdReleasedOn" IS NULL OR t."holdReleasedOn" > $1::date)
      ) held
      JOIN "Place" pl ON pl."id" = held."id"
      JOIN "Structure" s ON s."id" = pl."structureId"
      WHERE pl."active" AND s."active"
        AND NOT EXISTS (
          SELECT 1 FROM "Placement" pm
          WHERE pm."placeId" = pl."id" AND pm."startOn" <= $1::date AND (pm."endOn" IS NULL OR pm."endOn" > $1::date)
        )
    ) x
    GROUP BY "key"`;

/**
 * The three daily queries as one statement (one snapshot by construction, one round trip instead
 * of BEGIN, three queries and COMMIT through the driver): $1 = from, $2 = to. Each part comes back
 * as JSON in the shape of the separate queries.
 */
export const DAILY_FIGURES_SQL = /* SQL */ `
    SELECT (SELECT row_to_json(c) FROM (${DAILY_COUNTERS_SQL}) c) AS "counters",
           (SELECT coalesce(json_agg(b), '[]'::json) FROM (${DAILY_BREAKDOWNS_SQL}) b) AS "breakdowns",
           (SELECT coalesce(json_agg(k), '[]'::json) FROM (${DAILY_CAPACITY_SQL.replaceAll("$1::date", "$2::date")}) k) AS "capacity"`;

export const TABLES_COUNTERS_SQL = /* SQL */ `
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

export const TABLES_BREAKDOWNS_SQL = /* SQL */ `
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
export const TABLES_CAPACITY_SQL = /* SQL */ `
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
