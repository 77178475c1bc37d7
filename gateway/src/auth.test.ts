import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyRing, signToken, verifyToken } from "@regional/auth";
import {
  CAPOFILA_ISSUER,
  federationAudience,
  GATEWAY_AUDIENCE,
  GATEWAY_ISSUER,
  loadGatewayEnv,
  operationalAudience,
  PROVINCES,
  teamIssuer,
  type ProvinceCode,
} from "@regional/schema";
import { GraphQLError } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayAuth, loadGatewayKeys, SERVICE_TOKEN_REUSE_SECONDS, SERVICE_TOKEN_TTL_SECONDS, type GatewayCaller } from "./auth.ts";
import { readSupergraph } from "./compose.ts";
import { startGateway, type RunningGateway } from "./server.ts";
import { testGatewayAuth, type TestGatewayAuth } from "./testing/auth.ts";
import { figures } from "./testing/figures.ts";
import { startFixtureProvince, type FixtureProvince } from "./testing/province-fixture.ts";

let identity: TestGatewayAuth;
beforeAll(async () => {
  identity = await testGatewayAuth();
});

async function refusal(promise: Promise<unknown>): Promise<{ code: unknown; reason: unknown }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    const { code, reason } = (error as GraphQLError).extensions;
    return { code, reason };
  }
  throw new Error("accepted");
}

const sign = (issuer: string, claims: Parameters<typeof signToken>[1], ttlSeconds = 600, ring = identity.ring) =>
  signToken(ring.signing(issuer), claims, { ttlSeconds });

