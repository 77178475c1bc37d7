import { join } from "node:path";
import { ensureDevelopmentKeys, jwksPath, loadTrustedIssuer } from "@regional/auth";
import type { ProvinceAuthEnv } from "@regional/schema";
import type { ProvinceAuth } from "./authenticate.ts";

/**
 * The keys a province service verifies with, from its configuration. Outside production, the
 * development keys of the issuers whose key files are not configured explicitly are created in
 * the keys folder when missing (a service started alone works; `pnpm start` shares one folder
 * among all processes). In production nothing is generated and a development key stops the start.
 */
export async function loadProvinceAuth(env: ProvinceAuthEnv, options: { dataDir: string; production: boolean }): Promise<ProvinceAuth> {
  const keysDir = env.keysDir ?? join(options.dataDir, "keys");
  const teamPath = env.teamJwksPath ?? jwksPath(keysDir, env.teamIssuer);
  const gatewayPath = env.gatewayJwksPath ?? jwksPath(keysDir, env.gatewayIssuer);
  if (!options.production) {
    const generated = [env.teamJwksPath ? [] : [env.teamIssuer], env.gatewayJwksPath ? [] : [env.gatewayIssuer]].flat();
    await ensureDevelopmentKeys(keysDir, generated);
  }
  const [team, gateway] = await Promise.all([
    loadTrustedIssuer(env.teamIssuer, teamPath, { production: options.production }),
    loadTrustedIssuer(env.gatewayIssuer, gatewayPath, { production: options.production }),
  ]);
  return {
    team,
    gateway,
    operationalAudience: env.operationalAudience,
    federationAudience: env.federationAudience,
    staffBootstrap: env.staffBootstrap,
  };
}
