import {
  BREAKDOWN_NAMES,
  PLACE_TARGETS,
  STRUCTURE_TYPES,
  type CapacityFigure,
  type ExactCount,
  type FigureBreakdown,
} from "@regional/schema";
import { citizenshipSpellings } from "../cases/citizenship.ts";
import { freePlaces } from "./period.ts";

/**
 * Pure helpers that shape grouped rows coming out of the database into the figures the
 * federation API serves. No I/O here.
 */

/** One group of a breakdown as the SQL returns it. */
export interface BreakdownRow {
  breakdown: string;
  key: string;
  count: number;
}

/** Counts sorted by count (largest first), then key; zero counts are left out. */
export function sortCounts(counts: readonly ExactCount[]): ExactCount[] {
  return counts
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * One code per country: the kit accepts a citizenship written as ISO 3166 alpha-2 or alpha-3
 * (NG or NGA), and the region sums provinces by key, so both spellings must become the alpha-2
 * code (codes without one, such as XXA for stateless persons, stay as they are).
 */
export function canonicalCitizenship(code: string): string {
  return citizenshipSpellings(code.trim().toUpperCase())[0]!;
}

const canonicalKey = (breakdown: string, key: string) => (breakdown === "byCitizenship" ? canonicalCitizenship(key) : key);

/**
 * Splits the rows of all breakdowns into one list per breakdown. Every breakdown is present
 * (possibly empty); keys of the same breakdown that appear twice (or, for citizenship, two
 * spellings of one country) are summed; a row naming an unknown breakdown is a programming error.
 */
export function toBreakdowns(rows: readonly BreakdownRow[]): Record<FigureBreakdown, ExactCount[]> {
  const byName = new Map<string, Map<string, number>>(BREAKDOWN_NAMES.map((name) => [name, new Map()]));
  for (const row of rows) {
    const counts = byName.get(row.breakdown);
    if (!counts) throw new Error(`unknown breakdown ${row.breakdown}`);
    const key = canonicalKey(row.breakdown, row.key);
    counts.set(key, (counts.get(key) ?? 0) + row.count);
  }
  return Object.fromEntries(
    BREAKDOWN_NAMES.map((name) => [name, sortCounts([...byName.get(name)!].map(([key, count]) => ({ key, count })))]),
  ) as Record<FigureBreakdown, ExactCount[]>;
}

/** One (structure type, target) group of active places, as the SQL returns it. */
export interface CapacityRow {
  structureType: string;
  target: string;
  total: number;
  occupied: number;
  /** Held for an incoming transfer and not occupied (absent: none). */
  held?: number;
}

const rank = (list: readonly string[], value: string) => {
  const i = list.indexOf(value);
  return i === -1 ? list.length : i;
};

/** Capacity groups with their free places, in the order of the enums (pronta accoglienza first). */
export function toCapacityFigures(rows: readonly CapacityRow[]): CapacityFigure[] {
  return rows
    .filter((r) => r.total > 0)
    .map((r) => ({ structureType: r.structureType, target: r.target, total: r.total, occupied: r.occupied, free: freePlaces(r.total, r.occupied, r.held ?? 0) }))
    .sort(
      (a, b) =>
        rank(STRUCTURE_TYPES, a.structureType) - rank(STRUCTURE_TYPES, b.structureType) ||
        rank(PLACE_TARGETS, a.target) - rank(PLACE_TARGETS, b.target),
    );
}

/**
 * The province-wide place counters are the sums of the capacity groups, so they cannot disagree;
 * what is neither occupied nor free is held for an incoming transfer.
 */
export function placeTotals(places: readonly CapacityFigure[]): { placesTotal: number; placesOccupied: number; placesFree: number; placesHeld: number } {
  return places.reduce(
    (t, p) => ({
      placesTotal: t.placesTotal + p.total,
      placesOccupied: t.placesOccupied + p.occupied,
      placesFree: t.placesFree + p.free,
      placesHeld: t.placesHeld + (p.total - p.occupied - p.free),
    }),
    { placesTotal: 0, placesOccupied: 0, placesFree: 0, placesHeld: 0 },
  );
}
