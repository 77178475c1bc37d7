import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEV_KEY_ID_PREFIX } from "@regional/schema";
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from "jose";

/** One algorithm everywhere: ECDSA P-256, which every identity provider can issue. */
export const ALGORITHM = "ES256";

/** A key that is missing, unreadable, malformed or (in production) a development key. Stops the process. */
export class KeyConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyConfigurationError";
  }
}

export interface SigningKey {
  issuer: string;
  kid: string;
  key: CryptoKey;
}

/** An issuer whose tokens a verifier accepts, with its public keys. */
export interface TrustedIssuer {
  issuer: string;
  jwks: JSONWebKeySet;
  keys: JWTVerifyGetKey;
}

export interface KeyPairJwk {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Where development keys (and, by default, configured keys) live in a keys folder. */
export const privateKeyPath = (dir: string, issuer: string): string => join(dir, `${issuer}.private.jwk.json`);
export const jwksPath = (dir: string, issuer: string): string => join(dir, `${issuer}.jwks.json`);

export const isDevelopmentKeyId = (kid: string | undefined): boolean => typeof kid === "string" && kid.startsWith(DEV_KEY_ID_PREFIX);

/** A fresh key pair. Development keys carry the dev- prefix in their kid, so production can tell them apart. */
export async function generateKeyPairJwk(issuer: string, options: { development: boolean } = { development: true }): Promise<KeyPairJwk> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = `${options.development ? DEV_KEY_ID_PREFIX : ""}${issuer}-${randomBytes(6).toString("hex")}`;
  const common = { kid, alg: ALGORITHM, use: "sig" };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...common }, publicJwk: { ...(await exportJWK(publicKey)), ...common } };
}

/** The public half of a private JWK. */
export function publicJwkOf(privateJwk: JWK): JWK {
  const { d: _d, ...publicJwk } = privateJwk;
  return publicJwk;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const tempName = (path: string) => `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;

/** Replaces a file in one step: readers see the old content or the new one, never half of it. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temp = tempName(path);
  await writeFile(temp, content, { mode, flag: "wx" });
  await rename(temp, path);
}

/**
 * Creates the missing development key pairs of the given issuers in dir: a private JWK per issuer
 * (mode 0600) and its public JWKS. Safe when several processes start at once on the same folder:
 * a private key is published with link(), which fails if another process got there first, and
 * then everyone uses the winner's key. Returns the issuers whose keys were created here.
 */
export async function ensureDevelopmentKeys(dir: string, issuers: readonly string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  for (const issuer of issuers) {
    const path = privateKeyPath(dir, issuer);
    let stored = await readIfExists(path);
    if (stored === undefined) {
      const temp = tempName(path);
      const { privateJwk } = await generateKeyPairJwk(issuer, { development: true });
      await writeFile(temp, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      try {
        await link(temp, path);
        created.push(issuer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      } finally {
        await unlink(temp);
      }
      stored = await readFile(path, "utf8");
    }
    const privateJwk = parseJson(stored, path) as JWK;
    const jwks = `${JSON.stringify({ keys: [publicJwkOf(privateJwk)] }, null, 2)}\n`;
    // Derived from the private key, so concurrent writers write the same bytes.
    if ((await readIfExists(jwksPath(dir, issuer))) !== jwks) await writeAtomically(jwksPath(dir, issuer), jwks, 0o644);
  }
  return created;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KeyConfigurationError(`${path} is not valid JSON`);
  }
}

async function readKeyFile(path: string, what: string): Promise<unknown> {
  const text = await readIfExists(path).catch((error: unknown) => {
    throw new KeyConfigurationError(`${what}: cannot read ${path} (${String(error)})`);
  });
  if (text === undefined) throw new KeyConfigurationError(`${what}: ${path} does not exist`);
  return parseJson(text, path);
}

function refuseDevelopmentKey(kid: string | undefined, what: string, path: string, production: boolean): void {
  if (production && isDevelopmentKeyId(kid)) {
    throw new KeyConfigurationError(
      `${what}: ${path} holds a development key (kid "${kid}"); NODE_ENV=production needs keys from your own key management`,
    );
  }
}

/** The private key an issuer signs with (a JWK file). In production a development key is refused. */
export async function loadSigningKey(path: string, issuer: string, options: { production: boolean }): Promise<SigningKey> {
  const what = `signing key of ${issuer}`;
  const jwk = (await readKeyFile(path, what)) as JWK;
  if (typeof jwk !== "object" || jwk === null || typeof jwk.d !== "string" || typeof jwk.kid !== "string") {
    throw new KeyConfigurationError(`${what}: ${path} is not a private JWK with a kid`);
  }
  refuseDevelopmentKey(jwk.kid, what, path, options.production);
  return signingKeyFromJwk(issuer, jwk);
}

export async function signingKeyFromJwk(issuer: string, jwk: JWK): Promise<SigningKey> {
  try {
    return { issuer, kid: jwk.kid!, key: (await importJWK(jwk, ALGORITHM)) as CryptoKey };
  } catch (error) {
    throw new KeyConfigurationError(`signing key of ${issuer}: not an ${ALGORITHM} key (${String(error)})`);
  }
}

/** The public keys of an issuer (a JWKS file). In production a development key is refused. */
export async function loadTrustedIssuer(issuer: string, path: string, options: { production: boolean }): Promise<TrustedIssuer> {
  const what = `public keys of ${issuer}`;
  const jwks = (await readKeyFile(path, what)) as JSONWebKeySet;
  if (typeof jwks !== "object" || jwks === null || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    throw new KeyConfigurationError(`${what}: ${path} is not a JWKS with at least one key`);
  }
  for (const key of jwks.keys) {
    // A private key in a file meant to be shared is a leak waiting to happen.
    if ("d" in key) throw new KeyConfigurationError(`${what}: ${path} contains private key material`);
    refuseDevelopmentKey(key.kid, what, path, options.production);
  }
  return trustedIssuerFromJwks(issuer, jwks);
}

export function trustedIssuerFromJwks(issuer: string, jwks: JSONWebKeySet): TrustedIssuer {
  return { issuer, jwks, keys: createLocalJWKSet(jwks) };
}

/** Keys held in memory, for tests and tools: a signing key and a trusted issuer per issuer. */
export interface KeyRing {
  signing(issuer: string): SigningKey;
  trusted(issuer: string): TrustedIssuer;
}

export async function generateKeyRing(issuers: readonly string[], options: { development: boolean } = { development: true }): Promise<KeyRing> {
  const entries = await Promise.all(
    issuers.map(async (issuer) => {
      const { privateJwk, publicJwk } = await generateKeyPairJwk(issuer, options);
      return [issuer, { signing: await signingKeyFromJwk(issuer, privateJwk), trusted: trustedIssuerFromJwks(issuer, { keys: [publicJwk] }) }] as const;
    }),
  );
  const byIssuer = new Map(entries);
  const get = (issuer: string) => {
    const found = byIssuer.get(issuer);
    if (!found) throw new Error(`no key for issuer ${issuer}`);
    return found;
  };
  return { signing: (issuer) => get(issuer).signing, trusted: (issuer) => get(issuer).trusted };
}
