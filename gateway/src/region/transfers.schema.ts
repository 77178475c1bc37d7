import {
  allProvincesTransfersRequires,
  DATE_TIME_SCALAR_SDL,
  PROVINCES,
  transferEnumsSdl,
  transferRecordTypeSdl,
  transfersField,
} from "@regional/schema";

/** Only the capacity part of each province's figures: what finding a place needs. */
const placesRequires = PROVINCES.map((p) => `${p.field} { places { structureType target total occupied free } }`).join(" ");

/** Fields the transfer workflow adds to the Region entity of the region subgraph. */
export const regionTransferFields = `${PROVINCES.map((p) => `  ${transfersField(p)}: [TransferRecord!] @external`).join("\n")}
  "The transfers between provinces under way in, or ended within, the period, each once (both provinces' records merged by its id). No personal data: provinces, needs profile, state and times."
  transfers: TransferBoard! @requires(fields: "${allProvincesTransfersRequires()}")
  "Places by province, structure type and target group at the end of the period, with how many are free (a place held for an incoming transfer is not free). For now, ask with to = today."
  freeCapacity: [FreeCapacity!]! @requires(fields: "${placesRequires}")`;

/** Types of the board and of free capacity, plus the internal record type and enums they share with the provinces. */
export const regionTransferTypes = `
"The capofila's board of transfers for a period."
type TransferBoard {
  "Oldest request first."
  transfers: [BoardTransfer!]!
  "Every state with its count."
  byState: [TransferStateCount!]!
  "The origin to destination matrix, as its non-empty cells."
  routes: [TransferRoute!]!
  "Median hours from the request to the acceptance or decline, over the transfers decided."
  medianHoursToDecision: Float
  "Median hours from the request to the arrival, over the transfers arrived."
  medianHoursToArrival: Float
  "Provinces that did not answer: their transfers appear from the other province's record only."
  missing: [ProvinceCode!]!
}

"A transfer between two provinces as the capofila sees it: that it exists and its state, never who."
type BoardTransfer {
  "Random id shared by the two provinces' records; it is not a case id."
  id: ID!
  origin: ProvinceCode!
  destination: ProvinceCode!
  "The state further along when the two records still differ (a message on its way)."
  state: TransferState!
  needs: TransferNeedsProfile!
  requestedAt: DateTime!
  decidedAt: DateTime
  departedAt: DateTime
  arrivedAt: DateTime
  "When it ended without an arrival (declined, cancelled, expired)."
  endedAt: DateTime
  declineReason: TransferDeclineReason
  cancelReason: TransferCancelReason
  "Both provinces answered and their records agree."
  confirmed: Boolean!
}

"What the receiving province was asked for."
type TransferNeedsProfile {
  gender: Gender!
  ageBand: AgeBand!
  withChildren: Boolean!
  accommodation: StructureType!
  urgency: TransferUrgency!
  reason: TransferReason!
}

type TransferStateCount {
  state: TransferState!
  count: Int!
}

type TransferRoute {
  origin: ProvinceCode!
  destination: ProvinceCode!
  count: Int!
}

"Places of one kind in one province: how many are in service and how many are free."
type FreeCapacity {
  province: ProvinceCode!
  structureType: StructureType!
  target: PlaceTarget!
  total: Int!
  free: Int!
}

${transferRecordTypeSdl()}

${DATE_TIME_SCALAR_SDL}

${transferEnumsSdl()}
`;
