import { gql } from "graphql-tag";

export const transfersTypeDefs = gql`
  enum TransferDirection { OUTGOING INCOMING }
  enum TransferState { REQUESTED ACCEPTED DECLINED DEPARTED ARRIVED CANCELLED EXPIRED }
  enum TransferUrgency { ROUTINE URGENT EMERGENCY }
  "Why the person must move."
  enum TransferReason { SAFETY PLACE_AVAILABILITY SPECIALISED_SUPPORT FAMILY_TIES OTHER }
  enum TransferDeclineReason { NO_SUITABLE_PLACE NEEDS_NOT_MET SAFETY_RISK OTHER }
  enum TransferCancelReason { CHANGED_MIND CONSENT_WITHDRAWN OTHER_SOLUTION OTHER }
  "Groups of case data the person may consent to send. Notes never travel."
  enum TransferField { NAMES BIRTH_DATE CITIZENSHIP CONTACT DOCUMENT CASE_DETAILS EXPLOITATION_TYPES LEGAL_EVENTS SERVICES }

  "What the receiving province sees before it accepts: a profile that names nobody."
  type TransferNeeds {
    gender: Gender!
    "As of the request (from the birth date when known, else the band at opening)."
    ageBand: AgeBand!
    withChildren: Boolean!
    "The kind of accommodation asked for."
    accommodation: StructureType!
    urgency: TransferUrgency!
    reason: TransferReason!
  }

  "The place the receiving province holds for the person."
  type TransferOffer {
    structureType: StructureType!
    target: PlaceTarget!
    structure: String!
    municipality: String!
  }

  """
  One province's side of a transfer between two provinces, under the id both sides share.
  OUTGOING: this province sends the person (request, departure, cancel). INCOMING: it receives
  (accept by holding a place, or decline; arrival opens the case here and fills the place).
  """
  type Transfer {
    id: ID!
    direction: TransferDirection!
    "Province codes."
    origin: String!
    destination: String!
    state: TransferState!
    needs: TransferNeeds!
    "The groups of case data that travel to the receiving province on acceptance."
    sharedFields: [TransferField!]!
    requestedAt: DateTime!
    "Acceptance or decline."
    decidedAt: DateTime
    departedAt: DateTime
    arrivedAt: DateTime
    "The day the person arrived (the receiving case opens on it, the sending case closes on it)."
    arrivedOn: Date
    "When it ended without an arrival (declined, cancelled, expired)."
    endedAt: DateTime
    "Until when the place is held; the person must arrive before then."
    holdExpiresAt: DateTime
    offer: TransferOffer
    declineReason: TransferDeclineReason
    declineNote: String
    cancelReason: TransferCancelReason
    "OUTGOING: the case being transferred. INCOMING: the case opened at the arrival."
    case: Case
    "INCOMING: the place held while the hold lasts."
    heldPlace: Place
    "INCOMING: the case data the person consented to send. Null before acceptance, and erased if the transfer ends without an arrival."
    dossier: TransferDossier
    "OUTGOING: why the case could not be closed as TRANSFERRED at the arrival, if it could not."
    closeProblem: String
    "The messages this province sent to the other about this transfer, in order, and whether each arrived."
    messages: [TransferMessage!]!
  }

  type TransferMessage {
    seq: Int!
    kind: String!
    createdAt: DateTime!
    attempts: Int!
    deliveredAt: DateTime
    "Why the last attempt failed (the peer down, refused, …)."
    lastError: String
  }

  "The consented case data received from the sending province. Absent groups were not consented."
  type TransferDossier {
    givenName: String
    familyName: String
    alias: String
    birthDate: Date
    citizenship: String
    phone: String
    documentNumber: String
    caseDetails: TransferCaseDetails
    exploitationTypes: [ExploitationType!]
    legalEvents: [TransferLegalEvent!]
    services: [TransferService!]
  }

  "The case as the sending province had it."
  type TransferCaseDetails {
    reference: String!
    openedOn: Date!
    phase: CasePhase!
    programme: Programme
    referralSource: ReferralSource!
    protectionStatus: ProtectionStatus!
    identification: IdentificationOutcome!
    identifiedOn: Date
  }

  type TransferLegalEvent {
    kind: LegalEventKind!
    occurredOn: Date!
    permitType: PermitType
  }

  type TransferService {
    kind: ServiceKind!
    deliveredOn: Date!
  }

  type TransferPage {
    nodes: [Transfer!]!
    pageInfo: PageInfo!
  }

  input TransferFilter {
    direction: TransferDirection
    state: TransferState
  }

  "Gender and age band of the needs profile are taken from the case."
  input RequestTransferInput {
    "An open case whose person has an active TRANSFER_TO_PROVINCE consent."
    caseId: ID!
    "Province code of the receiving province."
    destination: String!
    withChildren: Boolean!
    accommodation: StructureType!
    urgency: TransferUrgency!
    reason: TransferReason!
    "Which groups of case data travel on acceptance: only what the person consented to."
    sharedFields: [TransferField!]!
  }

  input AcceptTransferInput {
    transferId: ID!
    "A free place in service; it is held (counted as not free) until the arrival, a cancel or the hold's expiry."
    placeId: ID!
  }

  input DeclineTransferInput {
    transferId: ID!
    reason: TransferDeclineReason!
    "Sent to the sending province only."
    note: String
  }

  input CancelTransferInput {
    transferId: ID!
    reason: TransferCancelReason!
  }

  input MarkDepartureInput {
    transferId: ID!
  }

  "What the person's record here needs and did not travel; a field given here wins over the dossier."
  input ArrivalPersonInput {
    givenName: String
    familyName: String
    alias: String
    birthDate: Date
    citizenship: String
    documentNumber: String
    phone: String
  }

  input MarkArrivalInput {
    transferId: ID!
    "Today when not given; not before the departure."
    on: Date
    "Defaults from the held place: emergency shelter IMMEDIATE_PROTECTION, community RESIDENTIAL_RECEPTION, otherwise SEMI_AUTONOMY."
    phase: CasePhase
    "Defaults to the dossier's."
    exploitationTypes: [ExploitationType!]
    "Defaults to the dossier's, else NONE."
    protectionStatus: ProtectionStatus
    person: ArrivalPersonInput
  }

  extend type Case {
    "Transfers of this case: outgoing ones, or the incoming one that opened it."
    transfers: [Transfer!]!
  }

  extend type Place {
    "The incoming transfer this place is held for now, if any."
    heldFor: Transfer
  }

  extend type Query {
    transfer(id: ID!): Transfer
    "Outgoing and incoming transfers, most recently requested first."
    transfers(filter: TransferFilter, first: Int, after: String): TransferPage!
  }

  extend type Mutation {
    "Asks another province to take the person of an open case. Refused without an active TRANSFER_TO_PROVINCE consent (transfer-consent-missing)."
    requestTransfer(input: RequestTransferInput!): Transfer!
    "The sending province withdraws the request; possible until the arrival."
    cancelTransfer(input: CancelTransferInput!): Transfer!
    "The person leaves today; the current placement here ends today."
    markDeparture(input: MarkDepartureInput!): Transfer!
    "The receiving province accepts by holding a free place; the consented data is then sent here."
    acceptTransfer(input: AcceptTransferInput!): Transfer!
    declineTransfer(input: DeclineTransferInput!): Transfer!
    "The person arrived: opens the case here (not a new case of the region), fills the held place, and the sending province closes its case as TRANSFERRED."
    markArrival(input: MarkArrivalInput!): Transfer!
  }
`;
