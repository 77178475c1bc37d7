import { join } from "node:path";
import type { ProvinceCode, ProvinceTransfersEnv } from "@regional/schema";
import type { Logger } from "pino";
import { filePeerDirectory, loadSigningKeys, publishPublicKey, SIGNING_KEY_FILE } from "./peers.ts";
import type { TransferDeps } from "./transfers.module.ts";

/**
 * The transfer workflow's dependencies from the environment. Development generates the signing
 * key in the key folder and publishes the public key in a folder the local provinces share
 * (services/data/transfer-keys, git-ignored), so the seven local services trust each other with no
 * setup. Production generates nothing and trusts only the peers' keys it is given.
 */
export function transferDepsFromEnv(
  province: ProvinceCode,
  env: ProvinceTransfersEnv,
  where: { keysDir: string; serviceDir: string; production: boolean; logger: Logger },
): TransferDeps {
  const { keys, generated } = loadSigningKeys(env.signingKeyPath ?? join(where.keysDir, SIGNING_KEY_FILE), { generate: !where.production });
  const trustedKeysDir = env.trustedKeysDir ?? (where.production ? undefined : join(where.serviceDir, "..", "data", "transfer-keys"));
  if (generated) where.logger.warn({ keysDir: where.keysDir }, "generated a development transfer signing key");
  if (!where.production && trustedKeysDir) publishPublicKey(keys, trustedKeysDir, province);
  const urls = Object.fromEntries(Object.entries(env.peerUrls).filter(([code]) => code !== province));
  return {
    keys,
    peers: filePeerDirectory({ urls, keyFiles: env.peerKeyFiles, trustedKeysDir }),
    holdMs: env.holdMs,
    messageWindowMs: env.messageWindowMs,
    backoff: { maxMs: env.retryMaxMs },
  };
}
