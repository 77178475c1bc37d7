import { loadGatewayEnv, PROVINCES, type ProvinceCode, type ProvinceFigures } from "@regional/schema";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { composeSupergraph, readSupergraph, subgraphDefinitions } from "./compose.ts";
import type { SubgraphRequest } from "./province-data-source.ts";
import { startGateway, type RunningGateway } from "./server.ts";
import { figures } from "./testing/figures.ts";
import { closedPortUrl, startFixtureProvince, type FixtureProvince } from "./testing/province-fixture.ts";
import { testGatewayAuth } from "./testing/auth.ts";

const TIMEOUT_MS = 1000;
const logger = pino({ level: "silent" });
const identity = await testGatewayAuth();

// Each province answers different, easily summed figures: province i has i+1 new cases, etc.
const fixedFigures: Record<ProvinceCode, ProvinceFigures> = Object.fromEntries(
  PROVINCES.map((p, i) => [
    p.code,
    figures({
      contacts: 10 * (i + 1),
      newCases: i + 1,
      activeCases: 2 * (i + 1),
      placesTotal: 4,
      placesOccupied: 1,
      placesFree: 3,
      byGender: [
        { key: "WOMAN", count: i + 1 },
        { key: "MAN", count: 1 },
      ],
      places: [{ structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 4, occupied: 1, free: 3 }],
    }),
  ]),
) as Record<ProvinceCode, ProvinceFigures>;

const sumOf = (codes: ProvinceCode[], pick: (f: ProvinceFigures) => number) =>
  codes.reduce((sum, code) => sum + pick(fixedFigures[code]), 0);
const allCodes = PROVINCES.map((p) => p.code);

const REGION_QUERY = /* GraphQL */ `
  query Region($from: Date!, $to: Date!) {
    region(from: $from, to: $to) {
      from
      to
      missing
      provinces { province name contacts byGender { key count suppressed } }
      totals {
        provincesReporting contacts newCases activeCases placesTotal placesOccupied placesFree
        byGender { key count suppressed }
        places { structureType target total occupied free }
      }
    }
  }
`;
const PERIOD = { from: "2025-01-01", to: "2025-03-31" };

interface GraphQLBody {
  data?: { region?: any } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(gateway: RunningGateway, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...identity.capofilaHeaders, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

const provinces: Partial<Record<ProvinceCode, FixtureProvince>> = {};
const running: RunningGateway[] = [];

beforeAll(async () => {
  for (const p of PROVINCES) provinces[p.code] = await startFixtureProvince(p, fixedFigures[p.code]);
});
afterAll(async () => {
  await Promise.all(Object.values(provinces).map((f) => f.stop()));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.stop()));
});

/** A gateway routed to the fixtures, with some provinces' URLs replaced. */
async function gatewayWith(
  urls: Partial<Record<ProvinceCode, string>> = {},
  onSubgraphRequest?: (r: SubgraphRequest) => void,
  watchSupergraphPath?: string,
) {
  const env = loadGatewayEnv({
    GATEWAY_PORT: "0",
    SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS),
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    ...Object.fromEntries(PROVINCES.map((p) => [`SUBGRAPH_URL_${p.code}`, urls[p.code] ?? provinces[p.code]!.url])),
  });
  const supergraphSdl = watchSupergraphPath ? readSupergraph(watchSupergraphPath) : readSupergraph();
  const gateway = await startGateway({ env, supergraphSdl, logger, auth: identity.auth, onSubgraphRequest, watchSupergraphPath });
  running.push(gateway);
  return gateway;
}

