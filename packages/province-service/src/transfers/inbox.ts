import { PROVINCE_CODES, type ProvinceCode } from "@regional/schema";
import type { Request, Response } from "express";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { openEnvelope } from "./messages.ts";
import type { PeerDirectory } from "./peers.ts";
import type { TransfersStore } from "./transfers.store.ts";

export interface PeerInboxOptions {
  province: ProvinceCode;
  store: TransfersStore;
  peers: PeerDirectory;
  clock: Clock;
  wallClock: () => Date;
  /** How far a message's sentAt may be from this province's wall clock. */
  windowMs: number;
  logger: Logger;
}

/**
 * The peer endpoint (POST /peer/messages). It is authenticated by the message signature, not by a
 * bearer token: only a province holding its private key can produce a message this province
 * accepts. Everything turned away is logged with the reason.
 *
 * Answers: 200 once the message is in the inbox (applied, ignored as late, refused by the state
 * machine, or a resend of one already there), 409 when it must wait for an earlier message of the
 * same transfer or contradicts one already received, 400/401 when rejected (not retried with any
 * hope of success, but the sender keeps it queued and visible), 503 when this side failed.
 */
export function peerInbox(options: PeerInboxOptions): (req: Request, res: Response) => Promise<void> {
  const { logger } = options;
  const open = (body: unknown) =>
    openEnvelope(body, {
      self: options.province,
      publicKeyOf: (code) => options.peers.publicKey(code),
      now: options.wallClock().getTime(),
      windowMs: options.windowMs,
    });
  return async (req, res) => {
    let opened = open(req.body);
    if (!opened.ok && opened.reason === "forged") {
      // The peer may have a new key since it was cached (development keys regenerate with a fresh
      // data folder): read the configured key again once before calling it forged.
      for (const code of PROVINCE_CODES) options.peers.forget(code);
      opened = open(req.body);
    }
    if (!opened.ok) {
      logger.warn({ reason: opened.reason, detail: opened.detail, remote: req.socket.remoteAddress }, "peer message rejected");
      res.status(opened.status).json({ status: "rejected", reason: opened.reason, detail: opened.detail });
      return;
    }
    const m = opened.message;
    const about = { messageId: m.id, transferId: m.transferId, seq: m.seq, kind: m.kind, from: m.from };
    try {
      const outcome = await options.store.receive(m, { now: options.clock.now(), today: options.clock.today() });
      switch (outcome.status) {
        case "applied":
          logger.info(about, "peer message applied");
          break;
        case "ignored":
          logger.info({ ...about, detail: outcome.detail }, "late peer message ignored");
          break;
        case "refused":
          logger.warn({ ...about, detail: outcome.detail }, "peer message refused by the transfer's state machine");
          break;
        case "duplicate":
          logger.debug(about, "peer message already received");
          break;
        case "out-of-order":
          logger.debug({ ...about, expected: outcome.expected }, "peer message ahead of its turn; the sender retries");
          break;
        case "conflict":
          logger.warn({ ...about, detail: outcome.detail }, "peer message rejected: it contradicts one received before");
          break;
      }
      const status = outcome.status === "out-of-order" || outcome.status === "conflict" ? 409 : 200;
      res.status(status).json(outcome);
    } catch (error) {
      logger.error({ ...about, err: error }, "peer message could not be processed");
      res.status(503).json({ status: "error", detail: "the message could not be processed; send it again later" });
    }
  };
}
