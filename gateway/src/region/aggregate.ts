import {
  BREAKDOWN_NAMES,
  COUNTER_NAMES,
  PLACE_TARGETS,
  PROVINCES,
  STRUCTURE_TYPES,
  type CapacityFigure,
  type ExactCount,
  type FigureBreakdown,
  type FigureCounter,
  type ProvinceCode,
  type ProvinceFigures,
} from "@regional/schema";

/**
 * The region's domain rules, as plain functions over the provinces' exact figures. No GraphQL here:
 * the resolvers only call these, so the rules are tested without a server.
 */

/** One published cell of a breakdown. `count` is null only once disclosure control suppresses it. */
export interface BreakdownCell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

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
 * Turns exact counts into published cells. For now every cell is published as it is; this is the
 * seam where disclosure control (suppressing small cells) will go.
 */
export function publishCells(counts: readonly ExactCount[]): BreakdownCell[] {
  return counts.map(({ key, count }) => ({ key, count, suppressed: false }));
}

/** The published figures of a set of provinces: counters summed, breakdowns and capacity merged. */
export function combineFigures(figures: readonly ProvinceFigures[]): PublishedFigures {
  const breakdowns = Object.fromEntries(
    BREAKDOWN_NAMES.map((name) => [name, publishCells(mergeCounts(figures.map((f) => f[name])))]),
  ) as Record<FigureBreakdown, BreakdownCell[]>;
  return { ...sumCounters(figures), ...breakdowns, places: mergeCapacity(figures.map((f) => f.places)) };
}

/** The provinces that did not answer, in the programme's order. */
export function missingProvinces(byProvince: FiguresByProvince): ProvinceCode[] {
  return PROVINCES.filter((p) => byProvince[p.code] == null).map((p) => p.code);
}

/** Regional figures: each answering province on its own, the missing ones named, totals over those that answered. */
export function aggregateRegion(byProvince: FiguresByProvince): RegionFigures {
  const answered = PROVINCES.flatMap((p) => {
    const figures = byProvince[p.code];
    return figures == null ? [] : [{ province: p, figures }];
  });
  return {
    provinces: answered.map(({ province, figures }) => ({
      province: province.code,
      name: province.name,
      ...combineFigures([figures]),
    })),
    missing: missingProvinces(byProvince),
    totals: { provincesReporting: answered.length, ...combineFigures(answered.map((a) => a.figures)) },
  };
}
