import { gql } from "graphql-tag";

// Placeholder until the module is written.
export const outreachTypeDefs = gql`
  type OutreachModulePending {
    pending: Boolean
  }
`;
