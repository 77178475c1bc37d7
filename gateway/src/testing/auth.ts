import { generateKeyRing, signToken, type KeyRing } from "@regional/auth";
import {
  CAPOFILA_ISSUER,
  federationAudience,
  GATEWAY_AUDIENCE,
  GATEWAY_ISSUER,
  PROVINCES,
  teamIssuer,
  type ProvinceCode,
  type TeamRole,
} from "@regional/schema";
import { createGatewayAuth, type GatewayAuth, type GatewayKeys } from "../auth.ts";

export interface TestGatewayAuth {
  auth: GatewayAuth;
  keys: GatewayKeys;
  /** Every issuer's keys (gateway, capofila, the seven teams), to sign any token a test needs. */
  ring: KeyRing;
  /** Authorization header of a capofila user. */
  capofilaHeaders: Record<string, string>;
  /** A province team member's token for the gateway. */
  teamToken(province: ProvinceCode, role: TeamRole, subject?: string): Promise<string>;
}

/** Fresh keys in memory for a test gateway. */
export async function testGatewayAuth(): Promise<TestGatewayAuth> {
  const ring = await generateKeyRing([GATEWAY_ISSUER, CAPOFILA_ISSUER, ...PROVINCES.map((p) => teamIssuer(p.code))]);
  const keys: GatewayKeys = {
    signing: ring.signing(GATEWAY_ISSUER),
    audience: GATEWAY_AUDIENCE,
    capofila: ring.trusted(CAPOFILA_ISSUER),
    teams: Object.fromEntries(PROVINCES.map((p) => [p.code, ring.trusted(teamIssuer(p.code))])) as GatewayKeys["teams"],
    federationAudiences: Object.fromEntries(PROVINCES.map((p) => [p.code, federationAudience(p.code)])) as GatewayKeys["federationAudiences"],
  };
  const capofila = await signToken(ring.signing(CAPOFILA_ISSUER), { subject: "test-capofila", role: "capofila", audience: GATEWAY_AUDIENCE }, { ttlSeconds: 3600 });
  return {
    auth: createGatewayAuth(keys),
    keys,
    ring,
    capofilaHeaders: { authorization: `Bearer ${capofila}` },
    teamToken: (province, role, subject = `test-${role}`) =>
      signToken(ring.signing(teamIssuer(province)), { subject, role, province, audience: GATEWAY_AUDIENCE }, { ttlSeconds: 3600 }),
  };
}
