import { gql } from "graphql-tag";

// Placeholder until the module is written.
export const capacityTypeDefs = gql`
  type CapacityModulePending {
    pending: Boolean
  }
`;
