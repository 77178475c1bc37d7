import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLObjectType, GraphQLSchema, GraphQLString, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { RegionDataSource } from "./region-data-source.ts";
import { buildRegionSchema } from "./region.resolvers.ts";

const ask = (source: RegionDataSource, query: string, variables?: Record<string, unknown>, context: Record<string, unknown> = {}) =>
  source.process({ kind: "incoming operation", request: { query, variables }, context, incomingRequestContext: {} } as unknown as GraphQLDataSourceProcessOptions);

/** A schema whose field records the operation it ran in: the same node object means the same parsed document. */
function recordingSchema() {
  const operations: OperationDefinitionNode[] = [];
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        hello: {
          type: GraphQLString,
          args: { name: { type: GraphQLString } },
          resolve: (_root, args: { name?: string }, context: { greeting?: string }, info) => {
            operations.push(info.operation);
            return `${context.greeting ?? "hello"} ${args.name ?? "world"}`;
          },
        },
      },
    }),
  });
  return { schema, operations };
}

describe("RegionDataSource", () => {
  it("parses and validates a query once, then executes the same document with each request's variables and context", async () => {
    const { schema, operations } = recordingSchema();
    const source = new RegionDataSource(schema);
    const query = "query Greet($name: String) { hello(name: $name) }";
    expect(await ask(source, query, { name: "Bergamo" })).toEqual({ data: { hello: "hello Bergamo" } });
    expect(await ask(source, query, { name: "Lodi" }, { greeting: "ciao" })).toEqual({ data: { hello: "ciao Lodi" } });
    await ask(source, "{ hello }");
    expect(operations[1]).toBe(operations[0]);
    expect(operations[2]).not.toBe(operations[0]);
  });

  it("keeps a bounded number of queries, dropping the oldest", async () => {
    const { schema, operations } = recordingSchema();
    const source = new RegionDataSource(schema, { maxDocuments: 2 });
    for (const query of ["{ a: hello }", "{ b: hello }", "{ c: hello }", "{ b: hello }", "{ a: hello }"]) await ask(source, query);
    const [a, b, , bAgain, aAgain] = operations;
    expect(bAgain).toBe(b);
    expect(aAgain).not.toBe(a);
  });

  it("answers syntax and validation errors as GraphQL errors, and never executes them", async () => {
    const { schema, operations } = recordingSchema();
    const source = new RegionDataSource(schema);
    for (let i = 0; i < 2; i++) {
      expect((await ask(source, "{ hello(name: 1) nope }")).errors?.map((e) => e.message)).toEqual([
        "String cannot represent a non string value: 1",
        'Cannot query field "nope" on type "Query".',
      ]);
      expect((await ask(source, "{ hello")).errors?.map((e) => e.message)).toEqual(["Syntax Error: Expected Name, found <EOF>."]);
    }
    expect(operations).toEqual([]);
  });

  it("runs the region subgraph's own resolvers and errors", async () => {
    const source = new RegionDataSource(buildRegionSchema());
    const query = "query ($from: Date!, $to: Date!) { region(from: $from, to: $to) { from to } }";
    expect(await ask(source, query, { from: "2025-01-01", to: "2025-03-31" })).toEqual({ data: { region: { from: "2025-01-01", to: "2025-03-31" } } });
    const reversed = await ask(source, query, { from: "2025-03-31", to: "2025-01-01" });
    expect(reversed.data).toBeNull();
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect((await ask(source, "{ region(from: \"2025-01-01\", to: \"2025-03-31\") { nope } }")).errors?.[0]?.message).toBe('Cannot query field "nope" on type "Region".');
  });
});