describe("the gateway over seven answering provinces", () => {
  it("answers /health with 200 once started", async () => {
    const gateway = await gatewayWith();
    const response = await fetch(gateway.healthUrl);
    expect(response.status).toBe(200);
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });

  it("totals all seven provinces", async () => {
    const gateway = await gatewayWith();
    const { status, body } = await post(gateway, REGION_QUERY, PERIOD);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const region = body.data!.region;
    expect(region).toMatchObject({ ...PERIOD, missing: [] });
    expect(region.provinces.map((p: { province: string }) => p.province)).toEqual(allCodes);
    expect(region.provinces[0]).toMatchObject({ province: "BG", name: "Bergamo", contacts: 10 });
    expect(region.totals).toMatchObject({
      provincesReporting: 7,
      contacts: sumOf(allCodes, (f) => f.contacts),
      newCases: 28,
      activeCases: 56,
      placesTotal: 28,
      placesOccupied: 7,
      placesFree: 21,
      byGender: [
        { key: "WOMAN", count: 28, suppressed: false },
        { key: "MAN", count: 7, suppressed: false },
      ],
      places: [{ structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 28, occupied: 7, free: 21 }],
    });
  });

  it("passes a request id to every province and calls the subgraph-request hook", async () => {
    const seen: SubgraphRequest[] = [];
    const gateway = await gatewayWith({}, (request) => {
      seen.push(request);
      request.headers.set("x-test-hook", request.province);
    });
    const before = provinces.BG!.requests.length;
    await post(gateway, REGION_QUERY, PERIOD, { "x-request-id": "req-42" });
    const received = provinces.BG!.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ "x-gateway-request-id": "req-42", "x-test-hook": "BG" });
    expect(seen.map((r) => r.province).sort()).toEqual([...allCodes].sort());
  });
});

describe("the gateway when a province is down", () => {
  it("answers 200 without a province that refuses connections, naming it in missing", async () => {
    const gateway = await gatewayWith({ LO: await closedPortUrl() });
    const { status, body } = await post(gateway, REGION_QUERY, PERIOD);
    expect(status).toBe(200);
    const others = allCodes.filter((c) => c !== "LO");
    expect(body.data!.region.missing).toEqual(["LO"]);
    expect(body.data!.region.provinces.map((p: { province: string }) => p.province)).toEqual(others);
    expect(body.data!.region.totals).toMatchObject({
      provincesReporting: 6,
      contacts: sumOf(others, (f) => f.contacts),
      newCases: sumOf(others, (f) => f.newCases),
      activeCases: sumOf(others, (f) => f.activeCases),
    });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("Lodi (LO)"),
        extensions: expect.objectContaining({ code: "PROVINCE_UNAVAILABLE", province: "LO", reason: "UNREACHABLE", serviceName: "lodi" }),
      }),
    ]);
  });

  it("answers within the timeout when a province hangs", async () => {
    const hanging = await startFixtureProvince(PROVINCES[5], fixedFigures.MN, "hang");
    try {
      const gateway = await gatewayWith({ MN: hanging.url });
      // reason TIMEOUT proves the gateway gave up on its own; latency is for the benchmarks.
      const { status, body } = await post(gateway, REGION_QUERY, PERIOD);
      expect(status).toBe(200);
      expect(body.data!.region.missing).toEqual(["MN"]);
      expect(body.data!.region.totals.provincesReporting).toBe(6);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "PROVINCE_UNAVAILABLE", province: "MN", reason: "TIMEOUT" });
    } finally {
      await hanging.stop();
    }
  });

  it.each(["fail-figures", "fail-entity"] as const)("names a province whose subgraph answers with errors (%s) in missing", async (behaviour) => {
    const failing = await startFixtureProvince(PROVINCES[0], fixedFigures.BG, behaviour);
    try {
      const gateway = await gatewayWith({ BG: failing.url });
      const { status, body } = await post(gateway, REGION_QUERY, PERIOD);
      expect(status).toBe(200);
      expect(body.data!.region.missing).toEqual(["BG"]);
      const others = allCodes.filter((c) => c !== "BG");
      expect(body.data!.region.totals.contacts).toBe(sumOf(others, (f) => f.contacts));
      expect(body.errors?.[0]?.extensions?.serviceName).toBe("bergamo");
    } finally {
      await failing.stop();
    }
  });

  it("answers with all seven missing and zero totals when no province answers", async () => {
    const closed = await closedPortUrl();
    const gateway = await gatewayWith(Object.fromEntries(allCodes.map((c) => [c, closed])));
    const { status, body } = await post(gateway, REGION_QUERY, PERIOD);
    expect(status).toBe(200);
    expect(body.data!.region.missing).toEqual(allCodes);
    expect(body.data!.region.totals).toMatchObject({ provincesReporting: 0, contacts: 0, byGender: [] });
  });
});

