#!/usr/bin/env node
// `pnpm -s run token --role operator --province BG` prints a token to try the APIs with, signed by the
// local stack's development keys (created when missing, as `pnpm start` does).
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureDevelopmentKeys, loadSigningKey, privateKeyPath, signToken } from "@regional/auth";
import {
  CAPOFILA_ISSUER,
  DEV_STAFF,
  EnvironmentError,
  federationAudience,
  GATEWAY_AUDIENCE,
  GATEWAY_ISSUER,
  isProvinceCode,
  loadStackEnv,
  operationalAudience,
  ROLES,
  teamIssuer,
  type ProvinceCode,
  type Role,
} from "@regional/schema";
import { stackKeysDir } from "./keys.ts";

const USAGE = `Usage: pnpm -s run token --role <operator|coordinator|capofila|gateway> [--province <BG|BS|CR|LC|LO|MN|PV>]
                          [--subject <sub>] [--for <operational|gateway|federation>] [--ttl <8h|30m|3600>] [--keys <dir>]

  operator, coordinator  a province team's member (needs --province); by default for that province's
                         operational API, --for gateway for the gateway. Subjects dev-operator and
                         dev-coordinator are on every development staff registry.
  capofila               the capofila, for the gateway.
  gateway                the gateway's service identity, for a province's federation API (needs --province).

Keys: KEYS_DIR, or <DATA_ROOT>/keys, or data/keys of this repository (the folder \`pnpm start\` uses).`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function seconds(ttl: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(ttl);
  if (!match) fail(`--ttl ${ttl}: use a number of seconds or e.g. 30m, 8h, 1d`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as "" | "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

const { values } = parseArgs({
  // `pnpm token -- --role …` may pass the separator through.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    role: { type: "string" },
    province: { type: "string" },
    subject: { type: "string" },
    for: { type: "string" },
    ttl: { type: "string", default: "8h" },
    keys: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const role = values.role as Role | undefined;
if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(", ")}`);
const province = values.province?.toUpperCase();
if (province !== undefined && !isProvinceCode(province)) fail(`--province ${values.province} is not one of the seven provinces`);
if ((role === "operator" || role === "coordinator" || role === "gateway") && !province) fail(`--role ${role} needs --province`);

const target = values.for ?? (role === "capofila" ? "gateway" : role === "gateway" ? "federation" : "operational");
const audiences: Record<string, () => string> = {
  operational: () => operationalAudience(province as ProvinceCode),
  federation: () => federationAudience(province as ProvinceCode),
  gateway: () => GATEWAY_AUDIENCE,
};
if (!audiences[target] || (target !== "gateway" && !province)) fail(`--for ${target}: use operational or federation (with --province), or gateway`);

const issuer = role === "capofila" ? CAPOFILA_ISSUER : role === "gateway" ? GATEWAY_ISSUER : teamIssuer(province as ProvinceCode);
const subject =
  values.subject ?? (role === "capofila" ? "dev-capofila" : role === "gateway" ? GATEWAY_ISSUER : DEV_STAFF.find((s) => s.role === role)!.subject);

try {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const keysDir = values.keys ?? stackKeysDir(loadStackEnv(), root);
  await ensureDevelopmentKeys(keysDir, [issuer]);
  const key = await loadSigningKey(privateKeyPath(keysDir, issuer), issuer, { production: false });
  const ttlSeconds = seconds(values.ttl);
  const token = await signToken(
    key,
    { subject, role, audience: audiences[target]!(), ...(role === "operator" || role === "coordinator" ? { province: province as ProvinceCode } : {}) },
    { ttlSeconds },
  );
  console.log(token);
  console.error(`# ${role} ${subject}${province ? ` (${province})` : ""} for ${audiences[target]!()}, valid ${ttlSeconds} s, keys in ${keysDir}`);
} catch (error) {
  if (error instanceof EnvironmentError) fail(error.message);
  throw error;
}
