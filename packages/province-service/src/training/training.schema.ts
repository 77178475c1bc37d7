import { gql } from "graphql-tag";

export const trainingTypeDefs = gql`
  "A training or awareness event run by the province (for police, CAS staff, local authorities, citizens...)."
  type TrainingEvent {
    id: ID!
    kind: TrainingKind!
    audience: TrainingAudience!
    heldOn: Date!
    title: String!
    participants: Int!
  }

  type TrainingEventPage {
    nodes: [TrainingEvent!]!
    pageInfo: PageInfo!
  }

  input TrainingEventFilter {
    from: Date
    to: Date
    kind: TrainingKind
    audience: TrainingAudience
  }

  input RecordTrainingEventInput {
    kind: TrainingKind!
    audience: TrainingAudience!
    heldOn: Date!
    title: String!
    participants: Int!
  }

  extend type Query {
    "Training and awareness events, most recent first."
    trainingEvents(filter: TrainingEventFilter, first: Int, after: String): TrainingEventPage!
  }

  extend type Mutation {
    recordTrainingEvent(input: RecordTrainingEventInput!): TrainingEvent!
  }
`;
