import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { PROVINCES } from "@regional/schema";
import { parse } from "graphql";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { GatewayCaller } from "./auth.ts";
import { completeEntities, ProvinceDataSource, stableJson, type GatewayContext, type SubgraphResponse } from "./province-data-source.ts";

// The shape of the fetches the query planner sends to a province.
const entitiesFetch = parse(`query Region__bergamo__1($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Region { bergamo { contacts } } }
}`);
const representations = [{ __typename: "Region", from: "2025-01-01", to: "2025-01-31" }];

describe("completeEntities", () => {
  it("gives null figures for each entity when the province gave no data", () => {
    const response = completeEntities({ errors: [{ message: "down" }] }, entitiesFetch, representations);
    expect(response).toEqual({ errors: [{ message: "down" }], data: { _entities: [{ __typename: "Region", bergamo: null }] } });
  });

  it("replaces an entity the province nulled", () => {
    const response = completeEntities({ data: { _entities: [null] } }, entitiesFetch, representations);
    expect(response.data).toEqual({ _entities: [{ __typename: "Region", bergamo: null }] });
  });

  it("keeps what the province answered", () => {
    const answered = { data: { _entities: [{ bergamo: { contacts: 3 } }] } };
    expect(completeEntities(answered, entitiesFetch, representations).data).toEqual({
      _entities: [{ __typename: "Region", bergamo: { contacts: 3 } }],
    });
  });

  it("uses the alias the query planner chose", () => {
    const aliased = parse(`query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Region { b: bergamo { contacts } } } }`);
    expect(completeEntities({}, aliased, representations).data).toEqual({ _entities: [{ __typename: "Region", b: null }] });
  });

  it("leaves other operations alone", () => {
    const response = { data: null };
    expect(completeEntities(response, parse("{ _service { sdl } }"), undefined)).toBe(response);
  });
});

/**
 * A province on a real port that counts what it receives and answers only when the test releases
 * it, so requests stay in flight as long as the test needs. Each answer carries its hit number.
 */
