import { gql } from "graphql-tag";

// Placeholder until the module is written.
export const casesTypeDefs = gql`
  type CasesModulePending {
    pending: Boolean
  }
`;
