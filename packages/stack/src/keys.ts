import { join } from "node:path";
import { CAPOFILA_ISSUER, GATEWAY_ISSUER, PROVINCES, teamIssuer, type StackEnv } from "@regional/schema";

/** Every issuer of the local stack: the gateway's service identity, the capofila, the seven teams. */
export const STACK_ISSUERS = [GATEWAY_ISSUER, CAPOFILA_ISSUER, ...PROVINCES.map((p) => teamIssuer(p.code))];

/** One keys folder for the whole local stack, so the eight processes trust each other. */
export function stackKeysDir(env: StackEnv, repositoryRoot: string): string {
  return env.keysDir ?? join(env.dataRoot ?? join(repositoryRoot, "data"), "keys");
}
