import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import {
  isoDate,
  PROVINCE_CODES,
  TRANSFER_CANCEL_REASONS,
  TRANSFER_DECLINE_REASONS,
  TRANSFER_REASONS,
  TRANSFER_URGENCIES,
  zEnum,
  type ProvinceCode,
} from "@regional/schema";
import { z } from "zod";
import { dossierSchema, MESSAGE_KINDS, TRANSFER_FIELDS, type MessageKind } from "./transfers.rules.ts";

/**
 * The peer channel between two province services. A message is JSON, signed with the sending
 * province's Ed25519 key; the envelope carries the exact bytes that were signed, so nothing has to
 * be re-serialised identically on the other side. The message id and the sequence number stay the
 * same across resends; `sentAt` is set (and the message signed again) on every attempt, so a
 * receiver can refuse an old capture replayed later without refusing an honest late resend.
 */
export const PEER_MESSAGES_PATH = "/peer/messages";
export const PROTOCOL_VERSION = 1;

const instant = z.iso.datetime({ offset: true });
const province = z.enum(PROVINCE_CODES);

const needs = z.object({
  gender: zEnum("Gender"),
  ageBand: zEnum("AgeBand"),
  withChildren: z.boolean(),
  accommodation: zEnum("StructureType"),
  urgency: z.enum(TRANSFER_URGENCIES),
  reason: z.enum(TRANSFER_REASONS),
});

/** The body of each kind of message; what the other side needs to make the same move. */
export const MESSAGE_BODIES = {
  REQUESTED: z.object({ needs, sharedFields: z.array(z.enum(TRANSFER_FIELDS)), requestedAt: instant }),
  HANDOVER: z.object({ dossier: dossierSchema }),
  DEPARTED: z.object({ departedAt: instant, departedOn: isoDate }),
  CANCELLED: z.object({ cancelledAt: instant, reason: z.enum(TRANSFER_CANCEL_REASONS) }),
  ACCEPTED: z.object({
    decidedAt: instant,
    holdExpiresAt: instant,
    place: z.object({
      structureType: zEnum("StructureType"),
      target: zEnum("PlaceTarget"),
      structure: z.string().max(200),
      municipality: z.string().max(200),
    }),
  }),
  DECLINED: z.object({ decidedAt: instant, reason: z.enum(TRANSFER_DECLINE_REASONS), note: z.string().max(1000).nullable() }),
  ARRIVED: z.object({ arrivedAt: instant, arrivedOn: isoDate }),
  EXPIRED: z.object({ expiredAt: instant }),
} satisfies Record<MessageKind, z.ZodType>;

export type MessageBody<K extends MessageKind> = z.output<(typeof MESSAGE_BODIES)[K]>;

export const peerMessageSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  id: z.uuid(),
  transferId: z.uuid(),
  seq: z.number().int().min(1),
  kind: z.enum(MESSAGE_KINDS as [MessageKind, ...MessageKind[]]),
  from: province,
  to: province,
  /** When the move happened (the outbox row was written). */
  createdAt: instant,
  /** When this attempt was sent; checked against the receiver's clock. */
  sentAt: instant,
  body: z.unknown(),
});
export type PeerMessage = z.output<typeof peerMessageSchema>;

export interface Envelope {
  /** The message as JSON text: exactly the bytes that were signed. */
  payload: string;
  /** Ed25519 signature of the payload's UTF-8 bytes, base64url. */
  signature: string;
}

export const envelopeSchema = z.object({ payload: z.string().min(2).max(1_000_000), signature: z.string().min(1).max(200) });

export function signMessage(message: PeerMessage, privateKey: KeyObject): Envelope {
  const payload = JSON.stringify(message);
  return { payload, signature: sign(null, Buffer.from(payload, "utf8"), privateKey).toString("base64url") };
}

/**
 * Identifies the content of a message regardless of when it was sent: two attempts of the same
 * message have the same digest, a different message under a reused id does not.
 */
export function messageDigest(message: PeerMessage): string {
  const { sentAt: _sentAt, ...content } = message;
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/** Why a message is turned away before it reaches the inbox; each is logged. */
export type Rejection =
  | { status: 400; reason: "malformed" | "misaddressed"; detail: string }
  | { status: 401; reason: "unsigned" | "unknown-sender" | "forged" | "stale"; detail: string };

export interface OpenOptions {
  /** This province: messages to any other are misaddressed. */
  self: ProvinceCode;
  /** The public key of a peer, or undefined when it is not (yet) known. */
  publicKeyOf(code: ProvinceCode): KeyObject | undefined;
  /** The receiver's wall clock, ms. */
  now: number;
  /** How far sentAt may be from now, either way. */
  windowMs: number;
}

/**
 * Checks an envelope in order of cheapness and returns the message, or why it is rejected:
 * well formed, signed by the province it claims to come from, sent within the time window (an old
 * capture replayed later is refused), addressed to this province. Duplicates and order are for the
 * inbox, which knows what it has already applied.
 */
export function openEnvelope(raw: unknown, options: OpenOptions): { ok: true; message: PeerMessage } | ({ ok: false } & Rejection) {
  if (typeof raw !== "object" || raw === null || !("signature" in raw) || !(raw as { signature: unknown }).signature) {
    return { ok: false, status: 401, reason: "unsigned", detail: "the message carries no signature" };
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, status: 400, reason: "malformed", detail: "not an envelope { payload, signature }" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(envelope.data.payload);
  } catch {
    return { ok: false, status: 400, reason: "malformed", detail: "the payload is not JSON" };
  }
  const message = peerMessageSchema.safeParse(parsed);
  if (!message.success) {
    const issue = message.error.issues[0]!;
    return { ok: false, status: 400, reason: "malformed", detail: `${issue.path.join(".") || "message"}: ${issue.message}` };
  }
  const m = message.data;
  const key = options.publicKeyOf(m.from);
  if (!key) return { ok: false, status: 401, reason: "unknown-sender", detail: `no public key is configured for ${m.from}` };
  let genuine = false;
  try {
    genuine = verify(null, Buffer.from(envelope.data.payload, "utf8"), key, Buffer.from(envelope.data.signature, "base64url"));
  } catch {
    genuine = false;
  }
  if (!genuine) return { ok: false, status: 401, reason: "forged", detail: `the signature does not match ${m.from}'s key` };
  const skew = Math.abs(options.now - Date.parse(m.sentAt));
  if (!(skew <= options.windowMs)) {
    return { ok: false, status: 401, reason: "stale", detail: `sent at ${m.sentAt}, outside the ${Math.round(options.windowMs / 1000)} s window (a replay, or a clock far off)` };
  }
  if (m.to !== options.self || m.from === options.self) {
    return { ok: false, status: 400, reason: "misaddressed", detail: `addressed from ${m.from} to ${m.to}; this is ${options.self}` };
  }
  const body = MESSAGE_BODIES[m.kind].safeParse(m.body);
  if (!body.success) {
    const issue = body.error.issues[0]!;
    return { ok: false, status: 400, reason: "malformed", detail: `body.${issue.path.join(".")}: ${issue.message}` };
  }
  return { ok: true, message: { ...m, body: body.data } };
}

// ---------------------------------------------------------------------------------------------
// Keys

export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM of the public key: what the peers are configured with. */
  publicKeyPem: string;
}

export function generateSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

export function signingKeysFromPem(privatePem: string): SigningKeys {
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`the transfer signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`a peer's transfer key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}
