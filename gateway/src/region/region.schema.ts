import {
  BREAKDOWN_NAMES,
  COUNTER_NAMES,
  DATE_SCALAR_SDL,
  FEDERATION_LINK,
  FIGURE_BREAKDOWNS,
  FIGURE_COUNTERS,
  PROVINCES,
  PROVINCE_CODES,
  allProvincesRequires,
  enumsSdl,
  provinceFiguresTypesSdl,
} from "@regional/schema";
import { regionTransferFields, regionTransferTypes } from "./transfers.schema.ts";

const counterFields = COUNTER_NAMES.map((n) => `  "${FIGURE_COUNTERS[n]}"\n  ${n}: Int!`).join("\n");
const breakdownFields = BREAKDOWN_NAMES.map((n) => `  "${FIGURE_BREAKDOWNS[n]}"\n  ${n}: [BreakdownCell!]!`).join("\n");
const requires = allProvincesRequires();

/**
 * The region subgraph: the capofila's public contract. It stores nothing; every field is computed
 * from the provinces' figures that the query planner fetches for @requires.
 */
export const regionTypeDefs = /* GraphQL */ `
${FEDERATION_LINK}

${DATE_SCALAR_SDL}

type Query {
  "Regional figures for a period (both ends included). Provinces that do not answer are listed in missing."
  region(from: Date!, to: Date!): Region!
}

type Region @key(fields: "from to") {
  "First day of the period."
  from: Date!
  "Last day of the period (included)."
  to: Date!
${PROVINCES.map((p) => `  ${p.field}: ProvinceFigures @external`).join("\n")}
  "The provinces that answered, each with its own figures."
  provinces: [ProvinceSnapshot!]! @requires(fields: "${requires}")
  "The provinces that did not answer; totals leave them out."
  missing: [ProvinceCode!]! @requires(fields: "${requires}")
  "Sums over the provinces that answered."
  totals: RegionalTotals! @requires(fields: "${requires}")
${regionTransferFields}
}

"One province's published figures for the period."
type ProvinceSnapshot {
  province: ProvinceCode!
  "The province's name, e.g. Bergamo."
  name: String!
${counterFields}
${breakdownFields}
  "Capacity at the end of the period by structure type and target group."
  places: [PlaceCapacity!]!
}

"Regional figures: the sum of the provinces that answered."
type RegionalTotals {
  "How many of the seven provinces are included."
  provincesReporting: Int!
${counterFields}
${breakdownFields}
  "Capacity at the end of the period by structure type and target group."
  places: [PlaceCapacity!]!
}

"""
One cell of a breakdown, after disclosure control. A non-zero count below the minimum cell (k,
default 5) is suppressed, and so are the cells that would let it be recomputed from the counters,
the regional cells or the other provinces' cells; a zero cell may be suppressed for the same
reason. A suppressed cell may hold any number from 0 up. Keys not listed are zero.
"""
type BreakdownCell {
  key: String!
  "The count, or null when suppressed."
  count: Int
  "True when the count is hidden by disclosure control."
  suppressed: Boolean!
}

type PlaceCapacity {
  structureType: StructureType!
  target: PlaceTarget!
  total: Int!
  occupied: Int!
  free: Int!
}

enum ProvinceCode {
${PROVINCE_CODES.map((c) => `  ${c}`).join("\n")}
}

${provinceFiguresTypesSdl()}

${enumsSdl(["StructureType", "PlaceTarget"])}
${regionTransferTypes}`;
