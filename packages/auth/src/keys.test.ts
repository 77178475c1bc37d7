import { fork } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  ensureDevelopmentKeys,
  generateKeyPairJwk,
  jwksPath,
  KeyConfigurationError,
  loadSigningKey,
  loadTrustedIssuer,
  privateKeyPath,
} from "./keys.ts";
import { signToken, verifyToken } from "./tokens.ts";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "regional-keys-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("development keys", () => {
  it("are created once, marked dev-, private key readable by the owner only, and usable to sign and verify", async () => {
    const dir = join(await tempDir(), "keys");
    expect(await ensureDevelopmentKeys(dir, ["regional-bg-team", "regional-gateway"])).toEqual(["regional-bg-team", "regional-gateway"]);
    expect(await ensureDevelopmentKeys(dir, ["regional-bg-team"])).toEqual([]);
    const privateJwk = JSON.parse(await readFile(privateKeyPath(dir, "regional-bg-team"), "utf8"));
    expect(privateJwk.kid).toMatch(/^dev-regional-bg-team-/);
    expect((await stat(privateKeyPath(dir, "regional-bg-team"))).mode & 0o077).toBe(0);
    const jwks = JSON.parse(await readFile(jwksPath(dir, "regional-bg-team"), "utf8"));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].d).toBeUndefined();

    const key = await loadSigningKey(privateKeyPath(dir, "regional-bg-team"), "regional-bg-team", { production: false });
    const trusted = await loadTrustedIssuer("regional-bg-team", jwksPath(dir, "regional-bg-team"), { production: false });
    const token = await signToken(key, { subject: "s", audience: "a", role: "operator" }, { ttlSeconds: 60 });
    expect((await verifyToken(token, { issuers: [trusted], audience: "a" })).subject).toBe("s");
  });

  it("survives many processes creating them at the same moment: one key per issuer, every process agrees", async () => {
    const dir = join(await tempDir(), "keys");
    const issuers = ["regional-bg-team", "regional-capofila", "regional-gateway"];
    // Separate Node processes, as at a real first start; they run the built module (tests run after the build).
    const builtKeys = fileURLToPath(new URL("../dist/keys.js", import.meta.url));
    const script = join(await tempDir(), "ensure.mjs");
    await writeFile(
      script,
      `import { ensureDevelopmentKeys, privateKeyPath } from ${JSON.stringify(builtKeys)};
       import { readFile } from "node:fs/promises";
       await ensureDevelopmentKeys(process.argv[2], JSON.parse(process.argv[3]));
       const kids = [];
       for (const i of JSON.parse(process.argv[3])) kids.push(JSON.parse(await readFile(privateKeyPath(process.argv[2], i), "utf8")).kid);
       process.send(kids, () => process.exit(0));`,
    );
    const runs = Array.from({ length: 6 }, () =>
      new Promise<string[]>((resolve, reject) => {
        const child = fork(script, [dir, JSON.stringify(issuers)]);
        child.once("message", (kids) => resolve(kids as string[]));
        child.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`exit ${code}`))));
      }),
    );
    const seen = await Promise.all(runs);
    for (const kids of seen) expect(kids).toEqual(seen[0]);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(issuers.flatMap((i) => [`${i}.jwks.json`, `${i}.private.jwk.json`]).sort()); // no temp file left
    for (const issuer of issuers) {
      const jwks = JSON.parse(await readFile(jwksPath(dir, issuer), "utf8"));
      const privateJwk = JSON.parse(await readFile(privateKeyPath(dir, issuer), "utf8"));
      expect(jwks.keys[0].kid).toBe(privateJwk.kid);
      expect(jwks.keys[0].x).toBe(privateJwk.x);
    }
  }, 60_000); // six Node processes starting on a busy machine
});

describe("loading keys", () => {
  it("refuses development keys when production is on, for signing and for verifying", async () => {
    const dir = await tempDir();
    await ensureDevelopmentKeys(dir, ["regional-gateway"]);
    await expect(loadSigningKey(privateKeyPath(dir, "regional-gateway"), "regional-gateway", { production: true })).rejects.toThrow(
      /development key/,
    );
    await expect(loadTrustedIssuer("regional-gateway", jwksPath(dir, "regional-gateway"), { production: true })).rejects.toThrow(
      /development key/,
    );
  });

  it("accepts keys from the installation's own key management in production", async () => {
    const dir = await tempDir();
    const { privateJwk, publicJwk } = await generateKeyPairJwk("regional-gateway", { development: false });
    expect(privateJwk.kid).not.toMatch(/^dev-/);
    await writeFile(join(dir, "gateway.jwk"), JSON.stringify(privateJwk));
    await writeFile(join(dir, "gateway.jwks"), JSON.stringify({ keys: [publicJwk] }));
    const key = await loadSigningKey(join(dir, "gateway.jwk"), "regional-gateway", { production: true });
    const trusted = await loadTrustedIssuer("regional-gateway", join(dir, "gateway.jwks"), { production: true });
    const token = await signToken(key, { subject: "gw", audience: "a", role: "gateway" }, { ttlSeconds: 60 });
    expect((await verifyToken(token, { issuers: [trusted], audience: "a" })).role).toBe("gateway");
  });

  it("says what is wrong with a missing file, a malformed one, or private material in a JWKS", async () => {
    const dir = await tempDir();
    await expect(loadTrustedIssuer("x", join(dir, "absent.json"), { production: false })).rejects.toThrow(/does not exist/);
    await writeFile(join(dir, "bad.json"), "{ nope");
    await expect(loadTrustedIssuer("x", join(dir, "bad.json"), { production: false })).rejects.toThrow(/not valid JSON/);
    await writeFile(join(dir, "empty.json"), JSON.stringify({ keys: [] }));
    await expect(loadTrustedIssuer("x", join(dir, "empty.json"), { production: false })).rejects.toThrow(KeyConfigurationError);
    const { privateJwk } = await generateKeyPairJwk("x");
    await writeFile(join(dir, "leak.json"), JSON.stringify({ keys: [privateJwk] }));
    await expect(loadTrustedIssuer("x", join(dir, "leak.json"), { production: false })).rejects.toThrow(/private key material/);
    await writeFile(join(dir, "public-as-private.json"), JSON.stringify({ kty: "EC" }));
    await expect(loadSigningKey(join(dir, "public-as-private.json"), "x", { production: false })).rejects.toThrow(/not a private JWK/);
  });
});
