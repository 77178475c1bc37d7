import { gql } from "graphql-tag";

export const outreachTypeDefs = gql`
  """
  An outreach outing (uscita): a street unit night outing, indoor work or a drop-in opening.
  Anonymous by design: it records counts, never who was met.
  """
  type OutreachOuting {
    id: ID!
    kind: OutingKind!
    heldOn: Date!
    "Where the outing took place (a zone, a street, a venue); never a person."
    area: String!
    operators: Int!
    "Anonymous contacts made."
    contacts: Int!
    "Of the contacts, those met for the first time."
    newContacts: Int!
    "Health or service accompaniments made."
    accompaniments: Int!
    "Materials handed out, one entry per kind."
    materials: [OutingMaterial!]!
    "Free text for the province's own team; never part of any figure and never sent outside the province."
    notes: String
    createdAt: DateTime!
  }

  type OutingMaterial {
    kind: MaterialKind!
    quantity: Int!
  }

  type OutreachOutingPage {
    nodes: [OutreachOuting!]!
    pageInfo: PageInfo!
  }

  input OutreachOutingFilter {
    from: Date
    to: Date
    kind: OutingKind
    "Exact area, ignoring case and surrounding spaces."
    area: String
  }

  input OutingMaterialInput {
    kind: MaterialKind!
    quantity: Int!
  }

  input RecordOutingInput {
    kind: OutingKind!
    heldOn: Date!
    area: String!
    operators: Int!
    contacts: Int!
    newContacts: Int!
    accompaniments: Int!
    "Each kind at most once, with a quantity of at least 1; may be empty."
    materials: [OutingMaterialInput!]!
    notes: String
  }

  "Outreach totals over a period, for the province's own team."
  type OutreachSummary {
    from: Date!
    to: Date!
    outings: Int!
    contacts: Int!
    newContacts: Int!
    accompaniments: Int!
    "Quantities handed out by material kind; kinds not handed out are left out."
    materials: [OutingMaterial!]!
  }

  extend type Query {
    "Outreach outings, most recent first."
    outings(filter: OutreachOutingFilter, first: Int, after: String): OutreachOutingPage!
    outing(id: ID!): OutreachOuting!
    "Totals of the outings held from 'from' to 'to', both days included."
    outreachSummary(from: Date!, to: Date!): OutreachSummary!
  }

  extend type Mutation {
    recordOuting(input: RecordOutingInput!): OutreachOuting!
  }
`;
