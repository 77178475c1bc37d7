import { formatDate, PLACE_TARGETS, STRUCTURE_TYPES, type PlaceTarget, type StructureType } from "@regional/schema";

/**
 * Occupancy is derived from placements, never typed by hand. A placement holds its place on the
 * days of the half-open interval [startOn, endOn): endOn is the day the person left, so on that
 * day the place is already free and another person may arrive. endOn null: still there.
 *
 * Days are compared as YYYY-MM-DD strings (lexicographic order is calendar order); Prisma's
 * @db.Date values (JS Dates at UTC midnight) are accepted too, so rows can be passed as they are.
 */
export type Day = Date | string;

export interface Interval {
  startOn: Day;
  endOn: Day | null;
}

function day(value: Day): string {
  return formatDate(value);
}

/** True if the interval holds its place on `on`: startOn ≤ on < endOn (or no end yet). */
export function coversDay(interval: Interval, on: Day): boolean {
  const d = day(on);
  return day(interval.startOn) <= d && (interval.endOn === null || d < day(interval.endOn));
}

/** True if any of the placements holds the place on that day. */
export function isOccupiedOn(placements: readonly Interval[], on: Day): boolean {
  return placements.some((p) => coversDay(p, on));
}

/**
 * True if two half-open intervals share at least one day. Touching intervals (one ends the day
 * the other starts) do not overlap: that is a move out and a move in on the same day.
 * An interval that ends the day it starts is empty and overlaps nothing.
 */
export function overlaps(a: Interval, b: Interval): boolean {
  const aStart = day(a.startOn);
  const bStart = day(b.startOn);
  const aEnd = a.endOn === null ? null : day(a.endOn);
  const bEnd = b.endOn === null ? null : day(b.endOn);
  if (aEnd !== null && aEnd <= aStart) return false;
  if (bEnd !== null && bEnd <= bStart) return false;
  return (bEnd === null || aStart < bEnd) && (aEnd === null || bStart < aEnd);
}

/** The intervals among `others` that share a day with `candidate`. */
export function overlapping<T extends Interval>(candidate: Interval, others: readonly T[]): T[] {
  return others.filter((o) => overlaps(candidate, o));
}

/** A place as occupancy needs it: its kind, its target group and whether it is in service. */
export interface PlaceForOccupancy {
  id: string;
  target: PlaceTarget;
  structureType: StructureType;
  /** The place is active and so is its structure: only these count as capacity. */
  inService: boolean;
}

export interface PlacementForOccupancy extends Interval {
  placeId: string;
}

export interface OccupancyCount {
  structureType: StructureType;
  target: PlaceTarget;
  /** Places in service. */
  total: number;
  /** Places in service held by a placement on the day. */
  occupied: number;
  free: number;
}

export interface OccupancyTotals {
  total: number;
  occupied: number;
  free: number;
}

/**
 * Places total/occupied/free on a day, per (structure type, target group), in the order of the
 * enums. Only places in service count; a combination without any place in service is left out.
 * Active flags have no history: a past day is seen with today's set of places in service.
 */
export function occupancyOn(
  places: readonly PlaceForOccupancy[],
  placements: readonly PlacementForOccupancy[],
  on: Day,
): OccupancyCount[] {
  const occupiedPlaces = new Set(placements.filter((p) => coversDay(p, on)).map((p) => p.placeId));
  const counts = new Map<string, OccupancyCount>();
  for (const place of places) {
    if (!place.inService) continue;
    const key = `${place.structureType}/${place.target}`;
    let count = counts.get(key);
    if (!count) {
      count = { structureType: place.structureType, target: place.target, total: 0, occupied: 0, free: 0 };
      counts.set(key, count);
    }
    count.total += 1;
    if (occupiedPlaces.has(place.id)) count.occupied += 1;
    else count.free += 1;
  }
  const typeOrder = (t: StructureType) => STRUCTURE_TYPES.indexOf(t);
  const targetOrder = (t: PlaceTarget) => PLACE_TARGETS.indexOf(t);
  return [...counts.values()].sort(
    (a, b) => typeOrder(a.structureType) - typeOrder(b.structureType) || targetOrder(a.target) - targetOrder(b.target),
  );
}

export function sumOccupancy(counts: readonly OccupancyCount[]): OccupancyTotals {
  return counts.reduce(
    (sum, c) => ({ total: sum.total + c.total, occupied: sum.occupied + c.occupied, free: sum.free + c.free }),
    { total: 0, occupied: 0, free: 0 },
  );
}
