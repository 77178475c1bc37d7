import { generateKeyRing, signToken, type KeyRing } from "@regional/auth";
import { federationAudience, GATEWAY_ISSUER, operationalAudience, teamIssuer, type ProvinceCode, type TeamRole } from "@regional/schema";
import type { ProvinceAuth } from "../auth/authenticate.ts";

/** The coordinator every test service puts on its staff registry at start. */
export const TEST_COORDINATOR = "test-coordinator";

export interface TestAuth {
  /** What createProvinceApp / startProvinceService take as `auth`. */
  auth: ProvinceAuth;
  /** Authorization header of the test coordinator, for the operational API. */
  headers: Record<string, string>;
  /** Authorization header of the gateway's service identity, for the federation API. */
  gatewayHeaders: Record<string, string>;
  /** A token of this province's team for any subject and role (the subject must be on staff to get in). */
  token(role: TeamRole, subject: string): Promise<string>;
  /** The keys behind it, to sign unusual tokens. */
  ring: KeyRing;
}

const TTL_SECONDS = 3600;

/** Fresh keys in memory for one test service: its team's issuer and the gateway's. */
export async function testAuth(province: ProvinceCode = "BG"): Promise<TestAuth> {
  const ring = await generateKeyRing([teamIssuer(province), GATEWAY_ISSUER]);
  const token = (role: TeamRole, subject: string) =>
    signToken(ring.signing(teamIssuer(province)), { subject, role, province, audience: operationalAudience(province) }, { ttlSeconds: TTL_SECONDS });
  const gatewayToken = await signToken(
    ring.signing(GATEWAY_ISSUER),
    { subject: GATEWAY_ISSUER, role: "gateway", audience: federationAudience(province) },
    { ttlSeconds: TTL_SECONDS },
  );
  return {
    auth: {
      team: ring.trusted(teamIssuer(province)),
      gateway: ring.trusted(GATEWAY_ISSUER),
      operationalAudience: operationalAudience(province),
      federationAudience: federationAudience(province),
      staffBootstrap: [{ subject: TEST_COORDINATOR, role: "coordinator" }],
    },
    headers: { authorization: `Bearer ${await token("coordinator", TEST_COORDINATOR)}` },
    gatewayHeaders: { authorization: `Bearer ${gatewayToken}` },
    token,
    ring,
  };
}
