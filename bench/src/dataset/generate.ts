/**
 * Bulk synthetic data for the benchmarks, written by the database itself (INSERT … SELECT over
 * generate_series): 10^6 cases per province in minutes, where the demo seed (which simulates every
 * path in JavaScript and ships rows as JSON) needs ~0.3 ms per case and all of them in memory.
 *
 * Ratios per case follow the demo seed of one province (generateDemoData, scale 1: 405 cases,
 * 767 phase changes, 755 interviews, 368 legal events, 51 places, 648 outings with 5,664
 * contacts), so "10^5 cases" also means proportional outreach contacts, places and events.
 * Services delivered are 3 per case instead of the seed's 8.6 (only job placements are figures;
 * the rest only makes the table bigger). Values are uniform or simply skewed, not a model of the
 * programme: the point is realistic sizes, dates spread over four years, and every figure non-zero.
 *
 * Deterministic: setseed() fixes random() for the whole script, and ids are md5 of a label.
 */

/** Days are drawn from DATA_START .. DATA_END (the day before the benchmark's "today"). */
export const DATA_START = "2023-01-01";
export const DATA_END = "2026-11-21";

export interface GenerateOptions {
  cases: number;
  /** Distinguishes ids and references between provinces that share one database (centralised baseline). */
  label: string;
  /** 0..1 */
  seed?: number;
}

/** Rows per case of each table (approximate), for the report. */
export const RATIOS = {
  phaseChanges: 1.9,
  exploitations: 1.1,
  interviews: 1.9,
  services: 3,
  legalEvents: 0.9,
  places: 0.126,
  outings: 1.6,
  contactsPerOuting: 8.7,
  trainingEvents: 0.08,
} as const;

