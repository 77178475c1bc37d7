import {
  AGE_BANDS,
  BREAKDOWN_NAMES,
  CASE_PHASES,
  COUNTER_NAMES,
  EXIT_OUTCOMES,
  EXPLOITATION_TYPES,
  GENDERS,
  PLACE_TARGETS,
  PROVINCES,
  REFERRAL_SOURCES,
  STRUCTURE_TYPES,
  type CapacityFigure,
  type ExactCount,
  type FigureBreakdown,
  type FigureCounter,
  type ProvinceCode,
  type ProvinceFigures,
} from "@regional/schema";
import { suppressTable, type PublishedCell } from "./suppression.ts";

/**
 * The region's domain rules, as plain functions over the provinces' exact figures. No GraphQL here:
 * the resolvers only call these, so the rules are tested without a server.
 */

/** One published cell of a breakdown. `count` is null when disclosure control suppresses it. */
export type BreakdownCell = PublishedCell;

/** The minimum published cell when the configuration does not say (DISCLOSURE_MIN_CELL). */
export const DEFAULT_MIN_CELL = 5;

/**
 * How each breakdown's table looks to a reader, for disclosure control (see suppression.ts):
 * the keys a hidden cell may have, and whether one case counts in several cells.
 * - byPhase, byGender, byAgeBand, byCitizenship, byReferralSource: every active case has exactly
 *   one value, so a row sums to the published activeCases;
 * - exitsByOutcome: every closed case has one outcome, so a row sums to closedCases;
 * - byExploitationType: a case may have several types, so the row's sum is not published; a
 *   reader knows only that each cell is at most activeCases and the sum at least that.
 * Treating a sum as published when it is not would only suppress more, never less.
 */
export const BREAKDOWN_TABLES: Record<FigureBreakdown, { domain: readonly string[]; overlappingOver?: FigureCounter }> = {
  byPhase: { domain: CASE_PHASES },
  byGender: { domain: GENDERS },
  byAgeBand: { domain: AGE_BANDS },
  // An open list (ISO 3166): the keys seen in the table are the candidates.
  byCitizenship: { domain: [] },
  byExploitationType: { domain: EXPLOITATION_TYPES, overlappingOver: "activeCases" },
  byReferralSource: { domain: REFERRAL_SOURCES },
  exitsByOutcome: { domain: EXIT_OUTCOMES },
};

export type PublishedFigures = Record<FigureCounter, number> &
  Record<FigureBreakdown, BreakdownCell[]> & { places: CapacityFigure[] };

export interface ProvinceSnapshot extends PublishedFigures {
  province: ProvinceCode;
  name: string;
}

export interface RegionalTotals extends PublishedFigures {
  provincesReporting: number;
}

export interface RegionFigures {
  provinces: ProvinceSnapshot[];
  missing: ProvinceCode[];
  totals: RegionalTotals;
}

/** What each province answered for the period; null (or absent) when it did not answer. */
export type FiguresByProvince = Partial<Record<ProvinceCode, ProvinceFigures | null | undefined>>;

/** Sums each counter over the given figures; an empty list gives zeros. */
export function sumCounters(figures: readonly ProvinceFigures[]): Record<FigureCounter, number> {
  return Object.fromEntries(
    COUNTER_NAMES.map((name) => [name, figures.reduce((sum, f) => sum + f[name], 0)]),
  ) as Record<FigureCounter, number>;
}

/** Orders cells by count, largest first, then by key, so equal inputs always print the same. */
export function compareCounts(a: ExactCount, b: ExactCount): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Merges breakdowns by key, adding the counts. Pure and exact: disclosure control is a later,
 * separate step over its result, so it sees the true regional counts.
 */
export function mergeCounts(lists: readonly (readonly ExactCount[])[]): ExactCount[] {
  const byKey = new Map<string, number>();
  for (const list of lists) {
    for (const { key, count } of list) byKey.set(key, (byKey.get(key) ?? 0) + count);
  }
  return [...byKey].map(([key, count]) => ({ key, count })).sort(compareCounts);
}

const structureOrder = new Map<string, number>(STRUCTURE_TYPES.map((t, i) => [t, i]));
const targetOrder = new Map<string, number>(PLACE_TARGETS.map((t, i) => [t, i]));
// Unknown values sort after the known ones rather than failing: the enums guard them upstream.
const rank = (order: Map<string, number>, value: string) => order.get(value) ?? order.size;

