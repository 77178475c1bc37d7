import type { PersonIdentifiers, SealedPersonIdentifiers } from "../crypto/person-identifiers.ts";
import type { PrismaClient } from "../db/database.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import {
  generateDemoData,
  type CaseRow,
  type ConsentRow,
  type DemoDataset,
  type DemoOptions,
  type ExploitationRow,
  type InterviewRow,
  type LegalEventRow,
  type OutingMaterialRow,
  type OutingRow,
  type PersonRow,
  type PhaseChangeRow,
  type PlaceRow,
  type PlacementRow,
  type ServiceRow,
  type StructureRow,
  type TrainingEventRow,
} from "./generate.ts";

export { DEFAULT_SEED, DEMO_START, generateDemoData, type DemoDataset, type DemoOptions } from "./generate.ts";

/** What seedDemoData wrote, row counts by table plus a few totals worth logging. */
export interface SeedReport {
  persons: number;
  cases: number;
  openCases: number;
  closedCases: number;
  phaseChanges: number;
  exploitations: number;
  consents: number;
  interviews: number;
  services: number;
  legalEvents: number;
  structures: number;
  places: number;
  placements: number;
  currentPlacements: number;
  outings: number;
  outingMaterials: number;
  outreachContacts: number;
  trainingEvents: number;
}

/** Rows per INSERT statement (one JSON parameter each). */
const BATCH = 5000;

/**
 * True when the province has no data of its own yet: no person, case, structure, outing or
 * training event. The demo seed only ever writes into such a database.
 */
export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  const found = await Promise.all([
    prisma.case.findFirst({ select: { id: true } }),
    prisma.person.findFirst({ select: { id: true } }),
    prisma.structure.findFirst({ select: { id: true } }),
    prisma.outreachOuting.findFirst({ select: { id: true } }),
    prisma.trainingEvent.findFirst({ select: { id: true } }),
  ]);
  return found.every((row) => row === null);
}

/**
 * Writes deterministic synthetic demo data for one province (see generate.ts for what and how).
 * Same (province, seed, today, scale) → same rows, same ids (the people's identifiers are
 * encrypted with `identifiers`, with fresh nonces: same clear values, different ciphertexts).
 * Refuses a database that is not empty.
 * Written in four short transactions (bulk INSERTs, see below); if one fails, the rows already
 * written are removed again, so a failed seed leaves the database empty and a restart retries.
 */
export async function seedDemoData(prisma: PrismaClient, options: DemoOptions, identifiers: PersonIdentifiers): Promise<SeedReport> {
  if (!(await isDatabaseEmpty(prisma))) {
    throw new Error(`The ${options.province} database already holds data; demo data is only seeded into an empty database.`);
  }
  const data = generateDemoData(options);
  const timeout = { maxWait: 10_000, timeout: 60_000 + 30_000 * (options.scale ?? 1) };
  try {
    await prisma.$transaction(async (tx) => {
      await bulkInsert(tx, "Structure", STRUCTURE_COLUMNS, data.structures);
      await bulkInsert(tx, "Place", PLACE_COLUMNS, data.places);
    }, timeout);
    await prisma.$transaction(async (tx) => {
      // Encrypted before they leave the process: the database never holds a demo name in clear.
      const persons = data.persons.map((p) => ({ ...p, ...identifiers.seal(p.id, p) }));
      await bulkInsert(tx, "Person", PERSON_COLUMNS, persons, { updatedAt: "now()" });
      await bulkInsert(tx, "Case", CASE_COLUMNS, data.cases, { updatedAt: "now()" });
      await bulkInsert(tx, "CasePhaseChange", PHASE_CHANGE_COLUMNS, data.phaseChanges);
      await bulkInsert(tx, "CaseExploitation", EXPLOITATION_COLUMNS, data.exploitations);
    }, timeout);
    await prisma.$transaction(async (tx) => {
      await bulkInsert(tx, "Consent", CONSENT_COLUMNS, data.consents);
      await bulkInsert(tx, "Interview", INTERVIEW_COLUMNS, data.interviews);
      await bulkInsert(tx, "ServiceDelivery", SERVICE_COLUMNS, data.services);
      await bulkInsert(tx, "LegalEvent", LEGAL_EVENT_COLUMNS, data.legalEvents);
      await bulkInsert(tx, "Placement", PLACEMENT_COLUMNS, data.placements);
    }, timeout);
    await prisma.$transaction(async (tx) => {
      await bulkInsert(tx, "OutreachOuting", OUTING_COLUMNS, data.outings);
      await bulkInsert(tx, "OutingMaterial", MATERIAL_COLUMNS, data.materials);
      await bulkInsert(tx, "TrainingEvent", TRAINING_COLUMNS, data.trainingEvents);
    }, timeout);
  } catch (error) {
    await removeSeeded(prisma, data).catch(() => undefined);
    throw error;
  }
  return reportOf(data);
}

