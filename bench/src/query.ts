import { COUNTER_NAMES, BREAKDOWN_NAMES, figuresSelection } from "@regional/schema";
import { Kind, parse, type SelectionSetNode } from "graphql";

/** The capofila's question: the region, one quarter. */
export const PERIOD = { from: "2026-07-01", to: "2026-09-30" } as const;

const cell = "{ key count suppressed }";
/** Every regional figure, plus a few per province: what a dashboard page asks for. */
export const REGION_QUERY = /* GraphQL */ `query Region($from: Date!, $to: Date!) {
  region(from: $from, to: $to) {
    missing
    totals {
      provincesReporting ${COUNTER_NAMES.join(" ")}
      ${BREAKDOWN_NAMES.map((b) => `${b} ${cell}`).join(" ")}
      places { structureType target total occupied free }
    }
    provinces { province name newCases activeCases closedCases contacts placesTotal placesFree }
  }
}`;

export const REGION_REQUEST_BODY = JSON.stringify({ query: REGION_QUERY, variables: PERIOD, operationName: "Region" });

/** What the gateway sends each province: the Region entity with the period, and that province's figures. */
export function entitiesQuery(field: string): string {
  return `query($representations:[_Any!]!){_entities(representations:$representations){...on Region{${field}{${figuresSelection()}}}}}`;
}

export function entitiesBody(field: string, period: { from: string; to: string } = PERIOD): string {
  return JSON.stringify({ query: entitiesQuery(field), variables: { representations: [{ __typename: "Region", ...period }] } });
}

const regionSelection = (() => {
  const doc = parse(REGION_QUERY);
  const op = doc.definitions[0];
  if (op?.kind !== Kind.OPERATION_DEFINITION) throw new Error("REGION_QUERY: no operation");
  const region = op.selectionSet.selections[0];
  if (region?.kind !== Kind.FIELD || !region.selectionSet) throw new Error("REGION_QUERY: no region field");
  return region.selectionSet;
})();

/** Keeps exactly the fields the query selects, in its order: the JSON a GraphQL server would send. */
export function project(value: unknown, selection: SelectionSetNode = regionSelection): unknown {
  if (Array.isArray(value)) return value.map((v) => project(v, selection));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of selection.selections) {
    if (s.kind !== Kind.FIELD) continue;
    const v = source[s.name.value];
    out[(s.alias ?? s.name).value] = s.selectionSet ? project(v, s.selectionSet) : v;
  }
  return out;
}

/** The body a GraphQL server sends for REGION_QUERY, from computed region figures. */
export function regionResponse(region: unknown): string {
  return JSON.stringify({ data: { region: project(region) } });
}
