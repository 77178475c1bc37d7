import { gql } from "graphql-tag";

export const caseworkTypeDefs = gql`
  "What a person agreed to (informed consent), and when; revocable. A revoked consent stays, with its revocation date."
  type Consent {
    id: ID!
    personId: ID!
    person: Person!
    "The case during which the consent was recorded, if any. The consent is the person's, whichever case it was recorded in."
    caseId: ID
    case: Case
    kind: ConsentKind!
    givenOn: Date!
    revokedOn: Date
    "Not revoked."
    active: Boolean!
    note: String
    createdAt: DateTime!
  }

  "An identification interview (colloquio), 1 to 5 per case, usually with a cultural mediator."
  type Interview {
    id: ID!
    caseId: ID!
    case: Case!
    "1 to 5, in the order the interviews were held; assigned by the service."
    sequence: Int!
    heldOn: Date!
    withMediator: Boolean!
    "Language of the cultural mediator, when one took part."
    mediatorLanguage: String
    "Number of trafficking indicators found in this interview."
    indicatorsFound: Int!
    "The written report (relazione) to the Commissione Territoriale went with this interview."
    reportToCommissione: Boolean!
    notes: String
    createdAt: DateTime!
  }

  "A service delivered to the person of a case (health, legal, psychological, job placement...)."
  type ServiceDelivery {
    id: ID!
    caseId: ID!
    case: Case!
    kind: ServiceKind!
    deliveredOn: Date!
    note: String
    createdAt: DateTime!
  }

  "A legal step of a case: complaint, asylum application, report to the Commissione Territoriale, residence permit."
  type LegalEvent {
    id: ID!
    caseId: ID!
    case: Case!
    kind: LegalEventKind!
    occurredOn: Date!
    "Set for permit events (PERMIT_*) only."
    permitType: PermitType
    note: String
    createdAt: DateTime!
  }

  type LegalEventPage {
    nodes: [LegalEvent!]!
    pageInfo: PageInfo!
  }

  input LegalEventFilter {
    from: Date
    to: Date
    kind: LegalEventKind
    permitType: PermitType
  }

  extend type Person {
    "The person's consents, oldest first."
    consents: [Consent!]!
  }

  extend type Case {
    "The consents of the case's person (recorded in this case or another), oldest first."
    consents: [Consent!]!
    "Identification interviews, in order."
    interviews: [Interview!]!
    "Services delivered, oldest first."
    services: [ServiceDelivery!]!
    "Legal events, oldest first."
    legalEvents: [LegalEvent!]!
  }

  input RecordConsentInput {
    personId: ID!
    "The case during which the consent was given, if any; it must be a case of the same person."
    caseId: ID
    kind: ConsentKind!
    givenOn: Date!
    note: String
  }

  input RevokeConsentInput {
    consentId: ID!
    "The day the person withdrew the consent; from that day it no longer holds."
    on: Date!
  }

  input RecordInterviewInput {
    caseId: ID!
    heldOn: Date!
    withMediator: Boolean!
    "Required when withMediator, forbidden otherwise."
    mediatorLanguage: String
    indicatorsFound: Int!
    "The written report to the Commissione Territoriale went with this interview: also records a COMMISSIONE_REPORT_SENT legal event that day."
    reportToCommissione: Boolean!
    notes: String
  }

  input RecordServiceInput {
    caseId: ID!
    kind: ServiceKind!
    deliveredOn: Date!
    note: String
  }

  input RecordLegalEventInput {
    caseId: ID!
    kind: LegalEventKind!
    occurredOn: Date!
    "Required for PERMIT_REQUESTED, PERMIT_GRANTED, PERMIT_DENIED and PERMIT_RENEWED; forbidden otherwise."
    permitType: PermitType
    note: String
  }

  extend type Query {
    "Legal events of all the province's cases, most recent first."
    legalEvents(filter: LegalEventFilter, first: Int, after: String): LegalEventPage!
  }

  extend type Mutation {
    "Records a consent; refused while an unrevoked consent of the same kind exists for the person."
    recordConsent(input: RecordConsentInput!): Consent!
    revokeConsent(input: RevokeConsentInput!): Consent!
    "Records the next interview of an open case (at most 5)."
    recordInterview(input: RecordInterviewInput!): Interview!
    recordService(input: RecordServiceInput!): ServiceDelivery!
    recordLegalEvent(input: RecordLegalEventInput!): LegalEvent!
  }
`;