export function reportOf(data: DemoDataset): SeedReport {
  const closed = data.cases.filter((c) => c.status === "CLOSED").length;
  return {
    persons: data.persons.length,
    cases: data.cases.length,
    openCases: data.cases.length - closed,
    closedCases: closed,
    phaseChanges: data.phaseChanges.length,
    exploitations: data.exploitations.length,
    consents: data.consents.length,
    interviews: data.interviews.length,
    services: data.services.length,
    legalEvents: data.legalEvents.length,
    structures: data.structures.length,
    places: data.places.length,
    placements: data.placements.length,
    currentPlacements: data.placements.filter((p) => p.endOn === null).length,
    outings: data.outings.length,
    outingMaterials: data.materials.length,
    outreachContacts: data.outings.reduce((sum, o) => sum + o.contacts, 0),
    trainingEvents: data.trainingEvents.length,
  };
}

// ----- bulk writing ---------------------------------------------------------------------------
//
// Why not createMany: through the PGlite driver adapter, Prisma's createMany costs about 0.3–2 ms
// per row on the client side (a province took ~9 s); one INSERT ... SELECT FROM
// json_populate_recordset per batch does the same work in a fraction of that (measured in the
// report of this module). The rows are still typed against Prisma's own input types below, so a
// schema change that the seed does not follow fails the typecheck, and the INSERT names every
// column it writes (database defaults such as createdAt still apply).

type Tx = Pick<PrismaClient, "$executeRawUnsafe">;

const STRUCTURE_COLUMNS = ["id", "name", "type", "municipality", "active"] as const satisfies readonly (keyof StructureRow)[];
const PLACE_COLUMNS = ["id", "structureId", "label", "target", "active"] as const satisfies readonly (keyof PlaceRow)[];
const PERSON_COLUMNS = [
  "id", "givenName", "familyName", "alias", "birthDate", "gender", "citizenship", "documentNumber", "phone",
  "givenNameIndex", "familyNameIndex", "fullNameIndex", "aliasIndex", "documentNumberIndex", "phoneIndex",
] as const satisfies readonly (keyof SealedPersonRow)[];
const CASE_COLUMNS = [
  "id", "reference", "personId", "status", "openedOn", "closedOn", "exitOutcome", "phase", "programme", "referralSource",
  "protectionStatus", "identification", "identifiedOn", "ageBand", "minorAtOpening",
] as const satisfies readonly (keyof CaseRow)[];
const PHASE_CHANGE_COLUMNS = ["id", "caseId", "phase", "startedOn"] as const satisfies readonly (keyof PhaseChangeRow)[];
const EXPLOITATION_COLUMNS = ["caseId", "type"] as const satisfies readonly (keyof ExploitationRow)[];
const CONSENT_COLUMNS = ["id", "personId", "caseId", "kind", "givenOn", "revokedOn", "note"] as const satisfies readonly (keyof ConsentRow)[];
const INTERVIEW_COLUMNS = [
  "id", "caseId", "heldOn", "sequence", "withMediator", "mediatorLanguage", "indicatorsFound", "reportToCommissione", "notes",
] as const satisfies readonly (keyof InterviewRow)[];
const SERVICE_COLUMNS = ["id", "caseId", "kind", "deliveredOn", "note"] as const satisfies readonly (keyof ServiceRow)[];
const LEGAL_EVENT_COLUMNS = ["id", "caseId", "kind", "occurredOn", "permitType", "note"] as const satisfies readonly (keyof LegalEventRow)[];
const PLACEMENT_COLUMNS = ["id", "caseId", "placeId", "startOn", "endOn"] as const satisfies readonly (keyof PlacementRow)[];
const OUTING_COLUMNS = ["id", "kind", "heldOn", "area", "operators", "contacts", "newContacts", "accompaniments", "notes"] as const satisfies readonly (keyof OutingRow)[];
const MATERIAL_COLUMNS = ["outingId", "kind", "quantity"] as const satisfies readonly (keyof OutingMaterialRow)[];
const TRAINING_COLUMNS = ["id", "kind", "audience", "heldOn", "title", "participants"] as const satisfies readonly (keyof TrainingEventRow)[];

