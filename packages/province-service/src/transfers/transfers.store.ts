import { randomUUID } from "node:crypto";
import { formatDate, isProvinceCode, toDbDate, type ProvinceCode, type TransferRecord, type TransferState } from "@regional/schema";
import type { PrismaClient } from "../db/database.ts";
import { Prisma, type Transfer, type TransferOutbox } from "../generated/prisma/client.ts";
import { badInput, illegal, notFound, parseInput } from "../errors.ts";
import { pageQuery, type PageArgs } from "../operational/pagination.ts";
import type { CapacityStore } from "../capacity/capacity.store.ts";
import { constraintViolation } from "../db/constraint-violation.ts";
import type { CasesStore } from "../cases/cases.store.ts";
import { openCaseInput, registerPersonInput } from "../cases/cases.rules.ts";
import { ageBandAt } from "../cases/age.ts";
import { canClose, type CaseFacts } from "../cases/lifecycle.ts";
import { hasActiveConsent } from "../casework/casework.rules.ts";
import { messageDigest, type MessageBody, type PeerMessage } from "./messages.ts";
import { nestedClient } from "./nested-client.ts";
import {
  buildDossier,
  checkArrivalDay,
  checkCommand,
  dossierSchema,
  holdExpiry,
  isHoldExpired,
  onMessage,
  phaseForAccommodation,
  profileAgeBand,
  sequencePosition,
  type Command,
  type Dossier,
  type MarkArrival,
  type MessageKind,
  type RequestTransfer,
  type Side,
  type TransferField,
  type Verdict,
} from "./transfers.rules.ts";

export type TransferRow = Transfer;
export type OutboxRow = TransferOutbox;

/** The time of an operation: the domain clock's instant and day. */
export interface At {
  now: Date;
  today: string;
}

export interface TransferFilter {
  direction?: "OUTGOING" | "INCOMING";
  state?: TransferState;
}

/** What the inbox did with a message (the peer endpoint turns it into an HTTP answer). */
export type ReceiveOutcome =
  | { status: "applied" | "ignored" | "refused" | "duplicate"; detail?: string }
  | { status: "out-of-order"; expected: number }
  | { status: "conflict"; detail: string };

export interface HeldPlace {
  placeId: string;
  structureType: string;
  target: string;
}

export interface TransfersStore {
  transfer(id: string): Promise<TransferRow | null>;
  /** The consented case data an incoming transfer received (kept sealed in the database), if any. */
  dossierOf(t: TransferRow): Dossier | null;
  /** Most recently requested first. */
  transfers(filter: TransferFilter, page: PageArgs): Promise<TransferRow[]>;
  /** Transfers of a case (outgoing, or the incoming one that opened it), most recent first. */
  transfersOfCase(caseId: string): Promise<TransferRow[]>;
  /** The messages this side sent or is sending for a transfer, in order. */
  messagesOf(transferId: string): Promise<OutboxRow[]>;
  /** The incoming transfer holding this place now, if any. */
  holdOf(placeId: string): Promise<TransferRow | null>;
  /** Places held for incoming transfers on a day and neither occupied then nor out of service. */
  heldPlaces(on: Date, structureId?: string): Promise<HeldPlace[]>;

  request(input: RequestTransfer, at: At): Promise<TransferRow>;
  cancel(input: { transferId: string; reason: NonNullable<TransferRow["cancelReason"]> }, at: At): Promise<TransferRow>;
  depart(input: { transferId: string }, at: At): Promise<TransferRow>;
  accept(input: { transferId: string; placeId: string }, at: At): Promise<TransferRow>;
  decline(input: { transferId: string; reason: NonNullable<TransferRow["declineReason"]>; note: string | null }, at: At): Promise<TransferRow>;
  arrive(input: MarkArrival, at: At): Promise<TransferRow>;
  /** Expires the holds whose time is up; returns the transfers it expired. */
  expireDue(at: At): Promise<string[]>;

  /** Applies a verified message from a peer, once, in order. */
  receive(message: PeerMessage, at: At): Promise<ReceiveOutcome>;

  /** The first undelivered message of each transfer, if its next attempt is due (order per transfer). */
  dueMessages(wallNow: Date, limit: number): Promise<OutboxRow[]>;
  markDelivered(id: string, wallNow: Date): Promise<void>;
  markFailed(id: string, nextAttemptAt: Date, error: string): Promise<void>;

