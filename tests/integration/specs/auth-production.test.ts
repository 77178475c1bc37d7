/**
 * Production keys, as an installer meets them: a service or gateway given development keys with
 * NODE_ENV=production refuses to start (before touching its database); given keys of its own it
 * starts and accepts exactly the tokens those keys sign.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairJwk, signingKeyFromJwk, signToken } from "@regional/auth";
import { CAPOFILA_ISSUER, GATEWAY_AUDIENCE, GATEWAY_ISSUER, operationalAudience, PROVINCES, teamIssuer } from "@regional/schema";
import { afterAll, describe, expect, it } from "vitest";
import { graphql } from "../fixtures/graphql.ts";
import { freePort, startScript, waitHealthy, type ChildService } from "../fixtures/processes.ts";
import { RegionIdentity } from "../fixtures/tokens.ts";

const folders: string[] = [];
const running: ChildService[] = [];
const folder = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `regional-${name}-`));
  folders.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(running.map((c) => c.stop()));
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const production = { NODE_ENV: "production", LOG_LEVEL: "warn", DATABASE_URL: "", DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64") };

async function exitOf(child: ChildService): Promise<number | null> {
  return child.process.exitCode ?? new Promise((resolve) => child.process.once("exit", resolve));
}

/** A key pair of the installation's own (no dev- prefix), written as files; returns what signs with it. */
async function ownKeys(dir: string, issuer: string) {
  const { privateJwk, publicJwk } = await generateKeyPairJwk(issuer, { development: false });
  const privatePath = join(dir, `${issuer}.key.json`);
  const jwksPath = join(dir, `${issuer}.jwks`);
  writeFileSync(privatePath, JSON.stringify(privateJwk), { mode: 0o600 });
  writeFileSync(jwksPath, JSON.stringify({ keys: [publicJwk] }));
  return { privatePath, jwksPath, signing: await signingKeyFromJwk(issuer, privateJwk) };
}

describe("development keys in production", () => {
  it("stop a province service before it opens its database", async () => {
    const keysDir = join(folder("dev-keys"), "keys");
    await RegionIdentity.inFolder(keysDir); // the development keys `pnpm start` would have made
    const dataDir = folder("lodi-prod");
    const lodi = startScript("services/lodi/start.mjs", { ...production, PORT: String(await freePort()), DATA_DIR: dataDir, KEYS_DIR: keysDir });
    running.push(lodi);
    expect(await exitOf(lodi)).toBe(2);
    expect(lodi.output()).toMatch(/development key/);
    expect(existsSync(join(dataDir, "pglite"))).toBe(false);
  });

  it("stop the gateway", async () => {
    const keysDir = join(folder("dev-keys"), "keys");
    await RegionIdentity.inFolder(keysDir);
    const gateway = startScript("gateway/dist/main.js", { ...production, GATEWAY_PORT: String(await freePort()), KEYS_DIR: keysDir });
    running.push(gateway);
    expect(await exitOf(gateway)).toBe(2);
    expect(gateway.output()).toMatch(/development key/);
  });

  it("are never generated: a production service without keys does not start", async () => {
    const dataDir = folder("lodi-nokeys");
    const lodi = startScript("services/lodi/start.mjs", { ...production, PORT: String(await freePort()), DATA_DIR: dataDir });
    running.push(lodi);
    expect(await exitOf(lodi)).toBe(2);
    expect(lodi.output()).toMatch(/does not exist/);
    expect(existsSync(join(dataDir, "keys"))).toBe(false);
  });
});

describe("keys of the installation's own in production", () => {
  it("let a province service and the gateway start, and accept only tokens those keys sign", async () => {
    const dir = folder("own-keys");
    const lodiTeam = await ownKeys(dir, teamIssuer("LO"));
    const capofila = await ownKeys(dir, CAPOFILA_ISSUER);
    const gatewayKeys = await ownKeys(dir, GATEWAY_ISSUER);
    const teams = await Promise.all(PROVINCES.map((p) => (p.code === "LO" ? lodiTeam : ownKeys(dir, teamIssuer(p.code)))));

    // The transfer workflow's own key (another engineer's concern) must be there too in production.
    const transferKey = join(dir, "transfer-signing.key.pem");
    writeFileSync(transferKey, generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    mkdirSync(join(dir, "transfer-peers"));

    const lodiPort = await freePort();
    const lodi = startScript("services/lodi/start.mjs", {
      ...production,
      TRANSFER_SIGNING_KEY: transferKey,
      TRANSFER_TRUSTED_KEYS_DIR: join(dir, "transfer-peers"),
      PORT: String(lodiPort),
      DATA_DIR: folder("lodi-own"),
      TEAM_JWKS: lodiTeam.jwksPath,
      GATEWAY_JWKS: gatewayKeys.jwksPath,
      STAFF_BOOTSTRAP: "lucia.bianchi:coordinator",
    });
    running.push(lodi);
    await waitHealthy(`http://127.0.0.1:${lodiPort}/health`, lodi);

    const url = `http://127.0.0.1:${lodiPort}/graphql`;
    const sign = (key: typeof lodiTeam.signing, subject: string) =>
      signToken(key, { subject, role: "coordinator", province: "LO", audience: operationalAudience("LO") }, { ttlSeconds: 300 });
    const me = await graphql(url, `{ me { subject role } }`, {}, { authorization: `Bearer ${await sign(lodiTeam.signing, "lucia.bianchi")}` });
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: { subject: "lucia.bianchi", role: "COORDINATOR" } });
    // No development staff in production: only the configured coordinator.
    expect((await graphql(url, `{ me { subject } }`, {}, { authorization: `Bearer ${await sign(lodiTeam.signing, "dev-coordinator")}` })).errors?.[0]?.extensions?.code).toBe(
      "FORBIDDEN",
    );
    // A development key of the same issuer name is just another stranger's key.
    const devIdentity = await RegionIdentity.inFolder(join(folder("other-dev"), "keys"));
    const devToken = await devIdentity.token({ role: "coordinator", province: "LO", subject: "lucia.bianchi" }, { api: "operational", province: "LO" });
    expect((await graphql(url, `{ me { subject } }`, {}, { authorization: `Bearer ${devToken}` })).status).toBe(401);

    const gatewayPort = await freePort();
    const gateway = startScript("gateway/dist/main.js", {
      ...production,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_SIGNING_KEY: gatewayKeys.privatePath,
      CAPOFILA_JWKS: capofila.jwksPath,
      ...Object.fromEntries(PROVINCES.map((p, i) => [`TEAM_JWKS_${p.code}`, teams[i]!.jwksPath])),
      ...Object.fromEntries(PROVINCES.map((p) => [`SUBGRAPH_URL_${p.code}`, `http://127.0.0.1:${lodiPort}/federation`])),
    });
    running.push(gateway);
    await waitHealthy(`http://127.0.0.1:${gatewayPort}/health`, gateway);
    const capofilaToken = await signToken(capofila.signing, { subject: "direzione", role: "capofila", audience: GATEWAY_AUDIENCE }, { ttlSeconds: 300 });
    const region = await graphql(
      `http://127.0.0.1:${gatewayPort}/graphql`,
      `{ region(from: "2026-01-01", to: "2026-03-31") { totals { provincesReporting } } }`,
      {},
      { authorization: `Bearer ${capofilaToken}` },
    );
    // Lodi answers the gateway (its production service token verifies); the others point at Lodi's
    // federation API too, whose audience is Lodi's, so they are refused and reported missing.
    expect((region.data as { region: { totals: { provincesReporting: number } } }).region.totals.provincesReporting).toBe(1);
  }, 120_000);
});
