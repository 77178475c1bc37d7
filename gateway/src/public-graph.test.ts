import { PROVINCES, loadGatewayEnv } from "@regional/schema";
import { buildSchema, isObjectType } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeSupergraph, readSupergraph } from "./compose.ts";
import { startGateway, type RunningGateway } from "./server.ts";
import { personalDataNames } from "./testing/personal-data.ts";
import { closedPortUrl } from "./testing/province-fixture.ts";
import { testGatewayAuth } from "./testing/auth.ts";

const identity = await testGatewayAuth();

/**
 * "No centralised personal data" as a checkable property: nothing in the graph the gateway serves,
 * nor in what it can fetch from the provinces, is named like personal data, and the provinces'
 * exact figures can be read only by the region subgraph.
 */
const composition = composeSupergraph();
const apiSchema = composition.apiSchema!;

describe("the public graph", () => {
  it("has no type, field, argument or value named like personal data", () => {
    expect(personalDataNames(apiSchema)).toEqual([]);
  });

  it("nor has the full supergraph, including what only the region subgraph reads", () => {
    expect(personalDataNames(buildSchema(readSupergraph()))).toEqual([]);
  });

  it("catches personal data when there is some (the check itself works)", () => {
    const leaky = buildSchema(`
      type Query { case(caseId: ID!): Case }
      type Case { givenName: String, birthDate: String, person: Person, personsAssessed: Int }
      type Person { phone: String }
    `);
    expect(personalDataNames(leaky)).toEqual([
      "Query.case(caseId:) (caseid)",
      "Case.givenName (name)",
      "Case.birthDate (birth)",
      "Case.person (person)",
      "Person (person)",
      "Person.phone (phone)",
    ]);
  });

  it("does not show the provinces' exact figures to clients", () => {
    const region = apiSchema.getType("Region");
    if (!isObjectType(region)) throw new Error("Region is missing from the API schema");
    const fields = Object.keys(region.getFields());
    expect(fields.sort()).toEqual(["freeCapacity", "from", "missing", "provinces", "to", "totals", "transfers"]);
    for (const p of PROVINCES) expect(fields).not.toContain(p.field);
    for (const p of PROVINCES) expect(fields).not.toContain(`${p.field}Transfers`);
    for (const internal of ["ProvinceFigures", "ExactCount", "CapacityFigure", "TransferRecord"]) expect(apiSchema.getType(internal)).toBeUndefined();
  });

  describe("through a running gateway", () => {
    let gateway: RunningGateway;
    beforeAll(async () => {
      // Validation refuses the query before any province is asked, so none needs to run.
      const nowhere = await closedPortUrl();
      const env = loadGatewayEnv({
        GATEWAY_PORT: "0",
        ...Object.fromEntries(PROVINCES.map((p) => [`SUBGRAPH_URL_${p.code}`, nowhere])),
      });
      gateway = await startGateway({ env, supergraphSdl: readSupergraph(), logger: pino({ level: "silent" }), auth: identity.auth });
    });
    afterAll(() => gateway.stop());

    it.each(PROVINCES.map((p) => p.field))("refuses a query selecting region { %s { contacts } }", async (field) => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...identity.capofilaHeaders },
        body: JSON.stringify({ query: `{ region(from: "2025-01-01", to: "2025-01-31") { ${field} { contacts } } }` }),
      });
      const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      expect(response.status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors?.[0]?.message).toContain(`Cannot query field "${field}" on type "Region"`);
    });

    it("serves by introspection the same public types as the composed API schema", async () => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...identity.capofilaHeaders },
        body: JSON.stringify({ query: "{ __schema { types { name } } }" }),
      });
      const body = (await response.json()) as { data: { __schema: { types: { name: string }[] } } };
      const served = body.data.__schema.types.map((t) => t.name).sort();
      expect(served).toEqual(Object.keys(apiSchema.getTypeMap()).sort());
    });
  });
});
