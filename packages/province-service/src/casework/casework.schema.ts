import { gql } from "graphql-tag";

// Placeholder until the module is written.
export const caseworkTypeDefs = gql`
  type CaseworkModulePending {
    pending: Boolean
  }
`;
