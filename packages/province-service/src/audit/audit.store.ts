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

/*
 * Writes are single SQL statements (data-modifying CTEs): one round trip and atomic without an
 * interactive transaction, which on PGlite's one connection would hold up every other request.
 * The foreign keys are checked at the end of the statement, after the entry row exists.
 */
const INSERT_ENTRY = `INSERT INTO "AuditEntry" ("id", "at", "actorSubject", "actorRole", "operationType", "operationName", "rootFields")
  VALUES ($1::uuid, $2::timestamptz, $3, $4, $5::"AuditOperationType", $6, $7)`;
const INSERT_SUBJECTS = (entry: string) => `INSERT INTO "AuditSubject" ("entryId", "kind", "subjectId")
  SELECT ${entry}, s.kind::"AuditSubjectKind", s.id::uuid FROM json_to_recordset($SUBJECTS::json) AS s(kind text, id text)`;
const INSERT_OUTCOME = (entry: string) => `INSERT INTO "AuditEntryOutcome" ("entryId", "at", "outcome", "errorCodes")
  VALUES (${entry}, $OUT_AT::timestamptz, $OUTCOME::"AuditOutcome", $CODES)`;

const startParams = (start: AuditEntryStart) => [
  start.id, start.at.toISOString(), start.subject, start.role, start.operationType, start.operationName, start.fields.join(","),
];
const subjectsJson = (subjects: readonly SubjectRef[]) => JSON.stringify(subjects.map((s) => ({ kind: s.kind, id: s.id })));
/** Numbers the named placeholders after the positional ones. */
function numbered(sql: string, names: string[], first: number): string {
  return names.reduce((text, name, i) => text.replaceAll(`$${name}`, `$${first + i}`), sql);
}

/** `prisma`: the plain client (the trail holds ids, never identifiers). */
export function prismaAuditStore(prisma: PrismaClient): AuditStore {
  return {
    record: async (start, end, subjects) => {
      const sql = numbered(
        `WITH entry AS (${INSERT_ENTRY} RETURNING "id"), outcome AS (${INSERT_OUTCOME("(SELECT \"id\" FROM entry)")})
         ${INSERT_SUBJECTS("(SELECT \"id\" FROM entry)")}`,
        ["OUT_AT", "OUTCOME", "CODES", "SUBJECTS"],
        8,
      );
      await prisma.$executeRawUnsafe(sql, ...startParams(start), end.at.toISOString(), end.outcome, end.errorCodes.join(","), subjectsJson(subjects));
    },

    begin: async (start, subjects) => {
      const sql = numbered(`WITH entry AS (${INSERT_ENTRY} RETURNING "id") ${INSERT_SUBJECTS("(SELECT \"id\" FROM entry)")}`, ["SUBJECTS"], 8);
      await prisma.$executeRawUnsafe(sql, ...startParams(start), subjectsJson(subjects));
    },

    finish: async (entryId, end, subjects) => {
      // ON CONFLICT DO NOTHING: a subject begin() already wrote stays as it is (no UPDATE to refuse).
      const sql = numbered(
        `WITH outcome AS (${INSERT_OUTCOME("$1::uuid")}) ${INSERT_SUBJECTS("$1::uuid")} ON CONFLICT DO NOTHING`,
        ["OUT_AT", "OUTCOME", "CODES", "SUBJECTS"],
        2,
      );
      await prisma.$executeRawUnsafe(sql, entryId, end.at.toISOString(), end.outcome, end.errorCodes.join(","), subjectsJson(subjects));
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