/** Merges capacity by (structureType, target), adding places; ordered as the enums are declared. */
export function mergeCapacity(lists: readonly (readonly CapacityFigure[])[]): CapacityFigure[] {
  const byCell = new Map<string, CapacityFigure>();
  for (const list of lists) {
    for (const place of list) {
      const id = `${place.structureType}\u0000${place.target}`;
      const merged = byCell.get(id);
      if (merged) {
        merged.total += place.total;
        merged.occupied += place.occupied;
        merged.free += place.free;
      } else {
        byCell.set(id, { ...place });
      }
    }
  }
  return [...byCell.values()].sort(
    (a, b) =>
      rank(structureOrder, a.structureType) - rank(structureOrder, b.structureType) ||
      rank(targetOrder, a.target) - rank(targetOrder, b.target) ||
      a.structureType.localeCompare(b.structureType) ||
      a.target.localeCompare(b.target),
  );
}

/**
 * Every breakdown of the answering provinces after disclosure control: one row per province (same
 * order as given) and the regional row, suppressed together so no hidden cell can be recomputed
 * from a province's counter, the regional cells or the other provinces' cells.
 */
export function publishBreakdowns(
  figures: readonly ProvinceFigures[],
  minCell: number,
): { rows: Record<FigureBreakdown, BreakdownCell[]>[]; totals: Record<FigureBreakdown, BreakdownCell[]> } {
  const rows = figures.map(() => ({}) as Record<FigureBreakdown, BreakdownCell[]>);
  const totals = {} as Record<FigureBreakdown, BreakdownCell[]>;
  for (const name of BREAKDOWN_NAMES) {
    const { domain, overlappingOver } = BREAKDOWN_TABLES[name];
    const table = suppressTable(
      {
        rows: figures.map((f) => f[name]),
        domain,
        overlapping: overlappingOver ? { cases: figures.map((f) => f[overlappingOver]) } : undefined,
      },
      minCell,
    );
    table.rows.forEach((cells, i) => (rows[i]![name] = cells));
    totals[name] = table.totals;
  }
  return { rows, totals };
}

/** The provinces that did not answer, in the programme's order. */
export function missingProvinces(byProvince: FiguresByProvince): ProvinceCode[] {
  return PROVINCES.filter((p) => byProvince[p.code] == null).map((p) => p.code);
}

/**
 * The published figures of a set of provinces taken as one table (counters summed, capacity
 * merged, breakdowns merged and then suppressed as a single row). The region itself uses
 * aggregateRegion, which suppresses the provinces' rows and the regional row together; this one
 * stays for callers that need the figures of one set alone (the benchmarks' synthetic regions).
 */
export function combineFigures(figures: readonly ProvinceFigures[], minCell: number = DEFAULT_MIN_CELL): PublishedFigures {
  const merged = Object.fromEntries(BREAKDOWN_NAMES.map((name) => [name, mergeCounts(figures.map((f) => f[name]))])) as Record<
    FigureBreakdown,
    ExactCount[]
  >;
  const counters = sumCounters(figures);
  const { rows } = publishBreakdowns([{ ...counters, ...merged, places: [] }], minCell);
  return { ...counters, ...rows[0]!, places: mergeCapacity(figures.map((f) => f.places)) };
}

export interface DisclosureOptions {
  /** Non-zero breakdown cells below this are suppressed (k). */
  minCell: number;
}

/**
 * Regional figures: each answering province on its own, the missing ones named, totals over those
 * that answered. Counters and capacity are exact sums; breakdowns go through disclosure control.
 */
export function aggregateRegion(
  byProvince: FiguresByProvince,
  { minCell }: DisclosureOptions = { minCell: DEFAULT_MIN_CELL },
): RegionFigures {
  const answered = PROVINCES.flatMap((p) => {
    const figures = byProvince[p.code];
    return figures == null ? [] : [{ province: p, figures }];
  });
  const all = answered.map((a) => a.figures);
  const breakdowns = publishBreakdowns(all, minCell);
  return {
    provinces: answered.map(({ province, figures }, i) => ({
      province: province.code,
      name: province.name,
      ...sumCounters([figures]),
      ...breakdowns.rows[i]!,
      places: mergeCapacity([figures.places]),
    })),
    missing: missingProvinces(byProvince),
    totals: {
      provincesReporting: answered.length,
      ...sumCounters(all),
      ...breakdowns.totals,
      places: mergeCapacity(all.map((f) => f.places)),
    },
  };
}
