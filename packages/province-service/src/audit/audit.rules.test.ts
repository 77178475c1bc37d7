import { mergeTypeDefs } from "@graphql-tools/merge";
import { buildASTSchema, GraphQLError, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { operationalTypeDefs } from "../operational/typeDefs.ts";
import {
  auditFilter,
  distinctSubjects,
  errorCodes,
  outcomeOf,
  personalTypes,
  rootFieldsOf,
  startOfDay,
  subjectsInArgs,
  subjectsInValue,
} from "./audit.rules.ts";

const schema = buildASTSchema(mergeTypeDefs(operationalTypeDefs));
const types = personalTypes(schema);
const P = "11111111-1111-4111-8111-111111111111";
const C = "22222222-2222-4222-8222-222222222222";
const C2 = "33333333-3333-4333-8333-333333333333";

function operation(source: string): [OperationDefinitionNode, Record<string, FragmentDefinitionNode>] {
  const document = parse(source);
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  return [op, fragments];
}

describe("which types carry personal data (read from the operational schema)", () => {
  it("takes people and cases, and every type that belongs to a person or a case", () => {
    for (const name of ["Person", "Case", "Consent", "Interview", "ServiceDelivery", "LegalEvent", "Placement"]) {
      expect(types.subjectsOf(name), name).toBeDefined();
    }
    for (const name of ["Structure", "OutreachOuting", "TrainingEvent", "ProvinceInfo", "String", "PageInfo"]) {
      expect(types.subjectsOf(name), name).toBeUndefined();
    }
  });

  it("counts pages of them, and the audit trail itself, as personal; not structures or outreach", () => {
    for (const name of ["PersonPage", "CasePage", "LegalEventPage", "AuditEntryPage", "AuditEntry", "Person"]) expect(types.isPersonal(name), name).toBe(true);
    for (const name of ["OutreachOuting", "TrainingEvent", "ProvinceInfo", "Query", "Mutation"]) expect(types.isPersonal(name), name).toBe(false);
  });

  it("reads the subjects of resolved values: a case names its person, a consent its person and case", () => {
    expect(subjectsInValue({ id: C, personId: P, reference: "BG-2026-0001" }, types.subjectsOf("Case")!)).toEqual([
      { kind: "CASE", id: C },
      { kind: "PERSON", id: P },
    ]);
    expect(subjectsInValue([{ id: "c", personId: P, caseId: C }, null, [{ personId: P, caseId: null }]], types.subjectsOf("Consent")!)).toEqual([
      { kind: "CASE", id: C },
      { kind: "PERSON", id: P },
      { kind: "PERSON", id: P },
    ]);
    expect(subjectsInValue(null, types.subjectsOf("Person")!)).toEqual([]);
  });
});

describe("subjects named by arguments", () => {
  it("takes personId and caseId anywhere, and id when the field returns a Person or a Case", () => {
    expect(subjectsInArgs({ input: { caseId: C, on: "2026-01-01" } }, "Case")).toEqual([{ kind: "CASE", id: C }]);
    expect(subjectsInArgs({ filter: { personId: P } }, "CasePage")).toEqual([{ kind: "PERSON", id: P }]);
    expect(subjectsInArgs({ id: P, input: {} }, "Person")).toEqual([{ kind: "PERSON", id: P }]);
    expect(subjectsInArgs({ id: C }, "Case")).toEqual([{ kind: "CASE", id: C }]);
    // An id of something else (a structure, a place) is not a subject; neither is a malformed id.
    expect(subjectsInArgs({ id: C }, "Structure")).toEqual([]);
    expect(subjectsInArgs({ input: { caseId: "not-an-id" } }, "Case")).toEqual([]);
  });

  it("reads them from the document before anything runs, with variables and fragments", () => {
    const [op, fragments] = operation(`
      query Look($c: ID!, $f: CaseFilter) { ...Roots  cases(filter: $f) { nodes { id } } province { code } }
      fragment Roots on Query { case(id: $c) { id } other: case(id: "${C2}") { id } }`);
    expect(rootFieldsOf(schema, op, fragments, { c: C, f: { personId: P } })).toEqual([
      { name: "case", returns: "Case", subjects: [{ kind: "CASE", id: C }, { kind: "CASE", id: C2 }] },
      { name: "cases", returns: "CasePage", subjects: [{ kind: "PERSON", id: P }] },
      { name: "province", returns: "ProvinceInfo", subjects: [] },
    ]);
    // Variables that do not coerce: the request will not run; its fields are still named.
    const [bad] = operation(`query($c: ID!) { case(id: $c) { id } }`);
    expect(rootFieldsOf(schema, bad, {}, {})).toEqual([{ name: "case", returns: "Case", subjects: [] }]);
  });

  it("lists each subject once, people first", () => {
    expect(
      distinctSubjects([
        { kind: "CASE", id: C },
        { kind: "PERSON", id: P },
        { kind: "CASE", id: C },
        { kind: "PERSON", id: P },
      ]),
    ).toEqual([
      { kind: "PERSON", id: P },
      { kind: "CASE", id: C },
    ]);
  });
});

describe("outcome", () => {
  it("is REFUSED for an access refusal, FAILED for any other error, COMPLETED without errors", () => {
    const err = (code?: string) => new GraphQLError("x", code ? { extensions: { code } } : {});
    expect(outcomeOf(errorCodes([]))).toBe("COMPLETED");
    expect(outcomeOf(errorCodes(undefined))).toBe("COMPLETED");
    expect(errorCodes([err("FORBIDDEN"), err("FORBIDDEN")])).toEqual(["FORBIDDEN"]);
    expect(outcomeOf(errorCodes([err("BAD_USER_INPUT"), err("FORBIDDEN")]))).toBe("REFUSED");
    expect(outcomeOf(errorCodes([err("UNAUTHENTICATED")]))).toBe("REFUSED");
    expect(outcomeOf(errorCodes([err("ILLEGAL_OPERATION")]))).toBe("FAILED");
    expect(errorCodes([err()])).toEqual(["INTERNAL_SERVER_ERROR"]);
  });
});

describe("audit filter", () => {
  it("reads days as Italian days, summer or winter, and the last day inclusive", () => {
    expect(startOfDay("2026-01-15").toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(startOfDay("2026-07-15").toISOString()).toBe("2026-07-14T22:00:00.000Z");
    // The days the clocks change (last Sunday of March and of October 2026).
    expect(startOfDay("2026-03-29").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDay("2026-10-25").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    const f = auditFilter.parse({ from: "2026-03-01", to: "2026-03-31", subject: " dev-operator ", caseId: C });
    expect(f).toEqual({
      subject: "dev-operator",
      caseId: C,
      personId: undefined,
      from: new Date("2026-02-28T23:00:00.000Z"),
      before: new Date("2026-03-31T22:00:00.000Z"),
    });
  });

  it("refuses a bad id, a bad day and a period that ends before it starts", () => {
    const issue = (input: unknown) => auditFilter.safeParse(input).error?.issues[0]?.path.join(".");
    expect(issue({ caseId: "x" })).toBe("caseId");
    expect(issue({ from: "2026-02-30" })).toBe("from");
    expect(issue({ from: "2026-03-02", to: "2026-03-01" })).toBe("to");
    expect(issue({ subject: "" })).toBe("subject");
  });
});
