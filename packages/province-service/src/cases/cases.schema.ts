import { gql } from "graphql-tag";

export const casesTypeDefs = gql`
  "A person followed by the province. Personal data (GDPR art. 9): it never leaves the province."
  type Person {
    id: ID!
    givenName: String!
    familyName: String!
    "Name the person is known by in outreach, if different."
    alias: String
    birthDate: Date
    gender: Gender!
    "ISO 3166 alpha-2 or alpha-3 code, as recorded (e.g. NG or NGA)."
    citizenship: String!
    documentNumber: String
    phone: String
    createdAt: DateTime!
    updatedAt: DateTime!
    "The person's cases in this province, most recent first."
    cases: [Case!]!
  }

  type PersonPage {
    nodes: [Person!]!
    pageInfo: PageInfo!
  }

  input PersonFilter {
    """
    Finds a person already known, by exact match on the full name (given and family, in any order),
    the family name, the given name, the alias, the document number or the phone number. Case,
    accents, spacing and punctuation do not matter ("ADÈLE o'brien" finds Adèle O'Brien); a part of
    a name does not match: identifiers are encrypted at rest and only their keyed hashes are searchable.
    """
    search: String
    "ISO 3166 code; NG and NGA find the same people."
    citizenship: String
  }

  input RegisterPersonInput {
    givenName: String!
    familyName: String!
    alias: String
    birthDate: Date
    gender: Gender!
    citizenship: String!
    documentNumber: String
    phone: String
  }

  "Only the fields given change; null removes an optional field."
  input UpdatePersonInput {
    givenName: String
    familyName: String
    alias: String
    "A corrected birth date also corrects the age band of the person's cases."
    birthDate: Date
    gender: Gender
    citizenship: String
    documentNumber: String
    phone: String
  }

  "A case (presa in carico) of one person in this province."
  type Case {
    id: ID!
    "Human reference <PROVINCE>-<YEAR>-<NNNN>, e.g. BG-2026-0031."
    reference: String!
    person: Person!
    status: CaseStatus!
    openedOn: Date!
    closedOn: Date
    exitOutcome: ExitOutcome
    "The current phase."
    phase: CasePhase!
    "Every phase the case went through, oldest first; the first starts on the opening day."
    phases: [CasePhaseChange!]!
    programme: Programme
    referralSource: ReferralSource!
    protectionStatus: ProtectionStatus!
    identification: IdentificationOutcome!
    identifiedOn: Date
    "Fixed at opening from the birth date (UNKNOWN without one)."
    ageBand: AgeBand!
    "Known to be under 18 on the opening day."
    minorAtOpening: Boolean!
    exploitationTypes: [ExploitationType!]!
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  type CasePhaseChange {
    id: ID!
    phase: CasePhase!
    startedOn: Date!
  }

  type CasePage {
    nodes: [Case!]!
    pageInfo: PageInfo!
  }

  input CaseFilter {
    status: CaseStatus
    phase: CasePhase
    referralSource: ReferralSource
    exploitationType: ExploitationType
    openedFrom: Date
    openedTo: Date
    personId: ID
  }

  input OpenCaseInput {
    personId: ID!
    openedOn: Date!
    referralSource: ReferralSource!
    "At least one, each once."
    exploitationTypes: [ExploitationType!]!
    protectionStatus: ProtectionStatus!
    "FIRST_CONTACT when not given."
    phase: CasePhase
    "When not given, the programme follows the phase (IMMEDIATE_PROTECTION: ART_13; reception, semi-autonomy, territorial care: ART_18)."
    programme: Programme
  }

  input MoveCaseToPhaseInput {
    caseId: ID!
    phase: CasePhase!
    "The day the new phase starts."
    on: Date!
    "When not given, the programme follows the phase; null sets none."
    programme: Programme
  }

  input RecordIdentificationOutcomeInput {
    caseId: ID!
    "IDENTIFIED or NOT_IDENTIFIED (PENDING is the state before)."
    outcome: IdentificationOutcome!
    on: Date!
  }

  "Only the fields given change."
  input UpdateCaseDetailsInput {
    caseId: ID!
    exploitationTypes: [ExploitationType!]
    protectionStatus: ProtectionStatus
    referralSource: ReferralSource
  }

  input SetProgrammeInput {
    caseId: ID!
    "null: no programme."
    programme: Programme
  }

  input CloseCaseInput {
    caseId: ID!
    on: Date!
    "TRANSFERRED is set only by the transfer workflow."
    outcome: ExitOutcome!
  }

  extend type Query {
    person(id: ID!): Person
    "People, most recently registered first (names are encrypted at rest, so they cannot be sorted by name)."
    people(filter: PersonFilter, first: Int, after: String): PersonPage!
    case(id: ID!): Case
    "Cases, most recently opened first."
    cases(filter: CaseFilter, first: Int, after: String): CasePage!
  }

  extend type Mutation {
    registerPerson(input: RegisterPersonInput!): Person!
    updatePerson(id: ID!, input: UpdatePersonInput!): Person!
    "Takes a person in charge (presa in carico): a new open case with its reference and first phase."
    openCase(input: OpenCaseInput!): Case!
    moveCaseToPhase(input: MoveCaseToPhaseInput!): Case!
    recordIdentificationOutcome(input: RecordIdentificationOutcomeInput!): Case!
    updateCaseDetails(input: UpdateCaseDetailsInput!): Case!
    setProgramme(input: SetProgrammeInput!): Case!
    "Closes an open case with its exit outcome; the current placement, if any, ends on the same day."
    closeCase(input: CloseCaseInput!): Case!
  }
`;
