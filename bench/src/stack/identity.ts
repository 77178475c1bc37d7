import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { ensureDevelopmentKeys } from "@regional/auth";
import { CAPOFILA_ISSUER, GATEWAY_ISSUER, PROVINCES, teamIssuer } from "@regional/schema";
import { REPO_ROOT } from "./processes.ts";

/**
 * The bench's identities, made the way a local stack makes them: development keys for every issuer
 * in one folder (as `pnpm start`), tokens minted with the same command users run (`pnpm token`,
 * i.e. packages/stack/dist/token.js). Development keys mean NODE_ENV=development for every process:
 * production refuses them (it needs keys from real key management), which changes no code path the
 * benchmark measures.
 */
export interface BenchIdentity {
  keysDir: string;
  /** The capofila's bearer token, sent by every client of every gateway variant. */
  capofilaToken: string;
  /** The gateway's service token per province (8 h), for the clients that call provinces directly. */
  serviceTokens: Record<string, string>;
  /** Base64 of the 32-byte key the provinces' identifiers are sealed with (DATA_ENCRYPTION_KEY). */
  dataKey: string;
}

function mint(args: string[]): string {
  return execFileSync(process.execPath, [join(REPO_ROOT, "packages/stack/dist/token.js"), ...args], { encoding: "utf8" }).trim();
}

export async function benchIdentity(root: string): Promise<BenchIdentity> {
  const keysDir = join(root, "keys");
  mkdirSync(keysDir, { recursive: true });
  await ensureDevelopmentKeys(keysDir, [GATEWAY_ISSUER, CAPOFILA_ISSUER, ...PROVINCES.map((p) => teamIssuer(p.code))]);
  const dataKeyPath = join(root, "data-key.b64");
  if (!existsSync(dataKeyPath)) writeFileSync(dataKeyPath, randomBytes(32).toString("base64"), { mode: 0o600 });
  return {
    keysDir,
    capofilaToken: mint(["--role", "capofila", "--keys", keysDir, "--ttl", "12h"]),
    serviceTokens: Object.fromEntries(
      PROVINCES.map((p) => [p.code, mint(["--role", "gateway", "--province", p.code, "--keys", keysDir, "--ttl", "12h"])]),
    ),
    dataKey: readFileSync(dataKeyPath, "utf8").trim(),
  };
}
