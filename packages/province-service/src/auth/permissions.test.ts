import { mergeTypeDefs } from "@graphql-tools/merge";
import { buildASTSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { operationalTypeDefs } from "../operational/typeDefs.ts";
import { accessRefusal, rootFields, type Caller } from "./guard.ts";
import { OPERATIONAL_PERMISSIONS } from "./permissions.ts";

const schema = buildASTSchema(mergeTypeDefs(operationalTypeDefs));

function operationOf(source: string): [OperationDefinitionNode, Record<string, FragmentDefinitionNode>] {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  return [operation, fragments];
}

const refusal = (caller: Caller, source: string) => {
  const error = accessRefusal(caller, ...operationOf(source)) as (Error & { extensions?: Record<string, unknown> }) | null;
  return error ? { code: error.extensions?.code, reason: error.extensions?.reason } : null;
};

const operator: Caller = { subject: "op", role: "operator", grantedRole: "operator" };
const coordinator: Caller = { subject: "co", role: "coordinator", grantedRole: "coordinator" };

describe("the permission table", () => {
  it("names every root field of the operational schema, and nothing else", () => {
    for (const [root, type] of [["Query", schema.getQueryType()!], ["Mutation", schema.getMutationType()!]] as const) {
      const fields = Object.keys(type.getFields());
      expect(Object.keys(OPERATIONAL_PERMISSIONS[root]).sort(), `${root}: add the missing fields to auth/permissions.ts`).toEqual(fields.sort());
    }
  });

  it("keeps structures, places and staff to coordinators, and gives operators the casework", () => {
    for (const field of ["createStructure", "updateStructure", "addPlaces", "setPlaceActive", "grantStaffRole", "revokeStaffRole"]) {
      expect(OPERATIONAL_PERMISSIONS.Mutation[field]).toBe("coordinator");
    }
    expect(OPERATIONAL_PERMISSIONS.Query.staff).toBe("coordinator");
    for (const field of ["openCase", "registerPerson", "recordConsent", "placePerson", "movePerson", "recordOuting", "recordTrainingEvent"]) {
      expect(OPERATIONAL_PERMISSIONS.Mutation[field]).toBe("operator");
    }
  });
});

describe("accessRefusal", () => {
  it("lets an operator read cases and refuses a structure mutation, before anything is looked up", () => {
    expect(refusal(operator, `{ cases { nodes { id } } }`)).toBeNull();
    expect(refusal(operator, `mutation { setPlaceActive(placeId: "00000000-0000-0000-0000-000000000000", active: false) { id } }`)).toEqual({
      code: "FORBIDDEN",
      reason: "role",
    });
    expect(refusal(coordinator, `mutation { setPlaceActive(placeId: "x", active: false) { id } }`)).toBeNull();
  });

  it("finds forbidden fields behind aliases, fragments and inline fragments, and refuses the whole operation", () => {
    expect(refusal(operator, `mutation { a: openCase(input: {}) { id } b: createStructure(input: {}) { id } }`)?.code).toBe("FORBIDDEN");
    expect(refusal(operator, `query { ...F } fragment F on Query { staff { subject } }`)?.code).toBe("FORBIDDEN");
    expect(refusal(operator, `query { ... on Query { ... { staff { subject } } } }`)?.code).toBe("FORBIDDEN");
    expect(refusal(operator, `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A me { subject } }`)).toBeNull();
  });

  it("refuses a subject the registry does not know, and a token claiming more than the registry grants", () => {
    expect(refusal({ ...operator, grantedRole: null }, `{ province { code } }`)).toEqual({ code: "FORBIDDEN", reason: "not-on-staff" });
    expect(refusal({ ...coordinator, grantedRole: "operator" }, `{ province { code } }`)).toEqual({ code: "FORBIDDEN", reason: "role-not-granted" });
    // A coordinator may act with an operator's token (less than granted).
    expect(refusal({ ...operator, grantedRole: "coordinator" }, `{ province { code } }`)).toBeNull();
  });

  it("refuses a field no permission names (a new field is closed until someone decides)", () => {
    expect(refusal(coordinator, `{ somethingNew }`)).toEqual({ code: "FORBIDDEN", reason: "no-permission" });
    expect(refusal(coordinator, `subscription { ticks }`)).toEqual({ code: "FORBIDDEN", reason: "no-permission" });
  });

  it("lets staff introspect", () => {
    expect(refusal(operator, `{ __typename __schema { queryType { name } } }`)).toBeNull();
  });
});

describe("rootFields", () => {
  it("lists the root fields of an operation through fragments", () => {
    const [operation, fragments] = operationOf(`query { a: me { subject } ...F } fragment F on Query { province { code } }`);
    expect(rootFields(operation.selectionSet, fragments)).toEqual(["me", "province"]);
  });
});
