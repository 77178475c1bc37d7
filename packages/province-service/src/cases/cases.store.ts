import { randomUUID } from "node:crypto";
import { formatDate, type ExploitationType } from "@regional/schema";
import type { PersonIdentifiers, PersonIdentifierValues } from "../crypto/person-identifiers.ts";
import type { Case, CaseExploitation, CasePhaseChange, Person, Prisma, PrismaClient } from "../db/database.ts";
import { illegal, notFound } from "../errors.ts";
import { pageQuery, type PageArgs } from "../operational/pagination.ts";
import { ageAtOpening } from "./age.ts";
import {
  nextReference,
  referencePrefix,
  type CaseFilter,
  type CloseCase,
  type MoveCaseToPhase,
  type OpenCase,
  type PersonFilter,
  type PersonPatch,
  type RecordIdentificationOutcome,
  type RegisterPerson,
  type SetProgramme,
  type UpdateCaseDetails,
} from "./cases.rules.ts";
import { citizenshipSpellings } from "./citizenship.ts";
import { violates } from "../db/constraint-violation.ts";
import {
  canChangeBirthDate,
  canClose,
  canMoveToPhase,
  canOpenCase,
  canRecordIdentification,
  canSetProgramme,
  canUpdateDetails,
  programmeAfterMove,
  type CaseFacts,
  type Verdict,
} from "./lifecycle.ts";

/** A case row, with its exploitation types when the query fetched them (saves a query per case in lists). */
export type CaseRow = Case & { exploitations?: CaseExploitation[] };

export interface CasesStore {
  person(id: string): Promise<Person | null>;
  /**
   * People, most recently registered first; a search matches exactly (after normalising case,
   * accents and spacing) the full name, family name, given name, alias, document number or phone.
   * Names are encrypted at rest, so neither prefix search nor ordering by name is possible in SQL.
   */
  people(filter: PersonFilter, page: PageArgs): Promise<Person[]>;
  registerPerson(person: RegisterPerson): Promise<Person>;
  /** Applies a patch; a changed birth date also re-derives the age band of the person's cases. */
  updatePerson(id: string, patch: PersonPatch): Promise<Person>;

  case(id: string): Promise<CaseRow | null>;
  /** Cases by opening date, most recent first. */
  cases(filter: CaseFilter, page: PageArgs): Promise<CaseRow[]>;
  casesOfPerson(personId: string): Promise<CaseRow[]>;
  /** The phase history, oldest first. */
  phases(caseId: string): Promise<CasePhaseChange[]>;
  exploitationTypes(caseId: string): Promise<ExploitationType[]>;

  openCase(input: OpenCase, at: { province: string; today: string }): Promise<CaseRow>;
  moveCaseToPhase(input: MoveCaseToPhase, today: string): Promise<CaseRow>;
  recordIdentificationOutcome(input: RecordIdentificationOutcome, today: string): Promise<CaseRow>;
  updateCaseDetails(input: UpdateCaseDetails): Promise<CaseRow>;
  setProgramme(input: SetProgramme): Promise<CaseRow>;
  closeCase(input: CloseCase, today: string): Promise<CaseRow>;
}

type Tx = Prisma.TransactionClient;

/** Tries of openCase when two requests took the same reference number at once. */
const REFERENCE_ATTEMPTS = 5;
/** Advisory lock class for reference numbering (the year is the second key). */
const REFERENCE_LOCK = 4_202_611;

const withTypes = { exploitations: { orderBy: { type: "asc" } } } satisfies Prisma.CaseInclude;
const phaseOrder = [{ startedOn: "asc" }, { createdAt: "asc" }, { id: "asc" }] satisfies Prisma.CasePhaseChangeOrderByWithRelationInput[];

/** Refusals carry the field as a path from the mutation's `input` argument. */
function enforce(verdict: Verdict): void {
  if (!verdict.ok) throw illegal(verdict.rule, verdict.reason, verdict.field ? `input.${verdict.field}` : undefined);
}

function day(date: Date): string;
function day(date: Date | null): string | null;
function day(date: Date | null): string | null {
  return date === null ? null : formatDate(date);
}

/**
 * Locks the row for the rest of the transaction (SELECT ... FOR UPDATE), so two requests on the
 * same case (or person) run their read-check-write one after the other on PostgreSQL. PGlite has
 * a single connection and runs transactions one at a time anyway.
 */
async function lockCase(tx: Tx, id: string): Promise<void> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Case" WHERE "id" = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound("Case", id);
}

async function lockPerson(tx: Tx, id: string): Promise<void> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Person" WHERE "id" = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound("Person", id);
}

