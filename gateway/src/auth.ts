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
  type Actor,
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
   * in `act`. The caller's own token never leaves the gateway. The same province and caller get the
   * same token while more than SERVICE_TOKEN_REUSE_SECONDS of it remain.
   */
  serviceToken(province: ProvinceCode, caller: GatewayCaller | undefined): Promise<string>;
}

/** Long enough for one query plan, short enough to be useless if it leaked from a log. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;

/**
 * A cached service token is reused only while it has more than this left, so a province never
 * receives one that could expire during a slow query plan. Signing one costs ~0.23 ms of CPU, so
 * ~1.6 ms per regional query across seven provinces (BENCHMARKS.md).
 */
export const SERVICE_TOKEN_REUSE_SECONDS = 30;

export interface GatewayAuthOptions {
  /** Most service tokens kept (one per province and caller); the oldest is dropped beyond it. */
  serviceTokenCacheSize?: number;
}

/** The caller as a province learns it (the `act` claim of the gateway's service token). */
export function actorOf(caller: GatewayCaller | undefined): Actor | undefined {
  return caller ? { sub: caller.subject, role: caller.role, ...(caller.province ? { province: caller.province } : {}) } : undefined;
}

/** Equal exactly when two callers look the same to a province. */
export function actorKey(caller: GatewayCaller | undefined): string {
  const actor = actorOf(caller);
  return actor ? JSON.stringify([actor.sub, actor.role, actor.province ?? null]) : "";
}

export function createGatewayAuth(keys: GatewayKeys, options: GatewayAuthOptions = {}): GatewayAuth {
  const now = keys.now ?? (() => new Date());
  const cacheSize = options.serviceTokenCacheSize ?? 1000;
  // The signing promise itself, so a burst of requests from one caller signs once.
  const serviceTokens = new Map<string, { token: Promise<string>; expiresAtMs: number }>();
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
      const at = now();
      const key = `${province} ${actorKey(caller)}`;
      const cached = serviceTokens.get(key);
      if (cached && cached.expiresAtMs - at.getTime() > SERVICE_TOKEN_REUSE_SECONDS * 1000) return cached.token;
      const token = signToken(
        keys.signing,
        { subject: keys.signing.issuer, role: "gateway", audience: keys.federationAudiences[province], act: actorOf(caller) },
        { ttlSeconds: SERVICE_TOKEN_TTL_SECONDS, now: at },
      );
      const entry = { token, expiresAtMs: Math.floor(at.getTime() / 1000) * 1000 + SERVICE_TOKEN_TTL_SECONDS * 1000 };
      serviceTokens.delete(key);
      // Map order is insertion order: the first key is the token signed longest ago.
      if (serviceTokens.size >= cacheSize) serviceTokens.delete(serviceTokens.keys().next().value!);
      serviceTokens.set(key, entry);
      // A failed signature must not be handed to later requests.
      token.catch(() => {
        if (serviceTokens.get(key) === entry) serviceTokens.delete(key);
      });
      return token;
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
