import { join } from "node:path";
import {
  bearerToken,
  ensureDevelopmentKeys,
  forbidden,
  jwksPath,
  loadSigningKey,
  loadTrustedIssuer,
  privateKeyPath,
  signToken,
  TokenRejected,
  unauthenticated,
  verifyToken,
  type SigningKey,
  type TrustedIssuer,
} from "@regional/auth";
import { isTeamRole, PROVINCES, type GatewayAuthEnv, type ProvinceCode, type TeamRole } from "@regional/schema";

/** Who is asking the gateway: the capofila, or a member of a province's team (to find a place). */
export interface GatewayCaller {
  subject: string;
  role: "capofila" | TeamRole;
  /** Set for a province team's member. */
  province: ProvinceCode | undefined;
}

/** The gateway's keys: its own signing key, and whom it trusts. */
export interface GatewayKeys {
  /** The gateway's service identity: signs the tokens it sends to the provinces. */
  signing: SigningKey;
  /** Audience that callers' tokens must name. */
  audience: string;
  capofila: TrustedIssuer;
  teams: Record<ProvinceCode, TrustedIssuer>;
  federationAudiences: Record<ProvinceCode, string>;
  /** Wall clock (tests pass their own). */
  now?: () => Date;
}

export interface GatewayAuth {
  /** The caller of a request, from its Authorization header; UNAUTHENTICATED or FORBIDDEN otherwise. */
  authenticate(authorization: string | undefined): Promise<GatewayCaller>;
  /**
   * A short-lived token for one province's federation API, signed by the gateway, naming the caller
   * in `act`. The caller's own token never leaves the gateway.
   */
  serviceToken(province: ProvinceCode, caller: GatewayCaller | undefined): Promise<string>;
}

/** Long enough for one query plan, short enough to be useless if it leaked from a log. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;

export function createGatewayAuth(keys: GatewayKeys): GatewayAuth {
  const teamOf = new Map(PROVINCES.map((p) => [keys.teams[p.code].issuer, p.code] as const));
  const issuers = [keys.capofila, ...PROVINCES.map((p) => keys.teams[p.code])];
  return {
    async authenticate(authorization) {
      let token;
      try {
        token = await verifyToken(bearerToken(authorization), { issuers, audience: keys.audience, ...(keys.now ? { now: keys.now } : {}) });
      } catch (error) {
        if (error instanceof TokenRejected) throw unauthenticated(error.reason, error.message);
        throw error;
      }
      if (token.issuer === keys.capofila.issuer) {
        if (token.role !== "capofila") throw forbidden("role", `role ${token.role} may not use the gateway`);
        return { subject: token.subject, role: "capofila", province: undefined };
      }
      const province = teamOf.get(token.issuer)!;
      // A province's issuer vouches for its own team only.
      if (token.province !== province) throw unauthenticated("bad-claims", `the token of ${province}'s team names province ${String(token.province)}`);
      if (!isTeamRole(token.role)) throw forbidden("role", `role ${token.role} may not use the gateway`);
      return { subject: token.subject, role: token.role, province };
    },

    serviceToken(province, caller) {
      return signToken(
        keys.signing,
        {
          subject: keys.signing.issuer,
          role: "gateway",
          audience: keys.federationAudiences[province],
          act: caller ? { sub: caller.subject, role: caller.role, ...(caller.province ? { province: caller.province } : {}) } : undefined,
        },
        { ttlSeconds: SERVICE_TOKEN_TTL_SECONDS, ...(keys.now ? { now: keys.now() } : {}) },
      );
    },
  };
}

/**
 * The gateway's keys from its configuration. Outside production, the development keys of the
 * issuers whose files are not configured explicitly are created in the keys folder when missing;
 * in production nothing is generated and a development key stops the start.
 */
export async function loadGatewayKeys(env: GatewayAuthEnv, options: { dataDir: string; production: boolean }): Promise<GatewayKeys> {
  const keysDir = env.keysDir ?? join(options.dataDir, "keys");
  const { production } = options;
  if (!production) {
    const generated = [
      ...(env.signingKeyPath ? [] : [env.gatewayIssuer]),
      ...(env.capofila.jwksPath ? [] : [env.capofila.issuer]),
      ...PROVINCES.flatMap((p) => (env.teams[p.code].jwksPath ? [] : [env.teams[p.code].issuer])),
    ];
    await ensureDevelopmentKeys(keysDir, generated);
  }
  const trusted = ({ issuer, jwksPath: path }: { issuer: string; jwksPath: string | undefined }) =>
    loadTrustedIssuer(issuer, path ?? jwksPath(keysDir, issuer), { production });
  const signing = await loadSigningKey(env.signingKeyPath ?? privateKeyPath(keysDir, env.gatewayIssuer), env.gatewayIssuer, { production });
  const [capofila, ...teams] = await Promise.all([trusted(env.capofila), ...PROVINCES.map((p) => trusted(env.teams[p.code]))]);
  return {
    signing,
    audience: env.audience,
    capofila: capofila!,
    teams: Object.fromEntries(PROVINCES.map((p, i) => [p.code, teams[i]!])) as Record<ProvinceCode, TrustedIssuer>,
    federationAudiences: env.federationAudiences,
  };
}