  /** The federation's view: this side's records of the transfers under way in, or ended within, the period. */
  records(period: { from: string; to: string }): Promise<TransferRecord[]>;
}

/** What the composition root decides for the store (the rest is wired in createStores). */
export type TransferStoreSettings = Pick<TransfersStoreOptions, "province" | "holdMs" | "onQueued" | "cipher">;

/**
 * Seals the personal data a transfer carries (the dossier) wherever it rests: in the sender's outbox
 * until it is delivered, in the receiver's record until the transfer ends. Same key and scheme as
 * the people's identifiers (crypto/field-cipher.ts); `context` binds a value to where it is stored.
 */
export interface DossierCipher {
  encrypt(plain: string, context: string): string;
  decrypt(sealed: string, context: string): string;
}

export interface TransfersStoreOptions {
  province: ProvinceCode;
  /** How long an accepted transfer holds its place for the person to arrive. */
  holdMs: number;
  /** The stores whose rules the workflow reuses, built over a given client (a transaction's). */
  cases: (prisma: PrismaClient) => CasesStore;
  capacity: (prisma: PrismaClient) => CapacityStore;
  /** Called after a transaction that queued messages committed, to send them without waiting. */
  onQueued?: () => void;
  cipher: DossierCipher;
}

type Tx = Prisma.TransactionClient;
type Json = Prisma.InputJsonValue;

/** Prisma's way to write SQL NULL into a JSON column. */
const PrismaNull = Prisma.DbNull;

const ACTIVE: TransferState[] = ["REQUESTED", "ACCEPTED", "DEPARTED"];

function sideOf(t: Pick<TransferRow, "direction">): Side {
  return t.direction === "OUTGOING" ? "ORIGIN" : "DESTINATION";
}

function peerOf(t: Pick<TransferRow, "direction" | "origin" | "destination">): ProvinceCode {
  return (t.direction === "OUTGOING" ? t.destination : t.origin) as ProvinceCode;
}

function enforce(verdict: Verdict): void {
  if (!verdict.ok) throw illegal(verdict.rule, verdict.reason, verdict.field);
}

function day(date: Date): string;
function day(date: Date | null): string | null;
function day(date: Date | null): string | null {
  return date === null ? null : formatDate(date);
}

const laterDay = (a: string, b: string | null) => (b !== null && b > a ? b : a);

async function lockTransfer(tx: Tx, id: string): Promise<TransferRow | null> {
  await tx.$queryRaw`SELECT 1 FROM "Transfer" WHERE "id" = ${id}::uuid FOR UPDATE`;
  return tx.transfer.findUnique({ where: { id } });
}

/** A local move: the transfer must exist here and the state machine must allow it. */
async function lockForCommand(tx: Tx, id: string, command: Command): Promise<TransferRow> {
  const t = await lockTransfer(tx, id);
  if (!t) throw notFound("Transfer", id);
  const verdict = checkCommand(sideOf(t), t.state, command);
  if (!verdict.ok) throw illegal(verdict.rule, verdict.reason, "input.transferId");
  return t;
}

interface Outgoing {
  kind: MessageKind;
  body: Json;
}

/**
 * Writes the transfer's new state and the messages announcing it in one go (the transaction is the
 * caller's): the transactional outbox. Messages take the next sequence numbers of this side.
 */
async function write(tx: Tx, t: TransferRow, data: Prisma.TransferUpdateInput, messages: Outgoing[], createdAt: Date): Promise<TransferRow> {
  let seq = t.nextOutSeq;
  for (const m of messages) {
    await tx.transferOutbox.create({
      data: {
        id: randomUUID(),
        transferId: t.id,
        seq: seq++,
        recipient: peerOf(t),
        kind: m.kind,
        body: m.body,
        createdAt,
        // Due at once; the dispatcher reschedules on failure with its own (wall) clock.
        nextAttemptAt: new Date(0),
      },
    });
  }
  return tx.transfer.update({ where: { id: t.id }, data: { ...data, nextOutSeq: seq } });
}

function iso(date: Date): string {
  return date.toISOString();
}

/**
 * Reads what the lifecycle rules need about a case, after locking it (the cases module's own
 * reader is private to its store; the rules are shared).
 */
