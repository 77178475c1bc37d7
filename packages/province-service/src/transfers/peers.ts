import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { KeyObject } from "node:crypto";
import type { ProvinceCode } from "@regional/schema";
import { generateSigningKeys, publicKeyFromPem, signingKeysFromPem, type SigningKeys } from "./messages.ts";

/** Where the peers are and how to recognise their signatures. */
export interface PeerDirectory {
  /** Base URL of a peer province service (the peer endpoint is under it), if known. */
  url(code: ProvinceCode): string | undefined;
  /** A peer's public key, if known. */
  publicKey(code: ProvinceCode): KeyObject | undefined;
  /** Forget a cached key, e.g. after a signature did not match (the peer may have a new key). */
  forget(code: ProvinceCode): void;
}

/** A directory held in memory and filled by its owner (tests, or a launcher that knows the ports only later). */
export interface MutablePeerDirectory extends PeerDirectory {
  set(code: ProvinceCode, peer: { url?: string; publicKey?: KeyObject }): void;
}

export function memoryPeerDirectory(): MutablePeerDirectory {
  const peers = new Map<ProvinceCode, { url?: string; publicKey?: KeyObject }>();
  return {
    url: (code) => peers.get(code)?.url,
    publicKey: (code) => peers.get(code)?.publicKey,
    forget: () => undefined,
    set: (code, peer) => peers.set(code, { ...peers.get(code), ...peer }),
  };
}

/**
 * Peers from the configuration: a URL per province and a public key file per province (an explicit
 * path, else <CODE>.pub.pem in the trusted-keys folder). Keys are read when first needed, so a
 * peer started later than this one (whose development key did not exist yet) is recognised once
 * its file appears.
 */
export function filePeerDirectory(config: {
  urls: Partial<Record<ProvinceCode, string>>;
  keyFiles: Partial<Record<ProvinceCode, string>>;
  trustedKeysDir: string | undefined;
}): PeerDirectory {
  const cache = new Map<ProvinceCode, KeyObject>();
  const pathOf = (code: ProvinceCode) => config.keyFiles[code] ?? (config.trustedKeysDir ? join(config.trustedKeysDir, `${code}.pub.pem`) : undefined);
  return {
    url: (code) => config.urls[code],
    publicKey: (code) => {
      const cached = cache.get(code);
      if (cached) return cached;
      const path = pathOf(code);
      if (!path || !existsSync(path)) return undefined;
      const key = publicKeyFromPem(readFileSync(path, "utf8"));
      cache.set(code, key);
      return key;
    },
    forget: (code) => void cache.delete(code),
  };
}

export const SIGNING_KEY_FILE = "transfer-signing.key.pem";

/**
 * The province's signing key (PKCS#8 PEM file). Outside production a missing key is generated
 * (development keys, never committed: the folder is in the ignored data folder); in production it
 * must have been installed, and its absence stops the service.
 */
export function loadSigningKeys(privatePath: string, options: { generate: boolean }): { keys: SigningKeys; generated: boolean } {
  const dir = dirname(privatePath);
  if (existsSync(privatePath)) return { keys: signingKeysFromPem(readFileSync(privatePath, "utf8")), generated: false };
  if (!options.generate) throw new Error(`no transfer signing key at ${privatePath}; install the province's Ed25519 key (PKCS#8 PEM)`);
  const keys = generateSigningKeys();
  mkdirSync(dir, { recursive: true });
  writeFileSync(privatePath, keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
  chmodSync(privatePath, 0o600);
  writeFileSync(join(dir, basename(privatePath).replace(/\.key\.pem$|\.pem$/, "") + ".pub.pem"), keys.publicKeyPem);
  return { keys, generated: true };
}

/** Development: put this province's public key where the local peers look for it. */
export function publishPublicKey(keys: SigningKeys, trustedKeysDir: string, code: ProvinceCode): string {
  mkdirSync(trustedKeysDir, { recursive: true });
  const path = join(trustedKeysDir, `${code}.pub.pem`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, keys.publicKeyPem);
  // Written then moved, so a peer reading it never sees half a key.
  renameSync(tmp, path);
  return path;
}