/** Locks the case and reads what the lifecycle rules need. */
async function lockedFacts(tx: Tx, id: string): Promise<{ row: Case; facts: CaseFacts }> {
  await lockCase(tx, id);
  const row = await tx.case.findUniqueOrThrow({ where: { id } });
  const last = await tx.casePhaseChange.findFirst({
    where: { caseId: id },
    orderBy: [{ startedOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
  });
  return {
    row,
    facts: {
      status: row.status,
      openedOn: day(row.openedOn),
      closedOn: day(row.closedOn),
      phase: row.phase,
      identification: row.identification,
      identifiedOn: day(row.identifiedOn),
      // A case written without history (e.g. imported) counts its phase from the opening.
      phaseSince: last ? day(last.startedOn) : day(row.openedOn),
    },
  };
}

/**
 * `prisma` must be the stores' client (crypto/protected-prisma.ts), which decrypts the people's
 * identifiers on read and refuses them in clear on write; `identifiers` seals them and computes
 * the blind indexes a search compares with.
 */
export function prismaCasesStore(prisma: PrismaClient, identifiers: PersonIdentifiers): CasesStore {
  const readCase = (tx: Tx | PrismaClient, id: string) => tx.case.findUniqueOrThrow({ where: { id }, include: withTypes });

  return {
    person: (id) => prisma.person.findUnique({ where: { id } }),

    people: (filter, page) => {
      const indexes = filter.search ? Object.entries(identifiers.searchIndexes(filter.search)) : [];
      return prisma.person.findMany({
        where: {
          // A search with nothing to compare (only punctuation) finds nobody rather than everybody.
          OR: filter.search ? indexes.map(([column, index]) => ({ [column]: index })) : undefined,
          citizenship: filter.citizenship ? { in: citizenshipSpellings(filter.citizenship) } : undefined,
        },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        ...pageQuery(page),
      });
    },

    registerPerson: (person) => {
      // The id is chosen here because each ciphertext is bound to its row.
      const id = randomUUID();
      return prisma.person.create({ data: { ...person, id, ...identifiers.seal(id, person) } });
    },

    updatePerson: (id, patch) =>
      prisma.$transaction(async (tx) => {
        await lockPerson(tx, id);
        const before = await tx.person.findUniqueOrThrow({ where: { id } });
        const birthDateChanged = patch.birthDate !== undefined && day(patch.birthDate) !== day(before.birthDate);
        if (birthDateChanged) {
          const cases = await tx.case.findMany({ where: { personId: id }, select: { id: true, reference: true, openedOn: true } });
          const birthDate = day(patch.birthDate ?? null);
          enforce(canChangeBirthDate(birthDate, cases.map((c) => ({ reference: c.reference, openedOn: day(c.openedOn) }))));
          // The band "at opening" is derived from the birth date: a corrected birth date corrects it.
          for (const c of cases) {
            await tx.case.update({ where: { id: c.id }, data: ageAtOpening(birthDate, day(c.openedOn)) });
          }
        }
        const { givenName, familyName, alias, documentNumber, phone, ...rest } = patch;
        const changesIdentifiers = [givenName, familyName, alias, documentNumber, phone].some((v) => v !== undefined);
        if (!changesIdentifiers) return tx.person.update({ where: { id }, data: rest });
        // Re-sealed together: the full-name index needs both names, the rest costs nothing more.
        const next: PersonIdentifierValues = {
          givenName: givenName ?? before.givenName,
          familyName: familyName ?? before.familyName,
          alias: alias !== undefined ? alias : before.alias,
          documentNumber: documentNumber !== undefined ? documentNumber : before.documentNumber,
          phone: phone !== undefined ? phone : before.phone,
        };
        return tx.person.update({ where: { id }, data: { ...rest, ...identifiers.seal(id, next) } });
      }),

    case: (id) => prisma.case.findUnique({ where: { id }, include: withTypes }),

    cases: (filter, page) =>
      prisma.case.findMany({
        where: {
          status: filter.status,
          phase: filter.phase,
          referralSource: filter.referralSource,
          personId: filter.personId,
          openedOn: { gte: filter.openedFrom, lte: filter.openedTo },
          exploitations: filter.exploitationType ? { some: { type: filter.exploitationType } } : undefined,
        },
        include: withTypes,
        orderBy: [{ openedOn: "desc" }, { id: "asc" }],
        ...pageQuery(page),
      }),

    casesOfPerson: (personId) =>
      prisma.case.findMany({ where: { personId }, include: withTypes, orderBy: [{ openedOn: "desc" }, { id: "asc" }] }),

    phases: (caseId) => prisma.casePhaseChange.findMany({ where: { caseId }, orderBy: phaseOrder }),

    exploitationTypes: async (caseId) =>
      (await prisma.caseExploitation.findMany({ where: { caseId }, orderBy: { type: "asc" } })).map((e) => e.type),

    openCase: async (input, at) => {
      const openedOn = day(input.openedOn);
      const prefix = referencePrefix(at.province, openedOn);
      for (let attempt = 1; ; attempt++) {
        try {
          return await prisma.$transaction(async (tx) => {
            await lockPerson(tx, input.personId);
            const person = await tx.person.findUniqueOrThrow({ where: { id: input.personId } });
            const personCases = await tx.case.findMany({ where: { personId: person.id } });
            enforce(
              canOpenCase(
                {
                  openedOn,
                  birthDate: day(person.birthDate),
                  personCases: personCases.map((c) => ({ reference: c.reference, status: c.status, openedOn: day(c.openedOn), closedOn: day(c.closedOn) })),
                },
                at.today,
              ),
            );
            // Openings in the same year take their number one after the other (the lock is held to
            // the end of the transaction); the unique index and the retry below stay as the backstop
            // for any writer that does not take it.
            await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${REFERENCE_LOCK}::int, ${Number(openedOn.slice(0, 4))}::int)`;
            const taken = await tx.case.findMany({ where: { reference: { startsWith: prefix } }, select: { reference: true } });
            return tx.case.create({
              data: {
                reference: nextReference(prefix, taken.map((c) => c.reference)),
                personId: person.id,
                openedOn: input.openedOn,
                phase: input.phase,
                programme: programmeAfterMove(null, input.phase, input.programme),
                referralSource: input.referralSource,
                protectionStatus: input.protectionStatus,
                ...ageAtOpening(person.birthDate, openedOn),
                exploitations: { create: input.exploitationTypes.map((type) => ({ type })) },
                phases: { create: { phase: input.phase, startedOn: input.openedOn } },
              },
              include: withTypes,
            });
          });
        } catch (error) {
          // Two openings in the same year at once computed the same number: the loser tries again.
          if (violates(error, "Case_reference_key", ["reference"]) && attempt < REFERENCE_ATTEMPTS) continue;
          // The person lock makes this unreachable in practice; the partial unique index is the backstop.
          if (violates(error, "Case_one_open_per_person", ["personId"])) {
            throw illegal("person-has-open-case", "the person already has an open case; close it before opening another", "input.personId");
          }
          throw error;
        }
      }
    },

    moveCaseToPhase: (input, today) =>
      prisma.$transaction(async (tx) => {
        const { row, facts } = await lockedFacts(tx, input.caseId);
        enforce(canMoveToPhase(facts, input.phase, day(input.on), today));
        await tx.casePhaseChange.create({ data: { caseId: row.id, phase: input.phase, startedOn: input.on } });
        await tx.case.update({
          where: { id: row.id },
          data: { phase: input.phase, programme: programmeAfterMove(row.programme, input.phase, input.programme) },
        });
        return readCase(tx, row.id);
      }),

    recordIdentificationOutcome: (input, today) =>
      prisma.$transaction(async (tx) => {
        const { row, facts } = await lockedFacts(tx, input.caseId);
        enforce(canRecordIdentification(facts, input.outcome, day(input.on), today));
        await tx.case.update({ where: { id: row.id }, data: { identification: input.outcome, identifiedOn: input.on } });
        return readCase(tx, row.id);
      }),

    updateCaseDetails: (input) =>
      prisma.$transaction(async (tx) => {
        const { row, facts } = await lockedFacts(tx, input.caseId);
        enforce(canUpdateDetails(facts));
        if (input.exploitationTypes) {
          await tx.caseExploitation.deleteMany({ where: { caseId: row.id } });
          await tx.caseExploitation.createMany({ data: input.exploitationTypes.map((type) => ({ caseId: row.id, type })) });
        }
        await tx.case.update({
          where: { id: row.id },
          data: { protectionStatus: input.protectionStatus, referralSource: input.referralSource },
        });
        return readCase(tx, row.id);
      }),

    setProgramme: (input) =>
      prisma.$transaction(async (tx) => {
        const { row, facts } = await lockedFacts(tx, input.caseId);
        enforce(canSetProgramme(facts));
        await tx.case.update({ where: { id: row.id }, data: { programme: input.programme } });
        return readCase(tx, row.id);
      }),

    closeCase: (input, today) =>
      prisma.$transaction(async (tx) => {
        const { row, facts } = await lockedFacts(tx, input.caseId);
        const placements = await tx.placement.findMany({ where: { caseId: row.id }, select: { id: true, startOn: true, endOn: true } });
        const verdict = canClose(
          facts,
          { on: day(input.on), outcome: input.outcome },
          placements.map((p) => ({ id: p.id, startOn: day(p.startOn), endOn: day(p.endOn) })),
          today,
        );
        enforce(verdict);
        // Leaving the programme ends the stay in its place on the same day (endOn is exclusive).
        if (verdict.ok && verdict.endPlacement) {
          await tx.placement.update({ where: { id: verdict.endPlacement.id }, data: { endOn: input.on } });
        }
        await tx.case.update({ where: { id: row.id }, data: { status: "CLOSED", closedOn: input.on, exitOutcome: input.outcome } });
        return readCase(tx, row.id);
      }),
  };
}