async function lockedCaseFacts(tx: Tx, caseId: string): Promise<CaseFacts | null> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Case" WHERE "id" = ${caseId}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  const row = await tx.case.findUniqueOrThrow({ where: { id: caseId } });
  const last = await tx.casePhaseChange.findFirst({ where: { caseId }, orderBy: [{ startedOn: "desc" }, { createdAt: "desc" }, { id: "desc" }] });
  return {
    status: row.status,
    openedOn: day(row.openedOn),
    closedOn: day(row.closedOn),
    phase: row.phase,
    identification: row.identification,
    identifiedOn: day(row.identifiedOn),
    phaseSince: last ? day(last.startedOn) : day(row.openedOn),
  };
}

/**
 * The sending side closes its case as TRANSFERRED on the day the person arrived, through the
 * lifecycle rules (TRANSFERRED is allowed only here). If the rules refuse (the case changed since
 * the departure, e.g. someone placed the person again), the arrival still stands and the reason is
 * kept on the transfer for the caseworker.
 */
async function closeTransferredCase(tx: Tx, caseId: string, on: string, today: string): Promise<string | null> {
  const facts = await lockedCaseFacts(tx, caseId);
  if (!facts) return "the case no longer exists";
  const placements = await tx.placement.findMany({ where: { caseId }, select: { id: true, startOn: true, endOn: true } });
  const verdict = canClose(
    facts,
    { on, outcome: "TRANSFERRED" },
    placements.map((p) => ({ id: p.id, startOn: day(p.startOn), endOn: day(p.endOn) })),
    today,
    { byTransfer: true },
  );
  if (!verdict.ok) return `${verdict.rule}: ${verdict.reason}`;
  if (verdict.endPlacement) await tx.placement.update({ where: { id: verdict.endPlacement.id }, data: { endOn: toDbDate(on) } });
  await tx.case.update({ where: { id: caseId }, data: { status: "CLOSED", closedOn: toDbDate(on), exitOutcome: "TRANSFERRED" } });
  return null;
}

function toRecord(t: TransferRow): TransferRecord {
  const at = (d: Date | null) => (d === null ? null : iso(d));
  return {
    id: t.id,
    side: sideOf(t),
    origin: t.origin,
    destination: t.destination,
    state: t.state,
    gender: t.gender,
    ageBand: t.ageBand,
    withChildren: t.withChildren,
    accommodation: t.accommodation,
    urgency: t.urgency,
    reason: t.reason,
    requestedAt: iso(t.requestedAt),
    decidedAt: at(t.decidedAt),
    departedAt: at(t.departedAt),
    arrivedAt: at(t.arrivedAt),
    endedAt: at(t.endedAt),
    declineReason: t.declineReason,
    cancelReason: t.cancelReason,
  };
}

/** Where a sealed value rests: the context it is bound to. */
const handoverContext = (transferId: string) => `TransferOutbox/${transferId}/HANDOVER`;
const dossierContext = (transferId: string) => `Transfer/${transferId}/dossier`;

function isSealedJson(value: unknown): value is { sealed: string } {
  return typeof value === "object" && value !== null && typeof (value as { sealed?: unknown }).sealed === "string";
}

function nextDay(dayText: string): Date {
  const d = toDbDate(dayText);
  return new Date(d.getTime() + 86_400_000);
}

