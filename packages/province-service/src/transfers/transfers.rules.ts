import {
  formatDate,
  isoDate,
  toDbDate,
  TRANSFER_CANCEL_REASONS,
  TRANSFER_DECLINE_REASONS,
  TRANSFER_REASONS,
  TRANSFER_URGENCIES,
  zEnum,
  type AgeBand,
  type CasePhase,
  type StructureType,
  type TransferState,
} from "@regional/schema";
import { z } from "zod";

/**
 * The rules of a transfer between two provinces, as plain functions: which side may make which
 * move in which state, what a message from the other side does in each state, what travels on
 * acceptance, and how long to wait before sending again. The store calls them inside its
 * transactions, on rows it has just locked; the tests need no database.
 *
 * Each province holds its own side of the transfer: the ORIGIN (sending) side starts it, marks the
 * departure and may cancel; the DESTINATION (receiving) side accepts (holding a place) or declines,
 * lets an unused hold expire and marks the arrival. Every move is announced to the other side by
 * a message, so both records go through the same states in the same order.
 */

export type Side = "ORIGIN" | "DESTINATION";

export type Verdict<T = object> = ({ ok: true } & T) | Refusal;
export interface Refusal {
  ok: false;
  rule: string;
  reason: string;
  field?: string;
}

function refuse(rule: string, reason: string, field?: string): Refusal {
  return { ok: false, rule, reason, ...(field ? { field } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Local moves (a caseworker's mutation, or the hold expiring)

export type Command = "accept" | "decline" | "arrive" | "expire" | "depart" | "cancel";

const COMMANDS: Record<Command, { side: Side; from: readonly TransferState[]; to: TransferState; verb: string }> = {
  accept: { side: "DESTINATION", from: ["REQUESTED"], to: "ACCEPTED", verb: "accepted" },
  decline: { side: "DESTINATION", from: ["REQUESTED"], to: "DECLINED", verb: "declined" },
  arrive: { side: "DESTINATION", from: ["DEPARTED"], to: "ARRIVED", verb: "marked as arrived" },
  expire: { side: "DESTINATION", from: ["ACCEPTED", "DEPARTED"], to: "EXPIRED", verb: "expired" },
  depart: { side: "ORIGIN", from: ["ACCEPTED"], to: "DEPARTED", verb: "marked as departed" },
  cancel: { side: "ORIGIN", from: ["REQUESTED", "ACCEPTED", "DEPARTED"], to: "CANCELLED", verb: "cancelled" },
};

const ENDED_BECAUSE: Partial<Record<TransferState, string>> = {
  DECLINED: "the receiving province declined it",
  ARRIVED: "the person has arrived",
  CANCELLED: "the sending province cancelled it",
  EXPIRED: "the place held for it expired",
};

/**
 * May this side make this move now? The refusals name what went wrong in the transfer's terms:
 * accepting after a cancellation, accepting twice, marking an arrival before acceptance or before
 * departure are each their own rule.
 */
export function checkCommand(side: Side, state: TransferState, command: Command): Verdict<{ next: TransferState }> {
  const c = COMMANDS[command];
  if (c.side !== side) {
    const who = c.side === "ORIGIN" ? "the sending province" : "the receiving province";
    return refuse("transfer-wrong-side", `only ${who} can do this: this transfer is ${side === "ORIGIN" ? "outgoing" : "incoming"} here`);
  }
  if (c.from.includes(state)) return { ok: true, next: c.to };
  const ended = ENDED_BECAUSE[state];
  if (ended) return refuse(`transfer-${state.toLowerCase()}`, `the transfer can no longer be ${c.verb}: ${ended}`);
  switch (command) {
    case "accept":
    case "decline":
      return refuse("transfer-already-decided", `the transfer was already accepted (it is ${state}); it cannot be ${c.verb} again`);
    case "arrive":
      return state === "REQUESTED"
        ? refuse("transfer-not-accepted", "the transfer has not been accepted yet: nobody can arrive before a place is held")
        : refuse("transfer-not-departed", "the sending province has not marked the departure yet");
    case "depart":
      return state === "REQUESTED"
        ? refuse("transfer-not-accepted", "the receiving province has not accepted the transfer yet")
        : refuse("transfer-already-departed", "the departure was already marked");
    case "expire":
      return refuse("transfer-not-held", "no place is held for this transfer");
    case "cancel":
      return refuse("transfer-cancelled", "the transfer was already cancelled");
  }
}

// ---------------------------------------------------------------------------------------------
// Messages from the other side

/** Messages the origin sends to the destination, and the destination to the origin. */
export const ORIGIN_MESSAGES = ["REQUESTED", "HANDOVER", "DEPARTED", "CANCELLED"] as const;
export const DESTINATION_MESSAGES = ["ACCEPTED", "DECLINED", "ARRIVED", "EXPIRED"] as const;
export type MessageKind = (typeof ORIGIN_MESSAGES)[number] | (typeof DESTINATION_MESSAGES)[number];
export const MESSAGE_KINDS: readonly MessageKind[] = [...ORIGIN_MESSAGES, ...DESTINATION_MESSAGES];

/** The message that announces a local move to the other side. */
export const ANNOUNCES: Record<Command, MessageKind> = {
  accept: "ACCEPTED",
  decline: "DECLINED",
  arrive: "ARRIVED",
  expire: "EXPIRED",
  depart: "DEPARTED",
  cancel: "CANCELLED",
};

/**
 * What a message from the other side does here: it moves the transfer (apply), or it arrived after
 * a move of ours that crossed it and has no effect (ignore), or it could not have been sent in this
 * state by a correct peer (refuse). Ignored and refused messages are acknowledged and recorded, so
 * the sender stops resending; neither changes anything.
 *
 * Crossing moves converge: the receiver's ending (arrival, decline, expiry) outranks the sender's
 * cancellation, and an acceptance that crosses a cancellation is void. For example the sender
 * cancels while the receiver marks the arrival: the receiver ignores the cancellation, the sender
 * takes the arrival (the person is there), and both records end ARRIVED.
 */
export type MessageEffect = { effect: "apply"; next: TransferState } | { effect: "ignore"; reason: string } | { effect: "refuse"; reason: string };

export function onMessage(receiver: Side, state: TransferState | null, kind: MessageKind): MessageEffect {
  const apply = (next: TransferState): MessageEffect => ({ effect: "apply", next });
  const ignore = (reason: string): MessageEffect => ({ effect: "ignore", reason });
  const refused: MessageEffect = { effect: "refuse", reason: `${kind} is impossible when the transfer is ${state ?? "unknown"} here` };
  const fromOrigin = (ORIGIN_MESSAGES as readonly string[]).includes(kind);
  if (fromOrigin !== (receiver === "DESTINATION")) {
    return { effect: "refuse", reason: `${kind} is sent by the ${fromOrigin ? "sending" : "receiving"} province, not to it` };
  }
  if (state === null) return kind === "REQUESTED" ? apply("REQUESTED") : refused;
  switch (kind) {
    case "REQUESTED":
      return refused;
    case "HANDOVER":
      if (state === "ACCEPTED") return apply("ACCEPTED");
      if (state === "EXPIRED" || state === "CANCELLED") return ignore(`the transfer is ${state}: the data is not kept`);
      return refused;
    case "DEPARTED":
      if (state === "ACCEPTED") return apply("DEPARTED");
      if (state === "EXPIRED") return ignore("the hold expired before the departure was announced");
      return refused;
    case "CANCELLED":
      if (state === "REQUESTED" || state === "ACCEPTED" || state === "DEPARTED") return apply("CANCELLED");
      if (state === "ARRIVED" || state === "EXPIRED" || state === "DECLINED") return ignore(`the cancellation crossed this side's ${state}, which stands`);
      return refused;
    case "ACCEPTED":
      if (state === "REQUESTED") return apply("ACCEPTED");
      if (state === "CANCELLED") return ignore("the acceptance crossed this side's cancellation");
      return refused;
    case "DECLINED":
      if (state === "REQUESTED" || state === "CANCELLED") return apply("DECLINED");
      return refused;
    case "ARRIVED":
      if (state === "DEPARTED" || state === "CANCELLED") return apply("ARRIVED");
      return refused;
    case "EXPIRED":
      if (state === "ACCEPTED" || state === "DEPARTED" || state === "CANCELLED") return apply("EXPIRED");
      return refused;
  }
}

/**
 * Where an incoming message stands in the per-transfer order: the next one expected is applied;
 * one already applied is a resend (acknowledged without effect); one further ahead waits until the
 * sender has delivered those before it (the sender retries it).
 */
export function sequencePosition(lastApplied: number, seq: number): "next" | "old" | "ahead" {
  if (seq === lastApplied + 1) return "next";
  return seq <= lastApplied ? "old" : "ahead";
}

// ---------------------------------------------------------------------------------------------
// Retries

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `attempts + 1` after `attempts` failures: exponential, capped, with "equal
 * jitter" (half fixed, half random), so peers coming back are not hit by every sender at once and
 * the delay never collapses to zero. `random` is in [0, 1).
 */
export function retryDelay(attempts: number, backoff: Backoff, random: number): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

// ---------------------------------------------------------------------------------------------
// Holds

/** A hold lasts from the acceptance for the configured time; the person must arrive before then. */
export function holdExpiry(acceptedAt: Date, holdMs: number): Date {
  return new Date(acceptedAt.getTime() + holdMs);
}

export function isHoldExpired(holdExpiresAt: Date | null, now: Date): boolean {
  return holdExpiresAt !== null && holdExpiresAt.getTime() <= now.getTime();
}

/** The phase a case opened by an arrival starts in, from the kind of place that receives the person. */
export function phaseForAccommodation(type: StructureType): CasePhase {
  switch (type) {
    case "EMERGENCY_SHELTER":
      return "IMMEDIATE_PROTECTION";
    case "RESIDENTIAL_COMMUNITY":
      return "RESIDENTIAL_RECEPTION";
    case "SEMI_AUTONOMY":
    case "HOUSING":
      return "SEMI_AUTONOMY";
  }
}

/** An arrival day is not before the place was held nor before the person left. */
export function checkArrivalDay(on: string, facts: { holdFrom: string | null; departedOn: string | null }): Verdict {
  if (facts.holdFrom && on < facts.holdFrom) {
    return refuse("arrival-before-acceptance", `the place was held from ${facts.holdFrom}, after ${on}`, "input.on");
  }
  if (facts.departedOn && on < facts.departedOn) {
    return refuse("arrival-before-departure", `the person left on ${facts.departedOn}, after ${on}`, "input.on");
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// What travels: the needs profile before acceptance, the consented dossier after it

/**
 * Groups of case data a person may consent to send to the receiving province. Nothing outside
 * these groups travels; notes of interviews, services and legal events never do.
 */
export const TRANSFER_FIELDS = [
  "NAMES", // given and family name, alias
  "BIRTH_DATE",
  "CITIZENSHIP",
  "CONTACT", // phone
  "DOCUMENT", // document number
  "CASE_DETAILS", // reference, opening, phase, programme, referral, protection status, identification
  "EXPLOITATION_TYPES",
  "LEGAL_EVENTS", // kind, date, permit type
  "SERVICES", // kind, date
] as const;
export type TransferField = (typeof TRANSFER_FIELDS)[number];

/** What the sending province knows and may put in the dossier (dates as YYYY-MM-DD). */
export interface DossierSource {
  person: {
    givenName: string;
    familyName: string;
    alias: string | null;
    birthDate: string | null;
    citizenship: string;
    phone: string | null;
    documentNumber: string | null;
  };
  case: {
    reference: string;
    openedOn: string;
    phase: string;
    programme: string | null;
    referralSource: string;
    protectionStatus: string;
    identification: string;
    identifiedOn: string | null;
  };
  exploitationTypes: string[];
  legalEvents: { kind: string; occurredOn: string; permitType: string | null }[];
  services: { kind: string; deliveredOn: string }[];
}

export const dossierSchema = z
  .object({
    givenName: z.string().min(1).max(200),
    familyName: z.string().min(1).max(200),
    alias: z.string().max(200).nullable(),
    birthDate: isoDate.nullable(),
    citizenship: z.string().min(2).max(3),
    phone: z.string().max(40).nullable(),
    documentNumber: z.string().max(40).nullable(),
    caseDetails: z.object({
      reference: z.string().max(40),
      openedOn: isoDate,
      phase: zEnum("CasePhase"),
      programme: zEnum("Programme").nullable(),
      referralSource: zEnum("ReferralSource"),
      protectionStatus: zEnum("ProtectionStatus"),
      identification: zEnum("IdentificationOutcome"),
      identifiedOn: isoDate.nullable(),
    }),
    exploitationTypes: z.array(zEnum("ExploitationType")).max(20),
    legalEvents: z.array(z.object({ kind: zEnum("LegalEventKind"), occurredOn: isoDate, permitType: zEnum("PermitType").nullable() })).max(500),
    services: z.array(z.object({ kind: zEnum("ServiceKind"), deliveredOn: isoDate })).max(2000),
  })
  .partial()
  .strict();
export type Dossier = z.output<typeof dossierSchema>;

/** Only the consented groups, and within them only the listed fields. */
export function buildDossier(fields: readonly TransferField[], source: DossierSource): Dossier {
  const has = (f: TransferField) => fields.includes(f);
  const p = source.person;
  return {
    ...(has("NAMES") ? { givenName: p.givenName, familyName: p.familyName, alias: p.alias } : {}),
    ...(has("BIRTH_DATE") ? { birthDate: p.birthDate } : {}),
    ...(has("CITIZENSHIP") ? { citizenship: p.citizenship } : {}),
    ...(has("CONTACT") ? { phone: p.phone } : {}),
    ...(has("DOCUMENT") ? { documentNumber: p.documentNumber } : {}),
    ...(has("CASE_DETAILS") ? { caseDetails: { ...source.case } } : {}),
    ...(has("EXPLOITATION_TYPES") ? { exploitationTypes: [...source.exploitationTypes] } : {}),
    ...(has("LEGAL_EVENTS") ? { legalEvents: source.legalEvents.map((e) => ({ kind: e.kind, occurredOn: e.occurredOn, permitType: e.permitType })) } : {}),
    ...(has("SERVICES") ? { services: source.services.map((s) => ({ kind: s.kind, deliveredOn: s.deliveredOn })) } : {}),
  } as Dossier;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const id = z.uuid("is not a valid id");
const note = z.string().trim().max(1000, "must have at most 1000 characters");

function pastDay(today: string) {
  return isoDate.refine((d) => d <= today, "cannot be in the future");
}

export const requestTransferInput = z.object({
  caseId: id,
  destination: z.string().trim().toUpperCase(),
  withChildren: z.boolean(),
  accommodation: zEnum("StructureType"),
  urgency: z.enum(TRANSFER_URGENCIES),
  reason: z.enum(TRANSFER_REASONS),
  sharedFields: z
    .array(z.enum(TRANSFER_FIELDS))
    .max(TRANSFER_FIELDS.length)
    .refine((f) => new Set(f).size === f.length, "must not list a field group twice"),
});
export type RequestTransfer = z.output<typeof requestTransferInput>;

export const acceptTransferInput = z.object({ transferId: id, placeId: id });
export const declineTransferInput = z.object({
  transferId: id,
  reason: z.enum(TRANSFER_DECLINE_REASONS),
  note: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), note.nullish()).transform((n) => n ?? null),
});
export const cancelTransferInput = z.object({ transferId: id, reason: z.enum(TRANSFER_CANCEL_REASONS) });

export function markDepartureInput(today: string) {
  return z.object({ transferId: id, on: pastDay(today).nullish().transform((d) => d ?? today) });
}

/**
 * The arrival: the day, where the case starts, and whatever the person's record needs that did
 * not travel (a field given here wins over the dossier: the receiving team has the person in front of them).
 */
export function markArrivalInput(today: string) {
  return z.object({
    transferId: id,
    on: pastDay(today).nullish().transform((d) => d ?? today),
    phase: zEnum("CasePhase").nullish().transform((p) => p ?? undefined),
    exploitationTypes: z.array(zEnum("ExploitationType")).nullish().transform((t) => t ?? undefined),
    protectionStatus: zEnum("ProtectionStatus").nullish().transform((p) => p ?? undefined),
    person: z.record(z.string(), z.unknown()).nullish().transform((p) => p ?? {}),
  });
}
export type MarkArrival = z.output<ReturnType<typeof markArrivalInput>>;

export const transferFilter = z
  .object({
    direction: z.enum(["OUTGOING", "INCOMING"]).nullish(),
    state: z.enum(["REQUESTED", "ACCEPTED", "DECLINED", "DEPARTED", "ARRIVED", "CANCELLED", "EXPIRED"]).nullish(),
  })
  .transform((f) => ({ direction: f.direction ?? undefined, state: f.state ?? undefined }));

// ---------------------------------------------------------------------------------------------
// The needs profile

/**
 * Gender and age band of the needs profile come from the record, not from a form, so the receiving
 * province plans for the person as they are: the band as of today when the birth date is known
 * (a person who opened their case at 17 may be an adult now), else the band fixed at opening.
 */
export function profileAgeBand(bandAtOpening: AgeBand, bandToday: AgeBand | null): AgeBand {
  return bandToday ?? bandAtOpening;
}

export function dayOf(date: Date): string {
  return formatDate(date);
}

export { toDbDate };