describe("who the gateway lets in", () => {
  it("accepts the capofila and any province's team, and says who they are", async () => {
    expect(await identity.auth.authenticate(identity.capofilaHeaders.authorization)).toEqual({
      subject: "test-capofila",
      role: "capofila",
      province: undefined,
    });
    for (const p of PROVINCES) {
      const caller = await identity.auth.authenticate(`Bearer ${await identity.teamToken(p.code, "operator", "op")}`);
      expect(caller).toEqual({ subject: "op", role: "operator", province: p.code });
    }
  });

  it("refuses no token, its own service token, a token for a province's API, and forged or expired ones", async () => {
    expect(await refusal(identity.auth.authenticate(undefined))).toEqual({ code: "UNAUTHENTICATED", reason: "missing" });
    const service = await identity.auth.serviceToken("BG", undefined);
    expect(await refusal(identity.auth.authenticate(`Bearer ${service}`))).toMatchObject({ code: "UNAUTHENTICATED" });
    const forOperational = await sign(teamIssuer("BG"), { subject: "op", role: "operator", province: "BG", audience: operationalAudience("BG") });
    expect(await refusal(identity.auth.authenticate(`Bearer ${forOperational}`))).toEqual({ code: "UNAUTHENTICATED", reason: "wrong-audience" });
    const forger = await generateKeyRing([CAPOFILA_ISSUER]);
    const forged = await sign(CAPOFILA_ISSUER, { subject: "x", role: "capofila", audience: GATEWAY_AUDIENCE }, 600, forger);
    expect(await refusal(identity.auth.authenticate(`Bearer ${forged}`))).toEqual({ code: "UNAUTHENTICATED", reason: "bad-signature" });
    const expired = await signToken(
      identity.ring.signing(CAPOFILA_ISSUER),
      { subject: "x", role: "capofila", audience: GATEWAY_AUDIENCE },
      { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) },
    );
    expect(await refusal(identity.auth.authenticate(`Bearer ${expired}`))).toEqual({ code: "UNAUTHENTICATED", reason: "expired" });
  });

  it("refuses a province issuer vouching for another province's team, and roles that do not belong to an issuer", async () => {
    const mixed = await sign(teamIssuer("BG"), { subject: "op", role: "operator", province: "LO", audience: GATEWAY_AUDIENCE });
    expect(await refusal(identity.auth.authenticate(`Bearer ${mixed}`))).toEqual({ code: "UNAUTHENTICATED", reason: "bad-claims" });
    const teamAsCapofila = await sign(teamIssuer("BG"), { subject: "op", role: "capofila", province: "BG", audience: GATEWAY_AUDIENCE });
    expect(await refusal(identity.auth.authenticate(`Bearer ${teamAsCapofila}`))).toMatchObject({ code: "FORBIDDEN" });
    const capofilaAsOperator = await sign(CAPOFILA_ISSUER, { subject: "c", role: "operator", audience: GATEWAY_AUDIENCE });
    expect(await refusal(identity.auth.authenticate(`Bearer ${capofilaAsOperator}`))).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the service tokens the gateway keeps", () => {
  const giulia: GatewayCaller = { subject: "giulia.lodi", role: "coordinator", province: "LO" };
  const marco: GatewayCaller = { subject: "marco.bg", role: "coordinator", province: "BG" };
  // A clock the test moves by hand.
  const clockAt = (iso: string) => {
    let current = new Date(iso);
    return { now: () => current, advance: (seconds: number) => (current = new Date(current.getTime() + seconds * 1000)) };
  };
  const opened = (token: string, province: ProvinceCode, now: () => Date) =>
    verifyToken(token, { issuers: [identity.ring.trusted(GATEWAY_ISSUER)], audience: federationAudience(province), now });

  it("gives the same caller the same token while most of its lifetime is left, then signs a new one", async () => {
    const clock = clockAt("2026-03-01T10:00:00Z");
    const auth = createGatewayAuth({ ...identity.keys, now: clock.now });
    const first = await auth.serviceToken("BG", giulia);
    clock.advance(SERVICE_TOKEN_TTL_SECONDS - SERVICE_TOKEN_REUSE_SECONDS - 1);
    expect(await auth.serviceToken("BG", giulia)).toBe(first);
    clock.advance(2);
    const renewed = await auth.serviceToken("BG", giulia);
    expect(renewed).not.toBe(first);
    // The new token is valid from now on for a whole lifetime, so it outlives the old one.
    const verified = await opened(renewed, "BG", clock.now);
    expect(verified).toMatchObject({ issuer: GATEWAY_ISSUER, role: "gateway", act: { sub: "giulia.lodi", role: "coordinator", province: "LO" } });
    expect(verified.expiresAt.getTime() - clock.now().getTime()).toBe(SERVICE_TOKEN_TTL_SECONDS * 1000);
    expect(await auth.serviceToken("BG", giulia)).toBe(renewed);
  });

  it("never gives one caller's token to another caller, to another province, or to the gateway's own requests", async () => {
    const clock = clockAt("2026-03-01T10:00:00Z");
    const auth = createGatewayAuth({ ...identity.keys, now: clock.now });
    const [forGiulia, forMarco, forGiuliaAtLO, forNobody, sameRoleOtherProvince] = await Promise.all([
      auth.serviceToken("BG", giulia),
      auth.serviceToken("BG", marco),
      auth.serviceToken("LO", giulia),
      auth.serviceToken("BG", undefined),
      auth.serviceToken("BG", { ...giulia, province: "BG" }),
    ]);
    expect(new Set([forGiulia, forMarco, forGiuliaAtLO, forNobody, sameRoleOtherProvince]).size).toBe(5);
    expect((await opened(forMarco, "BG", clock.now)).act).toEqual({ sub: "marco.bg", role: "coordinator", province: "BG" });
    expect((await opened(forGiuliaAtLO, "LO", clock.now)).act).toEqual({ sub: "giulia.lodi", role: "coordinator", province: "LO" });
    expect((await opened(forNobody, "BG", clock.now)).act).toBeUndefined();
    expect((await opened(sameRoleOtherProvince, "BG", clock.now)).act).toEqual({ sub: "giulia.lodi", role: "coordinator", province: "BG" });
  });

  it("signs once for a burst of requests from one caller", async () => {
    const auth = createGatewayAuth({ ...identity.keys, now: clockAt("2026-03-01T10:00:00Z").now });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => auth.serviceToken("PV", giulia)));
    expect(new Set(tokens).size).toBe(1);
  });

  it("keeps a bounded number of tokens, dropping the oldest", async () => {
    const auth = createGatewayAuth({ ...identity.keys, now: clockAt("2026-03-01T10:00:00Z").now }, { serviceTokenCacheSize: 2 });
    const first = await auth.serviceToken("BG", giulia);
    const second = await auth.serviceToken("BG", marco);
    await auth.serviceToken("LO", giulia);
    expect(await auth.serviceToken("BG", marco)).toBe(second);
    expect(await auth.serviceToken("BG", giulia)).not.toBe(first);
  });
});

