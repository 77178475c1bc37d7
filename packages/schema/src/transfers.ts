import { enumsSdl } from "./enums.ts";
import { PROVINCES, PROVINCE_CODES } from "./provinces.ts";

/**
 * The vocabulary of transfers between provinces, shared by the province service (both sides of a
 * transfer), its federation face and the region subgraph (the capofila's board).
 *
 * Review rule, as for federation.ts: a transfer record that leaves a province carries the two
 * provinces, the coarse needs profile, the state and its timestamps, and a random transfer id
 * that no other record shares. No case id, no place, no name, no note, no date of birth.
 */
export const TRANSFER_STATES = ["REQUESTED", "ACCEPTED", "DECLINED", "DEPARTED", "ARRIVED", "CANCELLED", "EXPIRED"] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/** States after which nothing more happens to a transfer (but see the crossing rules in the kit). */
export const TRANSFER_END_STATES: readonly TransferState[] = ["DECLINED", "ARRIVED", "CANCELLED", "EXPIRED"];

export const TRANSFER_URGENCIES = ["ROUTINE", "URGENT", "EMERGENCY"] as const;
export type TransferUrgency = (typeof TRANSFER_URGENCIES)[number];

/** Why the person must move: away from the exploiters, to a free place, to a service, to family. */
export const TRANSFER_REASONS = ["SAFETY", "PLACE_AVAILABILITY", "SPECIALISED_SUPPORT", "FAMILY_TIES", "OTHER"] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export const TRANSFER_DECLINE_REASONS = ["NO_SUITABLE_PLACE", "NEEDS_NOT_MET", "SAFETY_RISK", "OTHER"] as const;
export type TransferDeclineReason = (typeof TRANSFER_DECLINE_REASONS)[number];

export const TRANSFER_CANCEL_REASONS = ["CHANGED_MIND", "CONSENT_WITHDRAWN", "OTHER_SOLUTION", "OTHER"] as const;
export type TransferCancelReason = (typeof TRANSFER_CANCEL_REASONS)[number];

/** Which province's record a transfer record is: the one that sent the person or the one that received. */
export const TRANSFER_SIDES = ["ORIGIN", "DESTINATION"] as const;
export type TransferSide = (typeof TRANSFER_SIDES)[number];

/**
 * When the two sides' records of one transfer disagree (a message is still on its way), the board
 * shows the state further along. The order is also the one the two state machines converge to
 * when their moves cross: the receiver's ending (arrival, decline, expiry) outranks a cancellation.
 */
export const TRANSFER_STATE_RANK: Record<TransferState, number> = {
  REQUESTED: 1,
  ACCEPTED: 2,
  DEPARTED: 3,
  CANCELLED: 4,
  DECLINED: 5,
  EXPIRED: 5,
  ARRIVED: 6,
};

/** One province's record of a transfer as its federation API serves it (timestamps ISO 8601). */
export interface TransferRecord {
  id: string;
  side: TransferSide;
  origin: string;
  destination: string;
  state: TransferState;
  gender: string;
  ageBand: string;
  withChildren: boolean;
  accommodation: string;
  urgency: TransferUrgency;
  reason: TransferReason;
  requestedAt: string;
  decidedAt: string | null;
  departedAt: string | null;
  arrivedAt: string | null;
  endedAt: string | null;
  declineReason: TransferDeclineReason | null;
  cancelReason: TransferCancelReason | null;
}

/** The fields of TransferRecord, as the region subgraph selects them through @requires. */
export const TRANSFER_RECORD_FIELDS = [
  "id",
  "side",
  "origin",
  "destination",
  "state",
  "gender",
  "ageBand",
  "withChildren",
  "accommodation",
  "urgency",
  "reason",
  "requestedAt",
  "decidedAt",
  "departedAt",
  "arrivedAt",
  "endedAt",
  "declineReason",
  "cancelReason",
] as const satisfies readonly (keyof TransferRecord)[];

/** The Region field through which a province hands its transfer records to the region subgraph. */
export function transfersField(province: { field: string }): string {
  return `${province.field}Transfers`;
}

/** @requires selection covering every province's transfer records. */
export function allProvincesTransfersRequires(): string {
  return PROVINCES.map((p) => `${transfersField(p)} { ${TRANSFER_RECORD_FIELDS.join(" ")} }`).join(" ");
}

const list = (values: readonly string[]) => values.map((v) => `  ${v}`).join("\n");

/** The province codes as an enum (the region subgraph declares it already for its own types). */
export function provinceCodeEnumSdl(): string {
  return `enum ProvinceCode {
${list(PROVINCE_CODES)}
}`;
}

/** Enums used by transfer records; identical in the province subgraphs and the region subgraph. */
export function transferEnumsSdl(): string {
  return `enum TransferState {
${list(TRANSFER_STATES)}
}

enum TransferSide {
${list(TRANSFER_SIDES)}
}

enum TransferUrgency {
${list(TRANSFER_URGENCIES)}
}

enum TransferReason {
${list(TRANSFER_REASONS)}
}

enum TransferDeclineReason {
${list(TRANSFER_DECLINE_REASONS)}
}

enum TransferCancelReason {
${list(TRANSFER_CANCEL_REASONS)}
}

${enumsSdl(["Gender", "AgeBand"])}`;
}

export const DATE_TIME_SCALAR_SDL = `"A point in time, ISO 8601 in UTC (e.g. 2026-11-22T10:00:00.000Z)."\nscalar DateTime`;

/** The internal record type: @inaccessible, read only by the region subgraph. */
export function transferRecordTypeSdl(): string {
  return `"One province's record of a transfer. Internal: read only by the region subgraph, which merges the two sides."
type TransferRecord @shareable @inaccessible {
  "Random id shared by the two provinces' records of the transfer; it is not a case id."
  id: ID!
  side: TransferSide!
  origin: ProvinceCode!
  destination: ProvinceCode!
  state: TransferState!
  gender: Gender!
  ageBand: AgeBand!
  withChildren: Boolean!
  accommodation: StructureType!
  urgency: TransferUrgency!
  reason: TransferReason!
  requestedAt: DateTime!
  decidedAt: DateTime
  departedAt: DateTime
  arrivedAt: DateTime
  endedAt: DateTime
  declineReason: TransferDeclineReason
  cancelReason: TransferCancelReason
}`;
}
