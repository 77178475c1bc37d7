import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { jwksPath, loadTrustedIssuer, verifyToken } from "@regional/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The built command, as `pnpm -s run token` runs it (tests run after the build).
const TOKEN_JS = fileURLToPath(new URL("../dist/token.js", import.meta.url));
const run = promisify(execFile);

let keys: string;
beforeAll(async () => {
  keys = join(await mkdtemp(join(tmpdir(), "regional-token-")), "keys");
});
afterAll(async () => rm(join(keys, ".."), { recursive: true, force: true }));

async function mint(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [TOKEN_JS, "--keys", keys, ...args]);
}

const verify = async (token: string, issuer: string, audience: string) =>
  verifyToken(token, { issuers: [await loadTrustedIssuer(issuer, jwksPath(keys, issuer), { production: false })], audience });

describe("pnpm -s run token", () => {
  it("prints only the token on stdout: an operator of Bergamo for Bergamo's operational API by default", async () => {
    const { stdout, stderr } = await mint("--role", "operator", "--province", "bg");
    expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stderr).toContain("regional-bg-operational");
    const token = await verify(stdout.trim(), "regional-bg-team", "regional-bg-operational");
    expect(token).toMatchObject({ subject: "dev-operator", role: "operator", province: "BG" });
  });

  it("mints for the gateway, for a federation API, with a subject and a lifetime", async () => {
    const capofila = await verify((await mint("--role", "capofila")).stdout.trim(), "regional-capofila", "regional-gateway-api");
    expect(capofila).toMatchObject({ subject: "dev-capofila", role: "capofila" });
    const team = await verify(
      (await mint("--role", "coordinator", "--province", "LO", "--for", "gateway", "--subject", "giulia", "--ttl", "30m")).stdout.trim(),
      "regional-lo-team",
      "regional-gateway-api",
    );
    expect(team).toMatchObject({ subject: "giulia", role: "coordinator", province: "LO" });
    expect(team.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const gateway = await verify((await mint("--", "--role", "gateway", "--province", "PV")).stdout.trim(), "regional-gateway", "regional-pv-federation");
    expect(gateway.role).toBe("gateway");
  });

  it("explains what is missing and exits with 2", async () => {
    for (const args of [["--role", "operator"], ["--role", "boss"], ["--role", "operator", "--province", "MI"], ["--role", "capofila", "--ttl", "soon"]]) {
      const failure = await mint(...args).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code, args.join(" ")).toBe(2);
      expect(failure?.stderr).toContain("Usage:");
    }
  });
});