export function prismaTransfersStore(prisma: PrismaClient, options: TransfersStoreOptions): TransfersStore {
  const self = options.province;
  const { cipher } = options;
  const seal = (value: unknown, context: string): Json => ({ sealed: cipher.encrypt(JSON.stringify(value), context) });
  const notify = () => options.onQueued?.();
  /** Runs a transaction that may queue messages, and wakes the dispatcher once it committed. */
  const transaction = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    const result = await prisma.$transaction(work, { timeout: 20_000, maxWait: 20_000 });
    notify();
    return result;
  };

  /** The dossier the person consented to, read on the sending side at acceptance. */
  async function dossierFor(tx: Tx, caseId: string, fields: TransferField[]): Promise<Dossier> {
    const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, include: { exploitations: true } });
    // Through the cases store: it knows how the person's identifiers are kept.
    const person = await options.cases(nestedClient(tx)).person(kase.personId);
    if (!person) throw new Error(`person of case ${caseId} is missing`);
    const [legal, services] = await Promise.all([
      fields.includes("LEGAL_EVENTS") ? tx.legalEvent.findMany({ where: { caseId }, orderBy: [{ occurredOn: "asc" }, { id: "asc" }] }) : [],
      fields.includes("SERVICES") ? tx.serviceDelivery.findMany({ where: { caseId }, orderBy: [{ deliveredOn: "asc" }, { id: "asc" }] }) : [],
    ]);
    return buildDossier(fields, {
      person: {
        givenName: person.givenName,
        familyName: person.familyName,
        alias: person.alias,
        birthDate: day(person.birthDate),
        citizenship: person.citizenship,
        phone: person.phone,
        documentNumber: person.documentNumber,
      },
      case: {
        reference: kase.reference,
        openedOn: day(kase.openedOn),
        phase: kase.phase,
        programme: kase.programme,
        referralSource: kase.referralSource,
        protectionStatus: kase.protectionStatus,
        identification: kase.identification,
        identifiedOn: day(kase.identifiedOn),
      },
      exploitationTypes: kase.exploitations.map((e) => e.type),
      legalEvents: legal.map((e) => ({ kind: e.kind, occurredOn: day(e.occurredOn), permitType: e.permitType })),
      services: services.map((s) => ({ kind: s.kind, deliveredOn: day(s.deliveredOn) })),
    });
  }

  async function consentHolds(tx: Tx, caseId: string, today: string): Promise<boolean> {
    const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { personId: true } });
    const consents = await tx.consent.findMany({ where: { personId: kase.personId, kind: "TRANSFER_TO_PROVINCE" } });
    return hasActiveConsent(consents, "TRANSFER_TO_PROVINCE", today);
  }

  /** The effect of a message the state machine accepted; `t` is null only for REQUESTED. */
  async function apply(tx: Tx, t: TransferRow | null, m: PeerMessage, next: TransferState, at: At): Promise<void> {
    const seen = { lastInSeq: m.seq, state: next };
    switch (m.kind) {
      case "REQUESTED": {
        const b = m.body as MessageBody<"REQUESTED">;
        await tx.transfer.create({
          data: {
            id: m.transferId,
            direction: "INCOMING",
            origin: m.from,
            destination: self,
            state: "REQUESTED",
            ...b.needs,
            sharedFields: b.sharedFields,
            requestedAt: new Date(b.requestedAt),
            lastInSeq: m.seq,
          },
        });
        return;
      }
      case "HANDOVER": {
        const b = m.body as MessageBody<"HANDOVER">;
        await write(tx, t!, { ...seen, dossier: seal(b.dossier, dossierContext(t!.id)) }, [], at.now);
        return;
      }
      case "DEPARTED": {
        const b = m.body as MessageBody<"DEPARTED">;
        await write(tx, t!, { ...seen, departedAt: new Date(b.departedAt) }, [], at.now);
        return;
      }
      case "CANCELLED": {
        const b = m.body as MessageBody<"CANCELLED">;
        const release = t!.heldPlaceId && !t!.holdReleasedOn ? { holdReleasedOn: toDbDate(laterDay(at.today, day(t!.holdFrom))) } : {};
        await write(
          tx,
          t!,
          { ...seen, ...release, cancelReason: b.reason, endedAt: new Date(b.cancelledAt), dossier: PrismaNull },
          [],
          at.now,
        );
        return;
      }
      case "ACCEPTED": {
        const b = m.body as MessageBody<"ACCEPTED">;
        const accepted: Prisma.TransferUpdateInput = {
          ...seen,
          decidedAt: new Date(b.decidedAt),
          holdExpiresAt: new Date(b.holdExpiresAt),
          offeredStructureType: b.place.structureType,
          offeredTarget: b.place.target,
          offeredStructure: b.place.structure,
          offeredMunicipality: b.place.municipality,
        };
        // The consent is checked again now that data is about to leave: it may have been revoked
        // since the request. Without it nothing travels and the transfer is cancelled.
        if (t!.caseId && (await consentHolds(tx, t!.caseId, at.today))) {
          const dossier = await dossierFor(tx, t!.caseId, t!.sharedFields as TransferField[]);
          await write(tx, t!, accepted, [{ kind: "HANDOVER", body: seal({ dossier }, handoverContext(t!.id)) }], at.now);
        } else {
          await write(
            tx,
            t!,
            { ...accepted, state: "CANCELLED", cancelReason: "CONSENT_WITHDRAWN", endedAt: at.now },
            [{ kind: "CANCELLED", body: { cancelledAt: iso(at.now), reason: "CONSENT_WITHDRAWN" } }],
            at.now,
          );
        }
        return;
      }
      case "DECLINED": {
        const b = m.body as MessageBody<"DECLINED">;
        await write(
          tx,
          t!,
          { ...seen, decidedAt: new Date(b.decidedAt), declineReason: b.reason, declineNote: b.note, endedAt: new Date(b.decidedAt) },
          [],
          at.now,
        );
        return;
      }
      case "ARRIVED": {
        const b = m.body as MessageBody<"ARRIVED">;
        const problem = t!.caseId ? await closeTransferredCase(tx, t!.caseId, b.arrivedOn, at.today) : "the transfer has no case";
        await write(
          tx,
          t!,
          { ...seen, arrivedAt: new Date(b.arrivedAt), arrivedOn: toDbDate(b.arrivedOn), endedAt: null, closeProblem: problem },
          [],
          at.now,
        );
        return;
      }
      case "EXPIRED": {
        const b = m.body as MessageBody<"EXPIRED">;
        await write(tx, t!, { ...seen, endedAt: new Date(b.expiredAt) }, [], at.now);
        return;
      }
    }
  }

  const dossierOf = (t: TransferRow): Dossier | null => {
    if (!isSealedJson(t.dossier)) return null;
    const parsed = dossierSchema.safeParse(JSON.parse(cipher.decrypt(t.dossier.sealed, dossierContext(t.id))));
    return parsed.success ? parsed.data : null;
  };

  return {
    transfer: (id) => prisma.transfer.findUnique({ where: { id } }),

    dossierOf,

    transfers: (filter, page) =>
      prisma.transfer.findMany({
        where: { direction: filter.direction, state: filter.state },
        orderBy: [{ requestedAt: "desc" }, { id: "asc" }],
        ...pageQuery(page),
      }),

    transfersOfCase: (caseId) => prisma.transfer.findMany({ where: { caseId }, orderBy: [{ requestedAt: "desc" }, { id: "asc" }] }),

    messagesOf: (transferId) => prisma.transferOutbox.findMany({ where: { transferId }, orderBy: { seq: "asc" } }),

    holdOf: (placeId) => prisma.transfer.findFirst({ where: { heldPlaceId: placeId, holdReleasedOn: null } }),

    heldPlaces: async (on, structureId) => {
      const holds = await prisma.transfer.findMany({
        where: {
          heldPlaceId: { not: null },
          holdFrom: { lte: on },
          OR: [{ holdReleasedOn: null }, { holdReleasedOn: { gt: on } }],
        },
        select: { heldPlaceId: true },
      });
      if (holds.length === 0) return [];
      const places = await prisma.place.findMany({
        where: {
          id: { in: holds.map((h) => h.heldPlaceId!) },
          active: true,
          structure: { active: true },
          structureId,
          // A held place that is occupied anyway counts as occupied, not twice.
          placements: { none: { startOn: { lte: on }, OR: [{ endOn: null }, { endOn: { gt: on } }] } },
        },
        select: { id: true, target: true, structure: { select: { type: true } } },
      });
      return places.map((p) => ({ placeId: p.id, structureType: p.structure.type, target: p.target }));
    },

    request: async (input, at) => {
      const destination = input.destination;
      if (!isProvinceCode(destination)) throw badInput("input.destination", "is not a province of the programme (BG, BS, CR, LC, LO, MN, PV)");
      if (destination === self) throw badInput("input.destination", "is this province: a transfer goes to another one");
      try {
        return await transaction(async (tx) => {
          const facts = await lockedCaseFacts(tx, input.caseId);
          if (!facts) throw notFound("Case", input.caseId);
          if (facts.status !== "OPEN") throw illegal("case-closed", `the case was closed on ${facts.closedOn}: only an open case can be transferred`, "input.caseId");
          const kase = await tx.case.findUniqueOrThrow({
            where: { id: input.caseId },
            select: { ageBand: true, person: { select: { id: true, gender: true, birthDate: true } } },
          });
          if (!(await consentHolds(tx, input.caseId, at.today))) {
            throw illegal(
              "transfer-consent-missing",
              "the person has not consented to a transfer to another province (no active TRANSFER_TO_PROVINCE consent): record the consent first",
              "input.caseId",
            );
          }
          const underWay = await tx.transfer.findFirst({ where: { caseId: input.caseId, direction: "OUTGOING", state: { in: ACTIVE } } });
          if (underWay) {
            throw illegal("case-has-active-transfer", `the case already has a transfer under way (to ${underWay.destination}, ${underWay.state})`, "input.caseId");
          }
          const born = kase.person.birthDate;
          const requestedAt = at.now;
          const needs = {
            gender: kase.person.gender,
            ageBand: profileAgeBand(kase.ageBand, born && day(born) <= at.today ? ageBandAt(born, at.today) : null),
            withChildren: input.withChildren,
            accommodation: input.accommodation,
            urgency: input.urgency,
            reason: input.reason,
          };
          const id = randomUUID();
          await tx.transfer.create({
            data: {
              id,
              direction: "OUTGOING",
              origin: self,
              destination,
              state: "REQUESTED",
              ...needs,
              sharedFields: input.sharedFields,
              caseId: input.caseId,
              requestedAt,
              nextOutSeq: 1,
            },
          });
          const t = await tx.transfer.findUniqueOrThrow({ where: { id } });
          return write(tx, t, {}, [{ kind: "REQUESTED", body: { needs, sharedFields: input.sharedFields, requestedAt: iso(requestedAt) } }], at.now);
        });
      } catch (error) {
        if (constraintViolation(error)?.constraint === "Transfer_one_active_per_case") {
          throw illegal("case-has-active-transfer", "the case already has a transfer under way", "input.caseId");
        }
        throw error;
      }
    },

    cancel: ({ transferId, reason }, at) =>
      transaction(async (tx) => {
        const t = await lockForCommand(tx, transferId, "cancel");
        return write(
          tx,
          t,
          { state: "CANCELLED", cancelReason: reason, endedAt: at.now },
          [{ kind: "CANCELLED", body: { cancelledAt: iso(at.now), reason } }],
          at.now,
        );
      }),

    depart: ({ transferId }, at) =>
      transaction(async (tx) => {
        const t = await lockForCommand(tx, transferId, "depart");
        // Leaving ends the stay in this province's place today: the place is free again at once.
        if (t.caseId) {
          const capacity = options.capacity(nestedClient(tx));
          const current = await capacity.currentPlacementOfCase(t.caseId);
          if (current) {
            if (day(current.startOn) >= at.today) {
              throw illegal(
                "departure-on-placement-day",
                `the person was placed on ${day(current.startOn)}: end or correct that placement before marking the departure`,
                "input.transferId",
              );
            }
            await capacity.endPlacement({ placementId: current.id, endOn: toDbDate(at.today) });
          }
        }
        return write(
          tx,
          t,
          { state: "DEPARTED", departedAt: at.now },
          [{ kind: "DEPARTED", body: { departedAt: iso(at.now), departedOn: at.today } }],
          at.now,
        );
      }),

    accept: async ({ transferId, placeId }, at) => {
      try {
        return await transaction(async (tx) => {
          const t = await lockForCommand(tx, transferId, "accept");
          const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Place" WHERE "id" = ${placeId}::uuid FOR UPDATE`;
          if (locked.length === 0) throw notFound("Place", placeId);
          const place = await tx.place.findUniqueOrThrow({ where: { id: placeId }, include: { structure: true } });
          if (!place.active || !place.structure.active) {
            throw illegal("place-inactive", `the place cannot take anyone: ${place.active ? "its structure is" : "it is"} not active`, "input.placeId");
          }
          const today = toDbDate(at.today);
          const occupied = await tx.placement.findFirst({ where: { placeId, OR: [{ endOn: null }, { endOn: { gt: today } }] } });
          if (occupied) throw illegal("place-occupied", "the place is occupied: choose a free place to hold", "input.placeId");
          const held = await tx.transfer.findFirst({ where: { heldPlaceId: placeId, holdReleasedOn: null } });
          if (held) throw illegal("place-held", "the place is already held for another incoming transfer", "input.placeId");
          const holdExpiresAt = holdExpiry(at.now, options.holdMs);
          const offer = { structureType: place.structure.type, target: place.target, structure: place.structure.name, municipality: place.structure.municipality };
          return write(
            tx,
            t,
            {
              state: "ACCEPTED",
              decidedAt: at.now,
              heldPlaceId: placeId,
              holdFrom: today,
              holdExpiresAt,
              offeredStructureType: offer.structureType,
              offeredTarget: offer.target,
              offeredStructure: offer.structure,
              offeredMunicipality: offer.municipality,
            },
            [{ kind: "ACCEPTED", body: { decidedAt: iso(at.now), holdExpiresAt: iso(holdExpiresAt), place: offer } }],
            at.now,
          );
        });
      } catch (error) {
        if (constraintViolation(error)?.constraint === "Transfer_one_hold_per_place") {
          throw illegal("place-held", "the place is already held for another incoming transfer", "input.placeId");
        }
        throw error;
      }
    },

    decline: ({ transferId, reason, note }, at) =>
      transaction(async (tx) => {
        const t = await lockForCommand(tx, transferId, "decline");
        return write(
          tx,
          t,
          { state: "DECLINED", decidedAt: at.now, endedAt: at.now, declineReason: reason, declineNote: note },
          [{ kind: "DECLINED", body: { decidedAt: iso(at.now), reason, note } }],
          at.now,
        );
      }),

    arrive: (input, at) =>
      transaction(async (tx) => {
        const t = await lockForCommand(tx, input.transferId, "arrive");
        if (isHoldExpired(t.holdExpiresAt, at.now)) {
          throw illegal("hold-expired", `the place was held until ${iso(t.holdExpiresAt!)}; the hold has expired`, "input.transferId");
        }
        enforce(checkArrivalDay(input.on, { holdFrom: day(t.holdFrom), departedOn: t.departedAt ? day(t.departedAt) : null }));
        const received: Dossier = dossierOf(t) ?? {};
        const given = input.person;
        const pick = (field: string, fromDossier: unknown) => (field in given ? given[field] : fromDossier);
        const person: Record<string, unknown> = {
          givenName: pick("givenName", received.givenName),
          familyName: pick("familyName", received.familyName),
          alias: pick("alias", received.alias),
          birthDate: pick("birthDate", received.birthDate),
          citizenship: pick("citizenship", received.citizenship),
          documentNumber: pick("documentNumber", received.documentNumber),
          phone: pick("phone", received.phone),
          gender: t.gender,
        };
        for (const required of ["givenName", "familyName", "citizenship"]) {
          if (person[required] === undefined || person[required] === null) {
            throw badInput(`input.person.${required}`, "did not travel with the transfer (the person did not consent to send it): give it here");
          }
        }
        const exploitationTypes = input.exploitationTypes ?? received.exploitationTypes;
        if (!exploitationTypes || exploitationTypes.length === 0) {
          throw badInput("input.exploitationTypes", "did not travel with the transfer: give at least one exploitation type");
        }
        const nested = nestedClient(tx);
        const cases = options.cases(nested);
        const registered = await cases.registerPerson(parseInput(registerPersonInput(at.today), person, "input.person"));
        const opening = parseInput(
          openCaseInput(at.today),
          {
            personId: registered.id,
            openedOn: input.on,
            referralSource: "OTHER_PROVINCE",
            exploitationTypes,
            protectionStatus: input.protectionStatus ?? received.caseDetails?.protectionStatus ?? "NONE",
            phase: input.phase ?? phaseForAccommodation(t.offeredStructureType ?? t.accommodation),
          },
          "input",
        );
        const kase = await cases.openCase(opening, { province: self, today: at.today });
        await tx.case.update({ where: { id: kase.id }, data: { openedByTransferId: t.id } });
        // The hold ends as the placement begins: the same place, the same day (written below).
        await options.capacity(nested).placePerson({ caseId: kase.id, placeId: t.heldPlaceId!, startOn: toDbDate(input.on) });
        return write(
          tx,
          t,
          { state: "ARRIVED", arrivedAt: at.now, arrivedOn: toDbDate(input.on), caseId: kase.id, holdReleasedOn: toDbDate(input.on) },
          [{ kind: "ARRIVED", body: { arrivedAt: iso(at.now), arrivedOn: input.on } }],
          at.now,
        );
      }),

    expireDue: async (at) => {
      const due = await prisma.transfer.findMany({
        where: { direction: "INCOMING", state: { in: ["ACCEPTED", "DEPARTED"] }, holdExpiresAt: { lte: at.now } },
        select: { id: true },
      });
      const expired: string[] = [];
      for (const { id } of due) {
        const done = await transaction(async (tx) => {
          const t = await lockTransfer(tx, id);
          // Re-checked under the lock: the person may have arrived meanwhile.
          if (!t || !checkCommand("DESTINATION", t.state, "expire").ok || !isHoldExpired(t.holdExpiresAt, at.now)) return false;
          await write(
            tx,
            t,
            {
              state: "EXPIRED",
              endedAt: at.now,
              holdReleasedOn: toDbDate(laterDay(at.today, day(t.holdFrom))),
              // The person did not come: the data received for them is not kept.
              dossier: PrismaNull,
            },
            [{ kind: "EXPIRED", body: { expiredAt: iso(at.now) } }],
            at.now,
          );
          return true;
        });
        if (done) expired.push(id);
      }
      return expired;
    },

    receive: async (m, at) => {
      const digest = messageDigest(m);
      try {
        return await transaction(async (tx): Promise<ReceiveOutcome> => {
          const seen = await tx.transferInbox.findUnique({ where: { id: m.id } });
          if (seen) {
            return seen.digest === digest
              ? { status: "duplicate", detail: `already received (${seen.outcome})` }
              : { status: "conflict", detail: "another message was received under this id" };
          }
          const t = await lockTransfer(tx, m.transferId);
          if (t && peerOf(t) !== m.from) return { status: "conflict", detail: `the transfer is not between ${m.from} and ${self}` };
          const position = sequencePosition(t?.lastInSeq ?? 0, m.seq);
          if (position === "ahead") return { status: "out-of-order", expected: (t?.lastInSeq ?? 0) + 1 };
          if (position === "old") return { status: "conflict", detail: `message ${m.seq} of this transfer was already received under another id` };
          const effect = onMessage(t ? sideOf(t) : "DESTINATION", t?.state ?? null, m.kind);
          if (effect.effect === "apply") await apply(tx, t, m, effect.next, at);
          else if (t) await tx.transfer.update({ where: { id: t.id }, data: { lastInSeq: m.seq } });
          const outcome = effect.effect === "apply" ? "APPLIED" : effect.effect === "ignore" ? "IGNORED" : "REFUSED";
          const detail = effect.effect === "apply" ? null : effect.reason;
          await tx.transferInbox.create({
            data: { id: m.id, transferId: m.transferId, sender: m.from, seq: m.seq, kind: m.kind, digest, outcome, detail, receivedAt: at.now },
          });
          return { status: effect.effect === "apply" ? "applied" : effect.effect === "ignore" ? "ignored" : "refused", ...(detail ? { detail } : {}) };
        });
      } catch (error) {
        // The same message delivered twice at the same moment: the second found no inbox row yet,
        // and the unique keys stopped it. It is a duplicate; nothing was written by it.
        const violation = constraintViolation(error);
        if (violation?.code === "23505") return { status: "duplicate", detail: "received concurrently" };
        throw error;
      }
    },

    dueMessages: async (wallNow, limit) =>
      // The dispatcher sends the clear message; what rests in the table stays sealed.
      (
        await prisma.$queryRaw<OutboxRow[]>`
        SELECT * FROM (
          SELECT DISTINCT ON ("transferId") * FROM "TransferOutbox"
          WHERE "deliveredAt" IS NULL
          ORDER BY "transferId", "seq"
        ) head
        WHERE "nextAttemptAt" <= ${wallNow}
        ORDER BY "nextAttemptAt", "createdAt"
        LIMIT ${limit}`
      ).map((row) => (isSealedJson(row.body) ? { ...row, body: JSON.parse(cipher.decrypt(row.body.sealed, handoverContext(row.transferId))) } : row)),

    markDelivered: async (id, wallNow) => {
      const delivered = await prisma.transferOutbox.update({ where: { id }, data: { deliveredAt: wallNow, attempts: { increment: 1 }, lastError: null } });
      // Delivered: the receiving province has the dossier; this copy is not kept.
      if (delivered.kind === "HANDOVER") await prisma.transferOutbox.update({ where: { id }, data: { body: { erased: "delivered" } } });
    },

    markFailed: async (id, nextAttemptAt, error) => {
      await prisma.transferOutbox.update({ where: { id }, data: { nextAttemptAt, attempts: { increment: 1 }, lastError: error.slice(0, 500) } });
    },

    records: async ({ from, to }) => {
      const start = toDbDate(from);
      const rows = await prisma.transfer.findMany({
        where: {
          requestedAt: { lt: nextDay(to) },
          OR: [{ state: { in: ACTIVE } }, { arrivedAt: { gte: start } }, { endedAt: { gte: start } }],
        },
        orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toRecord);
    },
  };
}
