import { PROVINCES, type Province } from "./provinces.ts";
import { enumsSdl } from "./enums.ts";
import { DATE_TIME_SCALAR_SDL, provinceCodeEnumSdl, transferEnumsSdl, transferRecordTypeSdl, transfersField } from "./transfers.ts";

/**
 * The figures a province hands to the region, by name. One list drives the province subgraph SDL,
 * the region subgraph's @requires selection and the region's public types, so they cannot drift.
 *
 * Review rule for this file: nothing here may identify a person. Counters are counts over a
 * period, breakdowns are counts by a coarse category, capacity is counted by structure type and
 * target group. Anything that names, locates or dates an individual does not belong here.
 */
export const FIGURE_COUNTERS = {
  contacts: "Anonymous contacts made in outreach outings held in the period.",
  outings: "Outreach outings (street unit, indoor, drop-in) held in the period.",
  accompaniments: "Health or service accompaniments made during outreach in the period.",
  newCases: "Cases opened in the period (presa in carico), not counting arrivals by transfer from another province.",
  activeCases: "Cases open on at least one day of the period.",
  closedCases: "Cases closed in the period.",
  personsAssessed: "Cases with at least one identification interview in the period.",
  personsIdentified: "Cases whose person was identified as a victim in the period.",
  permitsRequested: "Residence permit applications filed in the period.",
  permitsGranted: "Residence permits granted in the period.",
  jobPlacements: "Job placements (inserimenti lavorativi) started in the period.",
  trainingEvents: "Training and awareness events held in the period.",
  trainingParticipants: "Participants in training and awareness events held in the period.",
  placesTotal: "Places in active structures at the end of the period.",
  placesOccupied: "Places occupied at the end of the period, derived from placements.",
  placesFree: "Places neither occupied nor held at the end of the period.",
  placesHeld: "Places held at the end of the period for a person coming by transfer from another province (neither occupied nor free).",
  transfersIn: "Persons who arrived in the period by transfer from another province (their cases here are not new cases of the region).",
  transfersOut: "Persons who left in the period by transfer to another province (their cases here closed as TRANSFERRED).",
} as const;

export const FIGURE_BREAKDOWNS = {
  byPhase: "Active cases by phase at the end of the period (or at closing, for cases closed within it).",
  byGender: "Active cases by the person's gender.",
  byAgeBand: "Active cases by age band at the opening of the case.",
  byCitizenship: "Active cases by citizenship (ISO 3166 code).",
  byExploitationType: "Active cases by exploitation type; a case with several types counts once in each.",
  byReferralSource: "Active cases by referral source.",
  exitsByOutcome: "Cases closed in the period, by exit outcome.",
} as const;

export type FigureCounter = keyof typeof FIGURE_COUNTERS;
export type FigureBreakdown = keyof typeof FIGURE_BREAKDOWNS;
export const COUNTER_NAMES = Object.keys(FIGURE_COUNTERS) as FigureCounter[];
export const BREAKDOWN_NAMES = Object.keys(FIGURE_BREAKDOWNS) as FigureBreakdown[];

/** Exact figures of one province, as computed by that province. Never published as they are. */
export interface ProvinceFigures extends Record<FigureCounter, number>, Record<FigureBreakdown, ExactCount[]> {
  places: CapacityFigure[];
}
export interface ExactCount {
  key: string;
  count: number;
}
export interface CapacityFigure {
  structureType: string;
  target: string;
  total: number;
  occupied: number;
  free: number;
}

const describe = (text: string, indent = "  ") => `${indent}"${text.replace(/"/g, "'")}"\n`;

/**
 * The internal types that carry a province's exact figures to the region subgraph. They are
 * @inaccessible: the composed graph uses them for @requires, clients cannot select them.
 */
export function provinceFiguresTypesSdl(): string {
  const counters = Object.entries(FIGURE_COUNTERS)
    .map(([name, text]) => `${describe(text)}  ${name}: Int!`)
    .join("\n");
  const breakdowns = Object.entries(FIGURE_BREAKDOWNS)
    .map(([name, text]) => `${describe(text)}  ${name}: [ExactCount!]!`)
    .join("\n");
  return `"Exact figures of one province for a period. Internal: read only by the region subgraph."
type ProvinceFigures @shareable @inaccessible {
${counters}
${breakdowns}
  "Capacity at the end of the period by structure type and target group."
  places: [CapacityFigure!]!
}

type ExactCount @shareable @inaccessible {
  key: String!
  count: Int!
}

type CapacityFigure @shareable @inaccessible {
  structureType: StructureType!
  target: PlaceTarget!
  total: Int!
  occupied: Int!
  free: Int!
}`;
}

/** The selection of one province's figures, as used by the region subgraph's @requires. */
export function figuresSelection(): string {
  const exact = BREAKDOWN_NAMES.map((b) => `${b} { key count }`).join(" ");
  return `${COUNTER_NAMES.join(" ")} ${exact} places { structureType target total occupied free }`;
}

/** @requires selection covering every province's figures. */
export function allProvincesRequires(): string {
  return PROVINCES.map((p) => `${p.field} { ${figuresSelection()} }`).join(" ");
}

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible", "@external", "@requires"])';

export const DATE_SCALAR_SDL = `"A calendar date, YYYY-MM-DD (no time, no zone)."\nscalar Date`;

/** The federation SDL of one province: its exact figures contributed to the Region entity, nothing else. */
export function provinceSubgraphSdl(province: Province): string {
  return `${FEDERATION_LINK}

${DATE_SCALAR_SDL}

"The region for a period; the key carries the period so each province computes its figures for it."
type Region @key(fields: "from to") {
  from: Date!
  to: Date!
  "Exact figures of ${province.name} (${province.code}); internal, read by the region subgraph through @requires."
  ${province.field}: ProvinceFigures @inaccessible
  "${province.name}'s records of the transfers to or from it under way in, or ended within, the period; internal, read by the region subgraph."
  ${transfersField(province)}: [TransferRecord!] @inaccessible
}

${provinceFiguresTypesSdl()}

${transferRecordTypeSdl()}

${DATE_TIME_SCALAR_SDL}

${enumsSdl(["StructureType", "PlaceTarget"])}

${provinceCodeEnumSdl()}

${transferEnumsSdl()}
`;
}
