import { gql } from "graphql-tag";

/**
 * The audit trail, readable by the province's coordinator (auth/permissions.ts). It lives on the
 * operational API only: the federation schema is generated from its own template and has nothing
 * of it (checked in audit.api.test.ts).
 */
export const auditTypeDefs = gql`
  enum AuditOperationType { QUERY MUTATION }
  enum AuditOutcome {
    COMPLETED
    "Access refused (FORBIDDEN), before anything was read or written."
    REFUSED
    "Refused by the rules or the input, or failed (errorCodes say which); nothing was written."
    FAILED
  }

  "One request to this API that read or wrote personal data. The trail is append-only."
  type AuditEntry {
    id: ID!
    "When the request reached the service."
    at: DateTime!
    "Who: the authenticated subject ('anonymous' if the request had none)."
    subject: String!
    "The role the request was made with."
    role: String!
    operationType: AuditOperationType!
    "The operation's name, as the client sent it."
    operationName: String
    "The root fields of the operation, e.g. registerPerson."
    fields: [String!]!
    "How it ended; null when a mutation's end could not be recorded (the change may have been made: see the service log)."
    outcome: AuditOutcome
    "Error codes of a refused or failed request, e.g. FORBIDDEN or BAD_USER_INPUT."
    errorCodes: [String!]!
    "People the request read, wrote or named in its arguments."
    personIds: [ID!]!
    "Cases the request read, wrote or named in its arguments."
    caseIds: [ID!]!
  }

  type AuditEntryPage {
    nodes: [AuditEntry!]!
    pageInfo: PageInfo!
  }

  input AuditEntryFilter {
    "The subject who made the requests."
    subject: String
    "Requests that touched this case."
    caseId: ID
    "Requests that touched this person."
    personId: ID
    "From this day (Italian time), inclusive."
    from: Date
    "To this day (Italian time), inclusive."
    to: Date
  }

  extend type Query {
    "The audit trail, most recent first. Coordinators only."
    auditEntries(filter: AuditEntryFilter, first: Int, after: String): AuditEntryPage!
  }
`;
