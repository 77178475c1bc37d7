import { randomUUID } from "node:crypto";
import { PROVINCE_CODES, ROLES, type ProvinceCode, type Role } from "@regional/schema";
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { z } from "zod";
import { ALGORITHM, type SigningKey, type TrustedIssuer } from "./keys.ts";

/** Who is asking, as the gateway tells a province (never the person's own token). */
export interface Actor {
  sub: string;
  role: Role;
  province?: ProvinceCode | undefined;
}

export interface TokenClaims {
  subject: string;
  audience: string | string[];
  role: Role;
  /** The province a team token belongs to. */
  province?: ProvinceCode | undefined;
  /** On the gateway's service tokens: the caller on whose behalf the gateway asks. */
  act?: Actor | undefined;
}

export interface SignOptions {
  ttlSeconds: number;
  /** Defaults to the wall clock. */
  now?: Date;
  /** Defaults to now; later makes a token that is not valid yet. */
  notBefore?: Date;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export async function signToken(key: SigningKey, claims: TokenClaims, options: SignOptions): Promise<string> {
  const now = options.now ?? new Date();
  const payload: JWTPayload = { role: claims.role };
  if (claims.province) payload.province = claims.province;
  if (claims.act) payload.act = { ...claims.act };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: "JWT" })
    .setIssuer(key.issuer)
    .setSubject(claims.subject)
    .setAudience(claims.audience)
    .setIssuedAt(seconds(now))
    .setNotBefore(seconds(options.notBefore ?? now))
    .setExpirationTime(seconds(now) + options.ttlSeconds)
    .setJti(randomUUID())
    .sign(key.key);
}

/** Why a token was not accepted. Every one of them means UNAUTHENTICATED to the caller. */
export type RejectionReason =
  | "missing"
  | "malformed"
  | "algorithm"
  | "unknown-issuer"
  | "bad-signature"
  | "expired"
  | "not-yet-valid"
  | "wrong-audience"
  | "bad-claims";

export class TokenRejected extends Error {
  constructor(readonly reason: RejectionReason, detail: string) {
    super(detail);
    this.name = "TokenRejected";
  }
}

export interface VerifiedToken {
  issuer: string;
  subject: string;
  role: Role;
  province: ProvinceCode | undefined;
  act: Actor | undefined;
  expiresAt: Date;
}

export interface VerifyOptions {
  /** The issuers this endpoint accepts; a token from any other is refused before its signature is checked. */
  issuers: readonly TrustedIssuer[];
  /** The audience this endpoint is. */
  audience: string;
  /** The wall clock (tests pass their own). */
  now?: () => Date;
  clockToleranceSeconds?: number;
}

const subject = z.string().min(1).max(200);
const actor = z.object({ sub: subject, role: z.enum(ROLES), province: z.enum(PROVINCE_CODES).optional() });
const claimsSchema = z.object({
  sub: subject,
  role: z.enum(ROLES),
  province: z.enum(PROVINCE_CODES).optional(),
  act: actor.optional(),
  exp: z.number(),
});

/** The token of an `Authorization: Bearer <token>` header; undefined when there is none. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match ? match[1] : "";
}

/**
 * Checks a token completely: ES256 only (so `alg: none` and HMAC tricks fail), an issuer from the
 * list, a signature by one of that issuer's keys, the audience, the time window (exp, nbf), and
 * the claims this platform relies on. Throws TokenRejected with the reason.
 */
export async function verifyToken(token: string | undefined, options: VerifyOptions): Promise<VerifiedToken> {
  if (token === undefined) throw new TokenRejected("missing", "no bearer token");
  if (token === "") throw new TokenRejected("malformed", "the Authorization header is not 'Bearer <token>'");
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    throw new TokenRejected("malformed", "not a JWT");
  }
  if (header.alg !== ALGORITHM) throw new TokenRejected("algorithm", `algorithm ${String(header.alg)} is not accepted`);
  const trusted = options.issuers.find((i) => i.issuer === unverified.iss);
  if (!trusted) throw new TokenRejected("unknown-issuer", `issuer ${String(unverified.iss)} is not accepted here`);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, trusted.keys, {
      algorithms: [ALGORITHM],
      issuer: trusted.issuer,
      audience: options.audience,
      currentDate: options.now?.() ?? new Date(),
      clockTolerance: options.clockToleranceSeconds ?? 30,
      requiredClaims: ["exp", "iat", "sub"],
    }));
  } catch (error) {
    throw rejection(error);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new TokenRejected("bad-claims", claims.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const { sub, role, province, act, exp } = claims.data;
  return { issuer: trusted.issuer, subject: sub, role, province, act, expiresAt: new Date(exp * 1000) };
}

function rejection(error: unknown): TokenRejected {
  if (error instanceof errors.JWTExpired) return new TokenRejected("expired", "the token has expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return new TokenRejected("not-yet-valid", "the token is not valid yet");
    if (error.claim === "aud") return new TokenRejected("wrong-audience", "the token is meant for another service");
    if (error.claim === "iss") return new TokenRejected("unknown-issuer", "issuer mismatch");
    return new TokenRejected("bad-claims", error.message);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRejected("bad-signature", "the signature does not match any key of the issuer");
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRejected("algorithm", "algorithm not accepted");
  return new TokenRejected("malformed", error instanceof Error ? error.message : "not a valid token");
}