type SealedPersonRow = PersonRow & SealedPersonIdentifiers;

/** Compile-time proof that every row type is a valid createMany input of its model. */
type Assignable<Target, Source extends Target> = Source;
export type RowTypesMatchPrisma = [
  Assignable<Prisma.StructureCreateManyInput, StructureRow>,
  Assignable<Prisma.PlaceCreateManyInput, PlaceRow>,
  Assignable<Prisma.PersonCreateManyInput, SealedPersonRow>,
  Assignable<Prisma.CaseCreateManyInput, CaseRow>,
  Assignable<Prisma.CasePhaseChangeCreateManyInput, PhaseChangeRow>,
  Assignable<Prisma.CaseExploitationCreateManyInput, ExploitationRow>,
  Assignable<Prisma.ConsentCreateManyInput, ConsentRow>,
  Assignable<Prisma.InterviewCreateManyInput, InterviewRow>,
  Assignable<Prisma.ServiceDeliveryCreateManyInput, ServiceRow>,
  Assignable<Prisma.LegalEventCreateManyInput, LegalEventRow>,
  Assignable<Prisma.PlacementCreateManyInput, PlacementRow>,
  Assignable<Prisma.OutreachOutingCreateManyInput, OutingRow>,
  Assignable<Prisma.OutingMaterialCreateManyInput, OutingMaterialRow>,
  Assignable<Prisma.TrainingEventCreateManyInput, TrainingEventRow>,
];

/** Dates are calendar days: written YYYY-MM-DD so no time zone can shift them. */
function toJson(rows: readonly object[]): string {
  return JSON.stringify(rows, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.toISOString().slice(0, 10) : value;
  });
}

async function bulkInsert<T extends object>(
  tx: Tx,
  table: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
  computed: Record<string, string> = {},
): Promise<void> {
  const names = [...columns.map((c) => `"${c}"`), ...Object.keys(computed).map((c) => `"${c}"`)].join(", ");
  const values = [...columns.map((c) => `r."${c}"`), ...Object.values(computed)].join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${values} FROM json_populate_recordset(null::"${table}", $1::json) AS r`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const written = await tx.$executeRawUnsafe(sql, toJson(batch));
    if (written !== batch.length) throw new Error(`Seeding ${table}: wrote ${written} rows instead of ${batch.length}`);
  }
}

/** Undoes a partial seed: deletes exactly the rows the dataset names (children cascade or go first). */
async function removeSeeded(prisma: PrismaClient, data: DemoDataset): Promise<void> {
  const ids = (rows: readonly { id: string }[]) => JSON.stringify(rows.map((r) => r.id));
  const steps: [string, string, string][] = [
    ["Placement", "caseId", ids(data.cases)],
    ["Consent", "personId", ids(data.persons)],
    ["Case", "id", ids(data.cases)], // phases, exploitations, interviews, services, legal events cascade
    ["Person", "id", ids(data.persons)],
    ["Place", "structureId", ids(data.structures)],
    ["Structure", "id", ids(data.structures)],
    ["OutreachOuting", "id", ids(data.outings)], // materials cascade
    ["TrainingEvent", "id", ids(data.trainingEvents)],
  ];
  await prisma.$transaction(async (tx) => {
    for (const [table, column, list] of steps) {
      await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "${column}" IN (SELECT json_array_elements_text($1::json)::uuid)`, list);
    }
  }, { timeout: 120_000 });
}
