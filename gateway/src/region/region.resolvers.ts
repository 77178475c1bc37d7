import { buildSubgraphSchema, type GraphQLResolverMap } from "@apollo/subgraph";
import { DateScalar, PROVINCES, type ProvinceFigures, type ProvinceField } from "@regional/schema";
import { parse, type GraphQLSchema } from "graphql";
import { aggregateRegion, DEFAULT_MIN_CELL, type DisclosureOptions, type FiguresByProvince, type RegionFigures } from "./aggregate.ts";
import { checkPeriod } from "./date.ts";
import { regionTypeDefs } from "./region.schema.ts";
import { regionTransferResolvers } from "./transfers.board.ts";

/** What the query planner hands to Region.__resolveReference: the key plus every @requires'd province field. */
export type RegionReference = { from: string; to: string } & Partial<Record<ProvinceField, ProvinceFigures | null>>;

/** A Region as the region subgraph resolves it: the period and the figures computed once for all its fields. */
export interface ResolvedRegion extends RegionFigures {
  from: string;
  to: string;
}

/** Reads the provinces' figures out of a representation, by province code; absent means it did not answer. */
export function figuresFromReference(reference: RegionReference): FiguresByProvince {
  return Object.fromEntries(PROVINCES.map((p) => [p.code, reference[p.field] ?? null]));
}

export function resolveRegion(reference: RegionReference, disclosure?: DisclosureOptions): ResolvedRegion {
  return { from: reference.from, to: reference.to, ...aggregateRegion(figuresFromReference(reference), disclosure) };
}

/**
 * The representation, with the regional figures computed only when a field needs them: the
 * transfer board and free capacity read the representation itself (transfers.board.ts), which then
 * carries no full figures to aggregate.
 */
function lazyRegion(reference: RegionReference, disclosure: DisclosureOptions): RegionReference & ResolvedRegion {
  let figures: ResolvedRegion | undefined;
  const computed = () => (figures ??= resolveRegion(reference, disclosure));
  return Object.defineProperties(
    { ...reference },
    {
      provinces: { get: () => computed().provinces, enumerable: true },
      missing: { get: () => computed().missing, enumerable: true },
      totals: { get: () => computed().totals, enumerable: true },
    },
  ) as RegionReference & ResolvedRegion;
}

// Thin on purpose: the rules live in aggregate.ts, suppression.ts and date.ts.
export function regionResolversWith(disclosure: DisclosureOptions) {
  return {
  Date: DateScalar,
  Query: {
    region: (_root: unknown, args: { from: unknown; to: unknown }) => checkPeriod(args.from, args.to),
  },
  Region: {
    __resolveReference: (reference: RegionReference) => lazyRegion(reference, disclosure),
    provinces: (region: ResolvedRegion) => region.provinces,
    missing: (region: ResolvedRegion) => region.missing,
    totals: (region: ResolvedRegion) => region.totals,
    ...regionTransferResolvers,
  },
  } satisfies GraphQLResolverMap<unknown>;
}

/** The resolvers with the default minimum cell. */
export const regionResolvers = regionResolversWith({ minCell: DEFAULT_MIN_CELL });

/** The region subgraph's executable schema, served in the gateway's process. */
export function buildRegionSchema(disclosure: DisclosureOptions = { minCell: DEFAULT_MIN_CELL }): GraphQLSchema {
  return buildSubgraphSchema([
    { typeDefs: parse(regionTypeDefs), resolvers: regionResolversWith(disclosure) as GraphQLResolverMap<unknown> },
  ]);
}