const arr = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(",")}]`;
/** A uniformly drawn element of a text array, cast to an enum type. */
const pick = (values: readonly string[], type?: string) =>
  `(${arr(values)})[1 + floor(random() * ${values.length})::int]${type ? `::"${type}"` : ""}`;

const GENDERS = ["WOMAN", "WOMAN", "WOMAN", "WOMAN", "MAN", "MAN", "TRANS_NON_BINARY"];
const AGE_BANDS = ["AGE_0_17", "AGE_18_20", "AGE_21_25", "AGE_21_25", "AGE_26_30", "AGE_26_30", "AGE_31_40", "AGE_41_PLUS", "UNKNOWN"];
const PHASES = ["FIRST_CONTACT", "IDENTIFICATION", "IMMEDIATE_PROTECTION", "RESIDENTIAL_RECEPTION", "SEMI_AUTONOMY", "TERRITORIAL_CARE"];
const EXITS = ["AUTONOMY", "ASSISTED_VOLUNTARY_RETURN", "OTHER_PROGRAMME", "TRANSFERRED", "DROPPED_OUT", "NOT_IDENTIFIED"];
const EXPLOITATIONS = [
  "SEXUAL", "LABOUR_AGRICULTURE", "LABOUR_CONSTRUCTION", "LABOUR_CATERING", "LABOUR_DOMESTIC_CARE", "LABOUR_OTHER", "BEGGING",
  "FORCED_ILLEGAL_ACTIVITIES", "FORCED_MARRIAGE",
];
const REFERRALS = [
  "STREET_UNIT", "DROP_IN", "NUMERO_VERDE", "COMMISSIONE_TERRITORIALE", "CAS", "POLICE", "HEALTH_SOCIAL_SERVICES", "SELF_REFERRAL", "OTHER_PROVINCE",
];
const CITIZENSHIPS = ["NG", "NG", "NG", "RO", "RO", "AL", "MA", "PK", "BD", "CN", "BR", "CO", "UA", "GH", "CI", "SN", "EG", "IN", "PE", "NGA", "ROU", "TN"];
const SERVICES = ["HEALTH", "LEGAL", "PSYCHOLOGICAL", "CULTURAL_MEDIATION", "LANGUAGE_COURSE", "VOCATIONAL_TRAINING", "JOB_PLACEMENT", "HOUSING_SUPPORT", "ACCOMPANIMENT"];
const STRUCTURE_TYPES = ["EMERGENCY_SHELTER", "RESIDENTIAL_COMMUNITY", "RESIDENTIAL_COMMUNITY", "SEMI_AUTONOMY", "HOUSING"];
const TARGETS = ["WOMEN", "WOMEN", "WOMEN", "MEN", "TRANS", "WITH_CHILDREN", "MINORS"];
const OUTING_KINDS = ["STREET_UNIT", "STREET_UNIT", "INDOOR", "DROP_IN"];
const TRAINING_AUDIENCES = ["POLICE", "CAS_STAFF", "LOCAL_AUTHORITIES", "HEALTH_SERVICES", "SOCIAL_SERVICES", "SCHOOLS", "CITIZENS"];

/**
 * The statements, in order. Run them in the schema to fill (search_path), on a migrated, empty
 * database. Each one is a single INSERT … SELECT, so the database does all the work.
 */
export function generationStatements({ cases, label, seed = 0.42 }: GenerateOptions): { name: string; sql: string }[] {
  if (!Number.isInteger(cases) || cases < 1) throw new Error(`cases must be a positive whole number, got ${cases}`);
  const id = (kind: string, ...parts: string[]) => `md5('${label}:${kind}:' || ${parts.join(" || ':' || ")})::uuid`;
  const days = `('${DATA_END}'::date - '${DATA_START}'::date)`;
  const places = Math.max(8, Math.round(cases * RATIOS.places));
  const structures = Math.max(2, Math.ceil(places / 8));
  const outings = Math.max(1, Math.round(cases * RATIOS.outings));
  const training = Math.max(1, Math.round(cases * RATIOS.trainingEvents));
  return [
    { name: "seed", sql: `SELECT setseed(${seed})` },
    {
      // One row per case with its drawn parameters; everything else is derived from it.
      name: "plan",
      sql: `CREATE TEMP TABLE bench_case ON COMMIT PRESERVE ROWS AS
        SELECT i, opened, duration,
               CASE WHEN opened + duration < '${DATA_END}'::date THEN opened + duration END AS closed,
               LEAST(opened + duration, '${DATA_END}'::date) AS last_day,
               steps, extra_type, interviews, identified
        FROM (
          SELECT i,
                 -- more cases in later years: a slowly growing programme
                 '${DATA_START}'::date + floor(sqrt(random()) * ${days})::int AS opened,
                 (20 + floor(random() * random() * 900))::int AS duration,
                 1 + floor(random() * 4)::int AS steps,
                 CASE WHEN random() < 0.1 THEN 1 + floor(random() * 8)::int END AS extra_type,
                 CASE WHEN random() < 0.15 THEN 0 ELSE 1 + floor(random() * 3)::int END AS interviews,
                 random() < 0.6 AS identified
          FROM generate_series(1, ${cases}) AS i
        ) drawn`,
    },
    {
      name: "Person",
      sql: `INSERT INTO "Person" ("id", "givenName", "familyName", "gender", "citizenship", "updatedAt")
        SELECT ${id("person", "i")}, 'Given' || i, 'Family' || (i % 997), ${pick(GENDERS, "Gender")}, ${pick(CITIZENSHIPS)}, now()
        FROM bench_case`,
    },
    {
      name: "Case",
      sql: `INSERT INTO "Case" ("id", "reference", "personId", "status", "openedOn", "closedOn", "exitOutcome", "phase", "programme",
                                "referralSource", "protectionStatus", "identification", "identifiedOn", "ageBand", "minorAtOpening",
                                "openedByTransferId", "updatedAt")
        SELECT ${id("case", "i")}, '${label}-' || i, ${id("person", "i")},
               CASE WHEN closed IS NULL THEN 'OPEN' ELSE 'CLOSED' END::"CaseStatus", opened, closed,
               CASE WHEN closed IS NOT NULL THEN ${pick(EXITS, "ExitOutcome")} END,
               (${arr(PHASES)})[steps]::"CasePhase",
               CASE WHEN steps >= 3 THEN 'ART_18' WHEN steps = 2 THEN 'ART_13' END::"Programme",
               ${pick(REFERRALS, "ReferralSource")}, ${pick(["ASYLUM_SEEKER", "PROTECTION_HOLDER", "NONE"], "ProtectionStatus")},
               CASE WHEN identified THEN 'IDENTIFIED' ELSE 'PENDING' END::"IdentificationOutcome",
               CASE WHEN identified THEN LEAST(opened + 20, last_day) END,
               ${pick(AGE_BANDS, "AgeBand")}, false,
               CASE WHEN random() < 0.02 THEN ${id("transfer", "i")} END, now()
        FROM bench_case`,
    },
    {
      // The path: phase k (0-based) of \`steps\` starts k/steps of the way through the case.
      name: "CasePhaseChange",
      sql: `INSERT INTO "CasePhaseChange" ("id", "caseId", "phase", "startedOn")
        SELECT ${id("phase", "i", "k")}, ${id("case", "i")}, (${arr(PHASES)})[k + 1]::"CasePhase",
               opened + (k * (last_day - opened)) / steps
        FROM bench_case, generate_series(0, steps - 1) AS k`,
    },
    {
      name: "CaseExploitation",
      sql: `INSERT INTO "CaseExploitation" ("caseId", "type")
        SELECT ${id("case", "i")}, (${arr(EXPLOITATIONS)})[1 + t]::"ExploitationType"
        FROM (SELECT i, floor(random() * 9)::int AS first, extra_type FROM bench_case) c,
             LATERAL (VALUES (first), ((first + extra_type) % 9)) AS v(t)
        WHERE t IS NOT NULL`,
    },
    {
      name: "Consent",
      sql: `INSERT INTO "Consent" ("id", "personId", "caseId", "kind", "givenOn")
        SELECT ${id("consent", "i")}, ${id("person", "i")}, ${id("case", "i")}, 'DATA_PROCESSING'::"ConsentKind", opened
        FROM bench_case`,
    },
    {
      name: "Interview",
      sql: `INSERT INTO "Interview" ("id", "caseId", "heldOn", "sequence", "withMediator", "indicatorsFound")
        SELECT ${id("interview", "i", "s")}, ${id("case", "i")}, LEAST(opened + 4 * s + floor(random() * 5)::int, last_day), s,
               random() < 0.7, floor(random() * 6)::int
        FROM bench_case, generate_series(1, interviews) AS s`,
    },
    {
      name: "ServiceDelivery",
      sql: `INSERT INTO "ServiceDelivery" ("id", "caseId", "kind", "deliveredOn")
        SELECT ${id("service", "i", "s")}, ${id("case", "i")}, ${pick(SERVICES, "ServiceKind")},
               opened + floor(random() * (last_day - opened + 1))::int
        FROM bench_case, generate_series(1, 3) AS s`,
    },
    {
      name: "LegalEvent",
      sql: `INSERT INTO "LegalEvent" ("id", "caseId", "kind", "occurredOn", "permitType")
        SELECT ${id("legal", "i", "e.k")}, ${id("case", "i")}, e.kind::"LegalEventKind", e.day, e.permit::"PermitType"
        FROM (SELECT i, opened, last_day, random() AS r FROM bench_case) c,
             LATERAL (VALUES ('1', 'COMPLAINT_FILED', c.opened + 10, NULL),
                             ('2', 'PERMIT_REQUESTED', c.opened + 30, 'ART_18'),
                             ('3', 'PERMIT_GRANTED', c.opened + 150, 'ART_18')) AS e(k, kind, day, permit)
        WHERE e.day <= c.last_day AND ((e.k = '1' AND c.r < 0.3) OR (e.k = '2' AND c.r < 0.45) OR (e.k = '3' AND c.r < 0.25))`,
    },
    {
      name: "Structure",
      sql: `INSERT INTO "Structure" ("id", "name", "type", "municipality")
        SELECT ${id("structure", "s")}, '${label} structure ' || s, ${pick(STRUCTURE_TYPES, "StructureType")}, 'Comune ' || (s % 40)
        FROM generate_series(1, ${structures}) AS s`,
    },
    {
      name: "Place",
      sql: `INSERT INTO "Place" ("id", "structureId", "label", "target", "active")
        SELECT ${id("place", "p")}, ${id("structure", `(1 + p % ${structures})::text`)}, 'P' || p, ${pick(TARGETS, "PlaceTarget")}, random() < 0.97
        FROM generate_series(1, ${places}) AS p`,
    },
    {
      // Each place holds one person after another (stays of 200–500 days, gaps of 0–60 days), so
      // placements of a place never overlap; the stay still running today is current (endOn null)
      // and belongs to a distinct case per place (one current placement per case).
      name: "Placement",
      sql: `INSERT INTO "Placement" ("id", "caseId", "placeId", "startOn", "endOn")
        WITH RECURSIVE chain(p, k, start_on, end_on) AS (
          SELECT p, 1, s, s + 200 + floor(random() * 300)::int
          FROM (SELECT p, '${DATA_START}'::date + floor(random() * 120)::int AS s FROM generate_series(1, ${places}) AS p) first
          UNION ALL
          SELECT p, k + 1, end_on + floor(random() * 60)::int, end_on + floor(random() * 60)::int + 200 + floor(random() * 300)::int
          FROM chain WHERE end_on <= '${DATA_END}'::date
        )
        SELECT ${id("placement", "p", "k")},
               CASE WHEN end_on > '${DATA_END}'::date THEN ${id("case", "p")}
                    ELSE ${id("case", `(1 + (p * 7919 + k * 104729) % ${cases})::text`)} END,
               ${id("place", "p")}, start_on, CASE WHEN end_on <= '${DATA_END}'::date THEN end_on END
        FROM chain WHERE start_on <= '${DATA_END}'::date`,
    },
    {
      name: "OutreachOuting",
      sql: `INSERT INTO "OutreachOuting" ("id", "kind", "heldOn", "area", "operators", "contacts", "newContacts", "accompaniments")
        SELECT ${id("outing", "o")}, ${pick(OUTING_KINDS, "OutingKind")}, '${DATA_START}'::date + floor(random() * (${days} + 1))::int,
               'Area ' || (o % 12), 2, c, floor(c * random() * 0.5)::int, floor(random() * random() * 3)::int
        FROM (SELECT o, floor(random() * 18)::int AS c FROM generate_series(1, ${outings}) AS o) drawn`,
    },
    {
      name: "TrainingEvent",
      sql: `INSERT INTO "TrainingEvent" ("id", "kind", "audience", "heldOn", "title", "participants")
        SELECT ${id("training", "t")}, ${pick(["TRAINING", "AWARENESS"], "TrainingKind")}, ${pick(TRAINING_AUDIENCES, "TrainingAudience")},
               '${DATA_START}'::date + floor(random() * (${days} + 1))::int, 'Event ' || t, 5 + floor(random() * 60)::int
        FROM generate_series(1, ${training}) AS t`,
    },
    { name: "cleanup", sql: `DROP TABLE bench_case` },
  ];
}
