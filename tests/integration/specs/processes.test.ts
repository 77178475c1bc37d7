import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROVINCES } from "@regional/schema";
import { expectData, graphql } from "../fixtures/graphql.ts";
import { freePort, startScript, waitHealthy, type ChildService } from "../fixtures/processes.ts";
import { RegionIdentity } from "../fixtures/tokens.ts";

const QUERY = `{ region(from: "2025-01-01", to: "2025-12-31") { missing totals { provincesReporting newCases activeCases contacts placesTotal } provinces { province newCases } } }`;

describe("a province as an installer runs it: its own process, its own data folder", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "regional-lodi-process-"));
  const running: ChildService[] = [];
  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts from nothing, seeds demo data once, serves the gateway, and keeps its data across a restart", async () => {
    const lodiPort = await freePort();
    // One keys folder for both processes, as `pnpm start` does; the test mints its tokens from it.
    const keysDir = join(dataDir, "keys");
    const identity = await RegionIdentity.inFolder(keysDir);
    const capofila = await identity.headers({ role: "capofila" }, { api: "gateway" });
    const lodiEnv = { PORT: String(lodiPort), DATA_DIR: dataDir, KEYS_DIR: keysDir, LOG_LEVEL: "warn", DATABASE_URL: "" };
    let lodi = startScript("services/lodi/start.mjs", lodiEnv);
    running.push(lodi);
    await waitHealthy(`http://127.0.0.1:${lodiPort}/health`, lodi);

    // The other six provinces are not running: the gateway must answer with Lodi alone.
    const gatewayPort = await freePort();
    const unreachable = await freePort();
    const gateway = startScript("gateway/dist/main.js", {
      GATEWAY_PORT: String(gatewayPort),
      LOG_LEVEL: "warn",
      SUBGRAPH_TIMEOUT_MS: "2000",
      KEYS_DIR: keysDir,
      ...Object.fromEntries(PROVINCES.map((p) => [`SUBGRAPH_URL_${p.code}`, `http://127.0.0.1:${unreachable}/federation`])),
      SUBGRAPH_URL_LO: `http://127.0.0.1:${lodiPort}/federation`,
    });
    running.push(gateway);
    await waitHealthy(`http://127.0.0.1:${gatewayPort}/health`, gateway);

    const first = await graphql(`http://127.0.0.1:${gatewayPort}/graphql`, QUERY, {}, capofila);
    expect(first.status).toBe(200);
    const r1 = first.data!.region;
    expect(r1.provinces.map((p: { province: string }) => p.province)).toEqual(["LO"]);
    expect([...r1.missing].sort()).toEqual(PROVINCES.map((p) => p.code).filter((c) => c !== "LO").sort());
    expect(r1.totals.provincesReporting).toBe(1);
    expect(r1.totals.newCases).toBeGreaterThan(0);

    // A clean stop, then a restart on the same folder: same figures, nothing seeded twice.
    expect(await lodi.stop()).toBe(0);
    lodi = startScript("services/lodi/start.mjs", lodiEnv);
    running.push(lodi);
    await waitHealthy(`http://127.0.0.1:${lodiPort}/health`, lodi);
    const second = expectData(await graphql(`http://127.0.0.1:${gatewayPort}/graphql`, QUERY, {}, capofila).then((r) => ({ ...r, errors: undefined })));
    expect(second.region.totals).toEqual(r1.totals);
  }, 180_000);

  it("refuses to start with a bad configuration and lists every problem", async () => {
    const child = startScript("services/lodi/start.mjs", { PORT: "not-a-port", DATABASE_URL: "mysql://nope", DEMO_DATA: "perhaps" });
    const code = await new Promise<number | null>((r) => child.process.once("exit", r));
    expect(code).toBe(2);
    for (const variable of ["PORT", "DATABASE_URL", "DEMO_DATA"]) expect(child.output()).toContain(variable);
  });
});
