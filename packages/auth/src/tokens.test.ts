import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKeyRing, type KeyRing } from "./keys.ts";
import { bearerToken, signToken, TokenRejected, verifyToken, type RejectionReason, type TokenClaims } from "./tokens.ts";

const TEAM = "regional-bg-team";
const OTHER_TEAM = "regional-lo-team";
const AUDIENCE = "regional-bg-operational";
const ring: KeyRing = await generateKeyRing([TEAM, OTHER_TEAM]);
const forger: KeyRing = await generateKeyRing([TEAM]); // same issuer name, a key nobody trusts
const claims: TokenClaims = { subject: "maria.rossi", audience: AUDIENCE, role: "operator", province: "BG" };
const verify = (token: string | undefined, now?: Date) =>
  verifyToken(token, { issuers: [ring.trusted(TEAM)], audience: AUDIENCE, ...(now ? { now: () => now } : {}) });

async function reasonOf(promise: Promise<unknown>): Promise<RejectionReason> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejected);
    return (error as TokenRejected).reason;
  }
  throw new Error("the token was accepted");
}

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe("verifyToken", () => {
  it("accepts a well-formed token of a trusted issuer for this audience and returns its claims", async () => {
    const token = await signToken(ring.signing(TEAM), claims, { ttlSeconds: 600 });
    const verified = await verify(token);
    expect(verified).toMatchObject({ issuer: TEAM, subject: "maria.rossi", role: "operator", province: "BG", act: undefined });
    expect(verified.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses a missing token", async () => {
    expect(await reasonOf(verify(undefined))).toBe("missing");
  });

  it("refuses an expired token", async () => {
    const token = await signToken(ring.signing(TEAM), claims, { ttlSeconds: 60, now: minutes(-10) });
    expect(await reasonOf(verify(token))).toBe("expired");
  });

  it("refuses a token that is not valid yet", async () => {
    const token = await signToken(ring.signing(TEAM), claims, { ttlSeconds: 3600, notBefore: minutes(5) });
    expect(await reasonOf(verify(token))).toBe("not-yet-valid");
    // …and accepts the same token once its time has come.
    expect((await verify(token, minutes(6))).subject).toBe("maria.rossi");
  });

  it("refuses a token meant for another audience", async () => {
    const token = await signToken(ring.signing(TEAM), { ...claims, audience: "regional-gateway-api" }, { ttlSeconds: 600 });
    expect(await reasonOf(verify(token))).toBe("wrong-audience");
  });

  it("refuses a token of an issuer this endpoint does not accept, even when its signature is genuine", async () => {
    const token = await signToken(ring.signing(OTHER_TEAM), { ...claims, province: "LO" }, { ttlSeconds: 600 });
    expect(await reasonOf(verify(token))).toBe("unknown-issuer");
  });

  it("refuses an unsigned token (alg: none)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: TEAM, sub: "maria.rossi", aud: AUDIENCE, role: "coordinator", province: "BG", iat: now, nbf: now, exp: now + 600 };
    const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`;
    expect(await reasonOf(verify(unsigned))).toBe("algorithm");
  });

  it("refuses an HMAC token signed with the issuer's public key as secret (algorithm confusion)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const head = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ iss: TEAM, sub: "x", aud: AUDIENCE, role: "coordinator", iat: now, exp: now + 600 })}`;
    const secret = JSON.stringify(ring.trusted(TEAM).jwks.keys[0]);
    const token = `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
    expect(await reasonOf(verify(token))).toBe("algorithm");
  });

  it("refuses a tampered token (payload changed after signing)", async () => {
    const token = await signToken(ring.signing(TEAM), claims, { ttlSeconds: 600 });
    const [head, body, signature] = token.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const tampered = `${head}.${b64url({ ...payload, role: "coordinator" })}.${signature}`;
    expect(await reasonOf(verify(tampered))).toBe("bad-signature");
  });

  it("refuses a token signed with a key the issuer does not have (forged)", async () => {
    const forged = await signToken(forger.signing(TEAM), { ...claims, role: "coordinator" }, { ttlSeconds: 600 });
    expect(await reasonOf(verify(forged))).toBe("bad-signature");
    // Borrowing the genuine key id does not help.
    const [head, body, signature] = forged.split(".");
    const header = { ...JSON.parse(Buffer.from(head!, "base64url").toString()), kid: ring.signing(TEAM).kid };
    expect(await reasonOf(verify(`${b64url(header)}.${body}.${signature}`))).toBe("bad-signature");
  });

  it("refuses garbage and tokens without the claims the platform relies on", async () => {
    expect(await reasonOf(verify("not-a-jwt"))).toBe("malformed");
    expect(await reasonOf(verify(""))).toBe("malformed");
    const noRole = await signToken(ring.signing(TEAM), { ...claims, role: "superuser" as never }, { ttlSeconds: 600 });
    expect(await reasonOf(verify(noRole))).toBe("bad-claims");
    const badProvince = await signToken(ring.signing(TEAM), { ...claims, province: "MI" as never }, { ttlSeconds: 600 });
    expect(await reasonOf(verify(badProvince))).toBe("bad-claims");
  });
});

describe("bearerToken", () => {
  it("reads the token of an Authorization header, and tells a missing header from a malformed one", () => {
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("")).toBeUndefined();
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBe("");
    expect(bearerToken("Bearer a b")).toBe("");
  });
});
