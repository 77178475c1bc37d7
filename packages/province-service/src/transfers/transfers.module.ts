import { randomBytes } from "node:crypto";
import type { ProvinceCode } from "@regional/schema";
import type { Request, Response } from "express";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { createFieldCipher, DATA_KEY_BYTES } from "../crypto/field-cipher.ts";
import { peerInbox } from "./inbox.ts";
import { generateSigningKeys, type SigningKeys } from "./messages.ts";
import { memoryPeerDirectory, type PeerDirectory } from "./peers.ts";
import type { Backoff } from "./transfers.rules.ts";
import type { TransfersStore, TransferStoreSettings } from "./transfers.store.ts";
import { transferWorker } from "./worker.ts";

export { PEER_MESSAGES_PATH } from "./messages.ts";

/** What the composition root hands to the transfer workflow (run.ts builds it from the environment). */
export interface TransferDeps {
  /** This province's signing key. */
  keys: SigningKeys;
  /** Where the peers are and their public keys. */
  peers: PeerDirectory;
  /** How long an accepted transfer holds its place (default 72 h). */
  holdMs?: number;
  /** How far a peer message's sentAt may be from this clock (default 5 min). */
  messageWindowMs?: number;
  /** Retry delays towards a peer that is down (default 0.5 s doubling up to 60 s). */
  backoff?: Partial<Backoff>;
  /** How often the worker looks for due messages (default 500 ms) and for expired holds (default 30 s). */
  pollMs?: number;
  sweepMs?: number;
  /** How long to wait for a peer's answer (default 5 s). */
  requestTimeoutMs?: number;
  /** Wall time for retries and message timestamps; defaults to the system's. */
  wallClock?: () => Date;
}

export interface TransfersModule {
  /** For createStores: the province, the hold, and how to wake the worker after a commit. */
  settings: TransferStoreSettings;
  /** Starts the worker over the store; returns the peer endpoint's handler and how to stop. */
  attach(store: TransfersStore): { inbox: (req: Request, res: Response) => Promise<void>; stop(): Promise<void> };
}

/**
 * The transfer workflow's runtime for one province. Without `deps` (tests of other modules) the
 * province gets a throw-away key and knows no peer: transfers can be requested but stay queued.
 */
export function transfersModule(
  province: ProvinceCode,
  deps: TransferDeps | undefined,
  runtime: { clock: Clock; logger: Logger; dataKey: Buffer | undefined },
): TransfersModule {
  const logger = runtime.logger.child({ component: "transfers" });
  const keys = deps?.keys ?? generateSigningKeys();
  const peers = deps?.peers ?? memoryPeerDirectory();
  const wallClock = deps?.wallClock ?? (() => new Date());
  let kick = () => undefined as void;
  return {
    settings: {
      province,
      holdMs: deps?.holdMs ?? 72 * 3_600_000,
      onQueued: () => kick(),
      // The province's data key, as for people's identifiers (without one, outside production only,
      // a key for this process alone: see crypto/service-identifiers.ts).
      cipher: createFieldCipher(runtime.dataKey ?? randomBytes(DATA_KEY_BYTES)),
    },
    attach: (store) => {
      const worker = transferWorker({
        province,
        store,
        keys,
        peers,
        clock: runtime.clock,
        wallClock,
        logger,
        backoff: { baseMs: 500, maxMs: 60_000, ...deps?.backoff },
        pollMs: deps?.pollMs ?? 500,
        sweepMs: deps?.sweepMs ?? 30_000,
        requestTimeoutMs: deps?.requestTimeoutMs ?? 5_000,
        concurrency: 8,
      });
      kick = () => worker.kick();
      worker.start();
      return {
        inbox: peerInbox({ province, store, peers, clock: runtime.clock, wallClock, windowMs: deps?.messageWindowMs ?? 300_000, logger }),
        stop: () => worker.stop(),
      };
    },
  };
}
