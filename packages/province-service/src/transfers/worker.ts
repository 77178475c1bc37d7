import type { ProvinceCode } from "@regional/schema";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { PEER_MESSAGES_PATH, PROTOCOL_VERSION, signMessage, type PeerMessage, type SigningKeys } from "./messages.ts";
import type { PeerDirectory } from "./peers.ts";
import { retryDelay, type Backoff, type MessageKind } from "./transfers.rules.ts";
import type { OutboxRow, TransfersStore } from "./transfers.store.ts";

/**
 * The transfer worker of one province: it delivers the outbox to the peers (first undelivered
 * message of each transfer only, so the order per transfer holds; retries with exponential
 * backoff and jitter while a peer is down) and expires the holds whose time is up.
 * Delivery is at least once; the receiver's inbox makes it exactly once in effect.
 */
export interface TransferWorkerOptions {
  province: ProvinceCode;
  store: TransfersStore;
  keys: SigningKeys;
  peers: PeerDirectory;
  /** The domain clock: when holds expire. */
  clock: Clock;
  /** Wall time for scheduling retries and stamping sentAt (a test's fixed domain clock must not stop the retries). */
  wallClock: () => Date;
  logger: Logger;
  backoff: Backoff;
  /** How often to look for due messages when nothing wakes the worker. */
  pollMs: number;
  /** How often to look for expired holds. */
  sweepMs: number;
  /** How long to wait for a peer's answer. */
  requestTimeoutMs: number;
  /** Messages sent at once. */
  concurrency: number;
  random?: () => number;
}

export interface TransferWorker {
  start(): void;
  /** Look for due messages now (called after a transaction queued some). */
  kick(): void;
  stop(): Promise<void>;
}

const BATCH = 64;

/** What the peer's inbox answers, as far as the sender cares. */
interface InboxAnswer {
  status?: string;
  reason?: string;
  detail?: string;
  expected?: number;
}

export function transferWorker(options: TransferWorkerOptions): TransferWorker {
  const { store, logger, peers } = options;
  const random = options.random ?? Math.random;
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;
  let lastSweep = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (kicked) {
        kicked = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function send(row: OutboxRow): Promise<"delivered" | "failed"> {
    const to = row.recipient as ProvinceCode;
    const url = peers.url(to);
    const wallNow = options.wallClock();
    let error: string;
    let soon = false;
    if (!url) {
      error = `no address is configured for ${to}`;
    } else {
      const message: PeerMessage = {
        v: PROTOCOL_VERSION,
        id: row.id,
        transferId: row.transferId,
        seq: row.seq,
        kind: row.kind as MessageKind,
        from: options.province,
        to,
        createdAt: new Date(row.createdAt).toISOString(),
        sentAt: wallNow.toISOString(),
        body: row.body,
      };
      try {
        const response = await fetch(`${url.replace(/\/$/, "")}${PEER_MESSAGES_PATH}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(signMessage(message, options.keys.privateKey)),
          signal: AbortSignal.timeout(options.requestTimeoutMs),
        });
        const answer = (await response.json().catch(() => ({}))) as InboxAnswer;
        if (response.ok) {
          await store.markDelivered(row.id, options.wallClock());
          if (answer.status === "refused") {
            logger.warn({ transferId: row.transferId, seq: row.seq, kind: row.kind, to, detail: answer.detail }, "peer refused a transfer message");
          }
          return "delivered";
        }
        error = `HTTP ${response.status} ${answer.reason ?? answer.status ?? ""}${answer.detail ? `: ${answer.detail}` : ""}`.trim();
        // The peer waits for an earlier message of this transfer that is surely on its way: try again soon.
        soon = response.status === 409 && answer.status === "out-of-order";
      } catch (e) {
        error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
    }
    const delay = soon ? options.pollMs : retryDelay(row.attempts + 1, options.backoff, random());
    await store.markFailed(row.id, new Date(options.wallClock().getTime() + delay), error);
    logger.debug({ transferId: row.transferId, seq: row.seq, kind: row.kind, to, attempts: row.attempts + 1, delay, error }, "transfer message not delivered yet");
    return "failed";
  }

  /** Sends the due heads, a few at a time; true if any was delivered (the next ones may now be due). */
  async function deliverDue(): Promise<boolean> {
    const due = await store.dueMessages(options.wallClock(), BATCH);
    let delivered = false;
    for (let i = 0; i < due.length && !stopped; i += options.concurrency) {
      const results = await Promise.all(due.slice(i, i + options.concurrency).map(send));
      if (results.includes("delivered")) delivered = true;
    }
    return delivered || due.length === BATCH;
  }

  async function sweep(): Promise<void> {
    const now = Date.now();
    if (now - lastSweep < options.sweepMs) return;
    lastSweep = now;
    const expired = await store.expireDue({ now: options.clock.now(), today: options.clock.today() });
    if (expired.length > 0) logger.info({ transfers: expired }, "holds expired; places released");
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let more = false;
      try {
        await sweep();
        more = await deliverDue();
      } catch (error) {
        // The database may be busy or closing; the next round tries again.
        if (!stopped) logger.error({ err: error }, "transfer worker round failed");
      }
      if (!stopped && !more) await sleep(options.pollMs);
    }
  }

  return {
    start: () => {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    kick: () => {
      if (wake) wake();
      else kicked = true;
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