describe("the gateway's public contract", () => {
  it("refuses to let clients select a province's exact figures", async () => {
    const gateway = await gatewayWith();
    const before = provinces.BG!.requests.length;
    const { status, body } = await post(gateway, `{ region(from: "2025-01-01", to: "2025-01-31") { bergamo { contacts } } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(body.errors?.[0]?.message).toMatch(/bergamo/);
    expect(provinces.BG!.requests.length).toBe(before);
  });

  it.each([
    [{ from: "2025-02-30", to: "2025-03-31" }, "from", "NOT_A_CALENDAR_DATE"],
    [{ from: "2025-01-01", to: "31/03/2025" }, "to", "NOT_YYYY_MM_DD"],
    [{ from: 20250101, to: "2025-03-31" }, "from", "NOT_A_STRING"],
  ])("refuses the invalid period %j (variables) as BAD_USER_INPUT on %s", async (variables, field, reason) => {
    const gateway = await gatewayWith();
    const { status, body } = await post(gateway, REGION_QUERY, variables);
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field, reason });
  });

  it("refuses an invalid date written in the query itself", async () => {
    const gateway = await gatewayWith();
    const { status, body } = await post(gateway, `{ region(from: "2025-01-01", to: "2025-04-31") { missing } }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to", reason: "NOT_A_CALENDAR_DATE" });
  });

  it("refuses a period whose from is after its to, without asking the provinces", async () => {
    const gateway = await gatewayWith();
    const before = provinces.BG!.requests.length;
    const { status, body } = await post(gateway, REGION_QUERY, { from: "2025-04-01", to: "2025-03-31" });
    expect(status).toBe(200); // a GraphQL execution error, not a malformed request
    expect(body.data).toBeNull();
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "from", reason: "FROM_AFTER_TO" });
    expect(provinces.BG!.requests.length).toBe(before);
  });

  it("keeps CSRF prevention on", async () => {
    const gateway = await gatewayWith();
    const response = await fetch(`${gateway.url}?query=${encodeURIComponent("{ __typename }")}`);
    expect(response.status).toBe(400);
  });
});

describe("the gateway watching its supergraph file", () => {
  async function queryFields(gateway: RunningGateway): Promise<string[]> {
    const { body } = await post(gateway, `{ __type(name: "Query") { fields { name } } }`);
    return (body.data as { __type: { fields: { name: string }[] } }).__type.fields.map((f) => f.name);
  }
  async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (performance.now() < deadline) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  it("reloads a new supergraph and keeps the last good one when the file is broken", async () => {
    const dir = await mkdtemp(join(tmpdir(), "supergraph-"));
    try {
      const path = join(dir, "supergraph.graphql");
      await writeFile(path, readSupergraph());
      const gateway = await gatewayWith({}, undefined, path);
      expect(await queryFields(gateway)).toEqual(["region"]);

      // A region subgraph with one more root field stands for any change to the templates.
      const changed = subgraphDefinitions().map((s) =>
        s.name === "region" ? { ...s, sdl: s.sdl.replace("type Query {", "type Query {\n  ping: Int") } : s,
      );
      await writeFile(path, composeSupergraph(changed).supergraphSdl!);
      expect(await eventually(async () => (await queryFields(gateway)).includes("ping"))).toBe(true);

      await writeFile(path, "this is not a supergraph");
      await new Promise((r) => setTimeout(r, 600));
      expect((await queryFields(gateway)).sort()).toEqual(["ping", "region"]);
      expect((await fetch(gateway.healthUrl)).status).toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
