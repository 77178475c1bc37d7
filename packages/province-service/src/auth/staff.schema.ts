import { gql } from "graphql-tag";

/** The staff registry and the caller's own identity (see README.md in this folder). */
export const staffTypeDefs = gql`
  "Province-scoped roles: an operator works on cases; a coordinator also runs structures, places and the staff registry."
  enum StaffRole { OPERATOR COORDINATOR }

  "A role granted to a subject of the province's identity provider. Grants are never deleted; a revoked one says by whom and when."
  type StaffGrant {
    id: ID!
    "The identity provider's subject (the token's sub)."
    subject: String!
    role: StaffRole!
    "Subject of the coordinator who granted it, or 'bootstrap' for the staff named in the configuration."
    grantedBy: String!
    grantedAt: DateTime!
    revokedBy: String
    revokedAt: DateTime
    active: Boolean!
  }

  "Who is calling, as this province sees them."
  type Me {
    subject: String!
    "The province's code."
    province: String!
    "The role the token claims, backed by the staff registry."
    role: StaffRole!
  }

  input GrantStaffRoleInput {
    subject: String!
    role: StaffRole!
  }

  input RevokeStaffRoleInput {
    subject: String!
  }

  extend type Query {
    "The caller's identity."
    me: Me!
    "The staff registry: active grants, or the whole history with includeRevoked (coordinators only)."
    staff(includeRevoked: Boolean = false): [StaffGrant!]!
  }

  extend type Mutation {
    "Gives a subject a role, replacing the one they had (coordinators only)."
    grantStaffRole(input: GrantStaffRoleInput!): StaffGrant!
    "Takes a subject's role away (coordinators only). The last coordinator cannot be removed."
    revokeStaffRole(input: RevokeStaffRoleInput!): StaffGrant!
  }
`;
