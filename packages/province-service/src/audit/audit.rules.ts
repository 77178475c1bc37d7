import { isoDate } from "@regional/schema";
import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { z } from "zod";

/**
 * What the audit trail records and how it reads the schema to find it. Pure functions: the Apollo
 * plugin (audit.plugin.ts) feeds them the operation, the arguments and the resolved values.
 */

export type SubjectKind = "PERSON" | "CASE";
export interface SubjectRef {
  kind: SubjectKind;
  id: string;
}
export type AuditOutcome = "COMPLETED" | "REFUSED" | "FAILED";

/** Who, when there is nobody authenticated to name (the context carried no caller). */
export const ANONYMOUS = "anonymous";

/** Codes of a refusal of access, as the auth module throws them. */
const REFUSAL_CODES = new Set(["FORBIDDEN", "UNAUTHENTICATED"]);

const uuid = z.uuid();
const isId = (value: unknown): value is string => typeof value === "string" && uuid.safeParse(value).success;

// ---------------------------------------------------------------------------------------------
// Reading the schema

/**
 * Which output types carry personal data, derived from the schema so that a new module's types
 * are covered without touching the audit:
 * - Person and Case themselves;
 * - every type that belongs to a person or a case, i.e. has a field `person: Person` or
 *   `case: Case` (Consent, Interview, ServiceDelivery, LegalEvent, Placement, …): its row carries
 *   `personId` / `caseId`;
 * - the audit trail itself (reading it is recorded too, without listing what it lists).
 * A type whose field holds one of those (pages, payloads: PersonPage.nodes) is "personal" too,
 * for deciding whether an operation that never ran (refused up front) aimed at personal data.
 */
export interface PersonalTypes {
  /** The subjects a value of this type names; undefined for a type that names none. */
  subjectsOf(typeName: string): ((value: unknown) => SubjectRef[]) | undefined;
  /** The type or one of its fields' types carries personal data. */
  isPersonal(typeName: string): boolean;
}

const AUDIT_TYPES = new Set(["AuditEntry", "AuditEntryPage"]);

export function personalTypes(schema: GraphQLSchema): PersonalTypes {
  const carriers = new Map<string, (value: unknown) => SubjectRef[]>();
  const field = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  const refs = (pairs: [SubjectKind, unknown][]): SubjectRef[] => pairs.flatMap(([kind, id]) => (isId(id) ? [{ kind, id }] : []));

  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !roots.has(t) && !t.name.startsWith("__"));
  if (schema.getType("Person")) carriers.set("Person", (v) => refs([["PERSON", field(v, "id")]]));
  if (schema.getType("Case")) carriers.set("Case", (v) => refs([["CASE", field(v, "id")], ["PERSON", field(v, "personId")]]));
  for (const type of objectTypes) {
    if (!isObjectType(type) || carriers.has(type.name)) continue;
    const fields = type.getFields();
    const belongs = getNamedType(fields.person?.type)?.name === "Person" || getNamedType(fields.case?.type)?.name === "Case";
    if (belongs) carriers.set(type.name, (v) => refs([["CASE", field(v, "caseId")], ["PERSON", field(v, "personId")]]));
  }

  const personal = new Set<string>([...carriers.keys(), ...AUDIT_TYPES]);
  for (const type of objectTypes) {
    if (!isObjectType(type) || personal.has(type.name)) continue;
    if (Object.values(type.getFields()).some((f) => carriers.has(getNamedType(f.type).name))) personal.add(type.name);
  }
  return { subjectsOf: (name) => carriers.get(name), isPersonal: (name) => personal.has(name) };
}

/** The subjects in a resolved value: one object, a list, or lists of lists; nulls skipped. */
export function subjectsInValue(value: unknown, of: (value: unknown) => SubjectRef[]): SubjectRef[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => subjectsInValue(v, of));
  return of(value);
}

/**
 * The subjects a field's arguments name: `personId` and `caseId` anywhere in them (inputs,
 * filters), and a top-level `id` when the field returns a Person or a Case (`case(id:)`,
 * `updatePerson(id:)`). Recorded whether or not the request then succeeds, so an attempt on a
 * record is on the trail even when it was refused or the record does not exist.
 */
