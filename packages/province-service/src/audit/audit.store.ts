import type { Prisma, PrismaClient } from "../db/database.ts";
import { pageQuery, type PageArgs } from "../operational/pagination.ts";
import type { AuditFilter, AuditOutcome, SubjectRef } from "./audit.rules.ts";

/** The start of an entry: who asked what, when. */
export interface AuditEntryStart {
  id: string;
  at: Date;
  subject: string;
  role: string;
  operationType: "QUERY" | "MUTATION";
  operationName: string | null;
  fields: string[];
}

export interface AuditEntryEnd {
  at: Date;
  outcome: AuditOutcome;
  errorCodes: string[];
}

/** An entry as the operational API shows it. */
export interface AuditEntryView extends AuditEntryStart {
  /** Null while a mutation's end is not recorded (or could not be). */
  outcome: AuditOutcome | null;
  errorCodes: string[];
  personIds: string[];
  caseIds: string[];
}

/**
 * The audit trail's storage. Only appends: the tables' triggers refuse UPDATE and DELETE, so
 * nothing here could change an entry even by mistake.
 */
export interface AuditStore {
  /** A whole entry in one transaction (reads: written after they ran, before the answer leaves). */
  record(start: AuditEntryStart, end: AuditEntryEnd, subjects: readonly SubjectRef[]): Promise<void>;
  /** The start of a mutation, written before it runs; if this fails the mutation does not run. */
  begin(start: AuditEntryStart, subjects: readonly SubjectRef[]): Promise<void>;
  /** The end of a begun entry, with the subjects met while it ran that `begin` did not know. */
  finish(entryId: string, end: AuditEntryEnd, subjects: readonly SubjectRef[]): Promise<void>;
  /** Most recent first. */
  list(filter: AuditFilter, page: PageArgs): Promise<AuditEntryView[]>;
}

const withDetails = { outcome: true, subjects: { orderBy: { subjectId: "asc" } } } satisfies Prisma.AuditEntryInclude;
type EntryRow = Prisma.AuditEntryGetPayload<{ include: typeof withDetails }>;

function entryData(start: AuditEntryStart): Prisma.AuditEntryCreateInput {
  return {
    id: start.id,
    at: start.at,
    actorSubject: start.subject,
    actorRole: start.role,
    operationType: start.operationType,
    operationName: start.operationName,
    rootFields: start.fields.join(","),
  };
}

function endData(end: AuditEntryEnd) {
  return { at: end.at, outcome: end.outcome, errorCodes: end.errorCodes.join(",") };
}

function view(row: EntryRow): AuditEntryView {
  return {
    id: row.id,
    at: row.at,
    subject: row.actorSubject,
    role: row.actorRole,
    operationType: row.operationType,
    operationName: row.operationName,
    fields: row.rootFields === "" ? [] : row.rootFields.split(","),
    outcome: row.outcome?.outcome ?? null,
    errorCodes: row.outcome?.errorCodes ? row.outcome.errorCodes.split(",") : [],
    personIds: row.subjects.filter((s) => s.kind === "PERSON").map((s) => s.subjectId),
    caseIds: row.subjects.filter((s) => s.kind === "CASE").map((s) => s.subjectId),
  };
}

/** `prisma`: the plain client (the trail holds ids, never identifiers). */
export function prismaAuditStore(prisma: PrismaClient): AuditStore {
  const subjectRows = (subjects: readonly SubjectRef[]) => subjects.map((s) => ({ kind: s.kind, subjectId: s.id }));

  return {
    record: async (start, end, subjects) => {
      // One nested create: one statement batch in one transaction.
      await prisma.auditEntry.create({
        data: { ...entryData(start), outcome: { create: endData(end) }, subjects: { createMany: { data: subjectRows(subjects) } } },
      });
    },

    begin: async (start, subjects) => {
      await prisma.auditEntry.create({ data: { ...entryData(start), subjects: { createMany: { data: subjectRows(subjects) } } } });
    },

    finish: async (entryId, end, subjects) => {
      await prisma.$transaction([
        prisma.auditEntryOutcome.create({ data: { entryId, ...endData(end) } }),
        // ON CONFLICT DO NOTHING: a subject begin() already wrote stays as it is (no UPDATE to refuse).
        prisma.auditSubject.createMany({ data: subjectRows(subjects).map((s) => ({ ...s, entryId })), skipDuplicates: true }),
      ]);
    },

    list: async (filter, page) => {
      const subjects: Prisma.AuditEntryWhereInput[] = [];
      if (filter.caseId) subjects.push({ subjects: { some: { kind: "CASE", subjectId: filter.caseId } } });
      if (filter.personId) subjects.push({ subjects: { some: { kind: "PERSON", subjectId: filter.personId } } });
      const rows = await prisma.auditEntry.findMany({
        where: {
          actorSubject: filter.subject,
          at: { gte: filter.from, lt: filter.before },
          AND: subjects,
        },
        include: withDetails,
        orderBy: { seq: "desc" },
        ...pageQuery(page),
      });
      return rows.map(view);
    },
  };
}