describe("what the gateway tells a province", () => {
  const provinces: Partial<Record<ProvinceCode, FixtureProvince>> = {};
  let gateway: RunningGateway;
  beforeAll(async () => {
    for (const p of PROVINCES) provinces[p.code] = await startFixtureProvince(p, figures({ newCases: 1 }));
    const env = loadGatewayEnv({
      GATEWAY_PORT: "0",
      LOG_LEVEL: "silent",
      NODE_ENV: "test",
      ...Object.fromEntries(PROVINCES.map((p) => [`SUBGRAPH_URL_${p.code}`, provinces[p.code]!.url])),
    });
    gateway = await startGateway({ env, supergraphSdl: readSupergraph(), logger: pino({ level: "silent" }), auth: identity.auth });
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(Object.values(provinces).map((p) => p.stop()));
  });

  const ask = (headers: Record<string, string>) =>
    fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: `{ region(from: "2025-01-01", to: "2025-03-31") { totals { newCases } } }` }),
    });

  it("forwards who is asking inside its own short-lived token for each province, never the caller's token", async () => {
    const userToken = await identity.teamToken("LO", "coordinator", "giulia.lodi");
    const before = provinces.BG!.requests.length;
    const response = await ask({ authorization: `Bearer ${userToken}` });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { region: { totals: { newCases: number } } } }).data.region.totals.newCases).toBe(7);
    for (const p of PROVINCES) {
      const received = provinces[p.code]!.requests.at(-1)!;
      expect(JSON.stringify(received)).not.toContain(userToken);
      const token = /^Bearer (.+)$/.exec(String(received.authorization))![1]!;
      // Only the gateway's key opens it, and only as this province's federation audience.
      const verified = await verifyToken(token, { issuers: [identity.ring.trusted(GATEWAY_ISSUER)], audience: federationAudience(p.code) });
      expect(verified).toMatchObject({ issuer: GATEWAY_ISSUER, role: "gateway", act: { sub: "giulia.lodi", role: "coordinator", province: "LO" } });
      expect(verified.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(SERVICE_TOKEN_TTL_SECONDS * 1000);
      await expect(verifyToken(token, { issuers: [identity.ring.trusted(GATEWAY_ISSUER)], audience: federationAudience(p.code === "BG" ? "LO" : "BG") })).rejects.toThrow();
    }
    expect(provinces.BG!.requests.length).toBe(before + 1);
  });

  it("refuses an unauthenticated caller with 401 before asking any province", async () => {
    const before = PROVINCES.map((p) => provinces[p.code]!.requests.length);
    const response = await ask({});
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[]; data?: unknown };
    expect(body.errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
    expect(body.data).toBeUndefined();
    expect(PROVINCES.map((p) => provinces[p.code]!.requests.length)).toEqual(before);
  });

  it("keeps GET /health open", async () => {
    expect((await fetch(gateway.healthUrl)).status).toBe(200);
  });
});

describe("the gateway's keys", () => {
  it("creates development keys on a first start and refuses them in production", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gateway-keys-"));
    try {
      const env = loadGatewayEnv({ KEYS_DIR: join(dir, "keys") });
      const keys = await loadGatewayKeys(env.auth, { dataDir: dir, production: false });
      expect(keys.signing.kid).toMatch(/^dev-regional-gateway-/);
      expect((await readdir(join(dir, "keys"))).length).toBe(2 * (2 + PROVINCES.length));
      await expect(loadGatewayKeys(env.auth, { dataDir: dir, production: true })).rejects.toThrow(/development key/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