export function subjectsInArgs(args: Record<string, unknown>, returnTypeName: string): SubjectRef[] {
  const out: SubjectRef[] = [];
  if (isId(args.id) && (returnTypeName === "Person" || returnTypeName === "Case")) {
    out.push({ kind: returnTypeName === "Person" ? "PERSON" : "CASE", id: args.id });
  }
  const walk = (value: unknown, depth: number) => {
    if (depth > 4 || typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1));
    for (const [key, inner] of Object.entries(value)) {
      if (key === "personId" && isId(inner)) out.push({ kind: "PERSON", id: inner });
      else if (key === "caseId" && isId(inner)) out.push({ kind: "CASE", id: inner });
      else walk(inner, depth + 1);
    }
  };
  walk(args, 0);
  return out;
}

export interface RootField {
  name: string;
  /** The named type it returns. */
  returns: string;
  subjects: SubjectRef[];
}

/**
 * The root fields of an operation with the subjects their arguments name, read from the document
 * before anything executes (so a request refused up front is recorded with what it asked for).
 * Arguments whose variables do not coerce are skipped: such a request never executes either.
 */
export function rootFieldsOf(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> | undefined,
): RootField[] {
  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "query" ? schema.getQueryType() : undefined;
  if (!root) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  const nodes: FieldNode[] = [];
  const collect = (set: SelectionSetNode, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) nodes.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, seen);
      else if (!seen.has(s.name.value) && fragments[s.name.value]) {
        seen.add(s.name.value);
        collect(fragments[s.name.value]!.selectionSet, seen);
      }
    }
  };
  collect(operation.selectionSet, new Set());
  const out: RootField[] = [];
  for (const node of nodes) {
    const def = root.getFields()[node.name.value];
    if (!def) continue; // __typename, or a field validation already refused
    const returns = getNamedType(def.type).name;
    let subjects: SubjectRef[] = [];
    if (coerced.coerced) {
      try {
        subjects = subjectsInArgs(getArgumentValues(def, node, coerced.coerced), returns);
      } catch {
        subjects = [];
      }
    }
    const existing = out.find((f) => f.name === node.name.value);
    if (existing) existing.subjects.push(...subjects);
    else out.push({ name: node.name.value, returns, subjects });
  }
  return out;
}

/** Each subject once, people first, in the order met. */
export function distinctSubjects(refs: readonly SubjectRef[]): SubjectRef[] {
  const seen = new Set<string>();
  const out: SubjectRef[] = [];
  for (const kind of ["PERSON", "CASE"] as const) {
    for (const r of refs) {
      if (r.kind !== kind || seen.has(`${r.kind}:${r.id}`)) continue;
      seen.add(`${r.kind}:${r.id}`);
      out.push(r);
    }
  }
  return out;
}

/** The error codes of a request, each once, in order; an error without a code is an internal one. */
export function errorCodes(errors: readonly Pick<GraphQLError, "extensions">[] | undefined): string[] {
  return [...new Set((errors ?? []).map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR")))];
}

/** Refused (access), failed (anything else went wrong, even in part), or completed. */
export function outcomeOf(codes: readonly string[]): AuditOutcome {
  if (codes.some((c) => REFUSAL_CODES.has(c))) return "REFUSED";
  return codes.length > 0 ? "FAILED" : "COMPLETED";
}

// ---------------------------------------------------------------------------------------------
// Reading the trail

/** The programme's days are Italian days; an audit question "on 3 March" means Rome's 3 March. */
const AUDIT_TIME_ZONE = "Europe/Rome";
const offsetFormat = new Intl.DateTimeFormat("en-US", { timeZone: AUDIT_TIME_ZONE, timeZoneName: "longOffset" });

/** The instant a calendar day starts in Rome (CET/CEST change at 01:00 UTC, never at midnight). */
export function startOfDay(day: string): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  const name = offsetFormat.formatToParts(utcMidnight).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const minutes = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return new Date(utcMidnight.getTime() - minutes * 60_000);
}

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export const auditFilter = z
  .object({
    subject: z.string().trim().min(1, "must not be empty").max(200, "must have at most 200 characters").nullish(),
    caseId: z.uuid("is not a valid id").nullish(),
    personId: z.uuid("is not a valid id").nullish(),
    from: isoDate.nullish(),
    to: isoDate.nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be before from", path: ["to"] })
  .transform((f) => ({
    subject: f.subject ?? undefined,
    caseId: f.caseId ?? undefined,
    personId: f.personId ?? undefined,
    /** Inclusive start and exclusive end, as instants. */
    from: f.from ? startOfDay(f.from) : undefined,
    before: f.to ? startOfDay(nextDay(f.to)) : undefined,
  }));

export type AuditFilter = z.output<typeof auditFilter>;