async function heldProvince(status = 200) {
  const hits: { authorization: string | undefined; query: string }[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    hits.push({ authorization: req.headers.authorization, query: (JSON.parse(body) as { query: string }).query });
    const hit = hits.length;
    await released;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ data: { _entities: [{ bergamo: { contacts: hit, byGender: [{ key: "F", count: hit }] } }] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    hits,
    release,
    stop: () => {
      release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const giulia: GatewayCaller = { subject: "giulia.lodi", role: "coordinator", province: "LO" };
const marco: GatewayCaller = { subject: "marco.bg", role: "coordinator", province: "BG" };
const ENTITIES = `query Region__bergamo__1($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Region { bergamo { contacts byGender { key count } } } }
}`;
const MUTATION = `mutation Cancel($id: ID!) { cancelTransfer(id: $id) { id } }`;

describe("requests already in flight", () => {
  let province: Awaited<ReturnType<typeof heldProvince>> | undefined;
  afterEach(async () => {
    await province?.stop();
    province = undefined;
  });

  /** A data source for Bergamo whose hook names the caller in the header, as the service token does. */
  function sourceFor(url: string, timeoutMs = 10_000) {
    return new ProvinceDataSource({
      province: PROVINCES[0],
      url,
      timeoutMs,
      logger: pino({ level: "silent" }),
      onRequest: ({ headers, context }) => headers.set("authorization", `Bearer for-${context?.caller.subject ?? "gateway"}`),
    });
  }

  let requestNumber = 0;
  // What the query planner passes for one fetch of an incoming operation.
  const ask = (source: ProvinceDataSource, caller: GatewayCaller, query = ENTITIES, variables: Record<string, unknown> = { representations }) =>
    source.process({
      kind: "incoming operation",
      request: { query, variables },
      context: { requestId: `r${++requestNumber}`, caller },
      incomingRequestContext: {},
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);

  const contactsOf = (response: SubgraphResponse) => (response.data?._entities as { bergamo: { contacts: number } | null }[])[0]!.bergamo?.contacts;

  it("sends identical concurrent queries of one caller once, and gives each its own copy of the answer", async () => {
    province = await heldProvince();
    const source = sourceFor(province.url);
    // Same variables, keys in another order: still the same request.
    const reordered = { representations: [{ to: "2025-01-31", from: "2025-01-01", __typename: "Region" }] };
    const pending = [...Array.from({ length: 4 }, () => ask(source, giulia)), ask(source, { ...giulia }, ENTITIES, reordered)];
    province.release();
    const responses = await Promise.all(pending);
    expect(province.hits).toHaveLength(1);
    expect(province.hits[0]!.authorization).toBe("Bearer for-giulia.lodi");
    for (const response of responses) expect(response.data).toEqual(responses[0]!.data);
    expect(contactsOf(responses[0]!)).toBe(1);
    // What the gateway does to one answer (it merges into and changes these objects) no other sees.
    (responses[0]!.data!._entities as { bergamo: { contacts: number; byGender: { count: number }[] } }[])[0]!.bergamo.byGender[0]!.count = 99;
    responses[1]!.data!._entities[0].bergamo.contacts = -1;
    expect(responses.slice(2).map((r) => r.data!._entities[0].bergamo)).toEqual(
      Array.from({ length: 3 }, () => ({ contacts: 1, byGender: [{ key: "F", count: 1 }] })),
    );
  });

  it("never lets two callers share a request, nor different variables", async () => {
    province = await heldProvince();
    const source = sourceFor(province.url);
    const otherPeriod = { representations: [{ __typename: "Region", from: "2025-02-01", to: "2025-02-28" }] };
    const pending = [ask(source, giulia), ask(source, marco), ask(source, giulia, ENTITIES, otherPeriod), ask(source, giulia)];
    province.release();
    const responses = await Promise.all(pending);
    expect(province.hits).toHaveLength(3);
    expect(province.hits.map((h) => h.authorization).sort()).toEqual(["Bearer for-giulia.lodi", "Bearer for-giulia.lodi", "Bearer for-marco.bg"]);
    expect(contactsOf(responses[0]!)).toBe(contactsOf(responses[3]!));
    expect(new Set(responses.slice(0, 3).map(contactsOf)).size).toBe(3);
  });

  it("asks again for a query that starts after the identical one was answered (not a cache)", async () => {
    province = await heldProvince();
    province.release();
    const source = sourceFor(province.url);
    expect(contactsOf(await ask(source, giulia))).toBe(1);
    expect(contactsOf(await ask(source, giulia))).toBe(2);
    expect(province.hits).toHaveLength(2);
  });

  it("always sends mutations", async () => {
    province = await heldProvince();
    const source = sourceFor(province.url);
    const pending = [ask(source, giulia, MUTATION, { id: "t1" }), ask(source, giulia, MUTATION, { id: "t1" })];
    province.release();
    await Promise.all(pending);
    expect(province.hits.map((h) => h.query)).toEqual([MUTATION, MUTATION]);
  });

  it("gives every request sharing a failed one the same labelled error", async () => {
    province = await heldProvince(503);
    const source = sourceFor(province.url);
    const pending = Array.from({ length: 3 }, () => ask(source, giulia));
    province.release();
    const responses = await Promise.all(pending);
    expect(province.hits).toHaveLength(1);
    for (const response of responses) {
      expect(response.errors).toEqual([
        { message: "Bergamo (BG) could not be reached (BAD_STATUS)", extensions: { code: "PROVINCE_UNAVAILABLE", province: "BG", reason: "BAD_STATUS" } },
      ]);
      // Still one null entity per representation, so the region can name the province as missing.
      expect(response.data).toEqual({ _entities: [{ __typename: "Region", bergamo: null }] });
    }
  });

  it("gives every request sharing a timed-out one the timeout", async () => {
    province = await heldProvince();
    const source = sourceFor(province.url, 50);
    // Never released: the first request times out, and so do those waiting on it.
    const responses = await Promise.all(Array.from({ length: 3 }, () => ask(source, giulia)));
    expect(province.hits).toHaveLength(1);
    expect(responses.map((r) => r.errors?.[0]?.extensions?.reason)).toEqual(["TIMEOUT", "TIMEOUT", "TIMEOUT"]);
  });
});

describe("stableJson", () => {
  it("ignores the order of object keys at any depth, but not the order of array items", () => {
    expect(stableJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(stableJson({ a: { c: null, d: [1, 2] }, b: 1 }));
    expect(stableJson({ a: [1, 2] })).not.toBe(stableJson({ a: [2, 1] }));
    expect(stableJson({ a: "1" })).not.toBe(stableJson({ a: 1 }));
  });
});
