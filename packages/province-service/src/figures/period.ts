import type { CasePhase } from "@regional/schema";

/**
 * Period arithmetic of the figures, as pure functions over YYYY-MM-DD days (which compare
 * correctly as strings). They are the written definition that the SQL in figures.store.ts
 * implements; figures.test.ts checks that both agree on the same data.
 */

/** A closed period of days: both `from` and `to` are included. */
export interface Period {
  from: string;
  to: string;
}

export function isDayInPeriod(day: string | null | undefined, period: Period): boolean {
  return day != null && period.from <= day && day <= period.to;
}

export interface CaseDates {
  openedOn: string;
  closedOn: string | null;
}

/** A case is active in the period if it was open on at least one of its days. */
export function isCaseActiveInPeriod(c: CaseDates, period: Period): boolean {
  return c.openedOn <= period.to && (c.closedOn === null || c.closedOn >= period.from);
}

/**
 * The day at which the phase of an active case is read: the end of the period, or the closing
 * day for a case closed within the period (its phase at closing).
 */
export function phaseReadingDay(c: CaseDates, period: Period): string {
  return c.closedOn !== null && c.closedOn <= period.to ? c.closedOn : period.to;
}

export interface PhaseChange {
  phase: CasePhase;
  startedOn: string;
  /** Tie-break between two changes on the same day: the one recorded last wins. */
  recordedAt?: Date;
}

/** The phase in force on a day: the last change that started on or before it; null if none had started. */
export function phaseOnDay(changes: readonly PhaseChange[], day: string): CasePhase | null {
  let current: PhaseChange | null = null;
  for (const change of changes) {
    if (change.startedOn > day) continue;
    if (
      current === null ||
      change.startedOn > current.startedOn ||
      (change.startedOn === current.startedOn && (change.recordedAt?.getTime() ?? 0) >= (current.recordedAt?.getTime() ?? 0))
    ) {
      current = change;
    }
  }
  return current?.phase ?? null;
}

/**
 * Phase of an active case at the end of the period (or at closing). A case whose history has
 * no change by that day (should not happen: the first change starts on the opening day) falls
 * back to its current phase, so it is still counted once.
 */
export function phaseAtEndOfPeriod(
  c: CaseDates & { phase: CasePhase },
  changes: readonly PhaseChange[],
  period: Period,
): CasePhase {
  return phaseOnDay(changes, phaseReadingDay(c, period)) ?? c.phase;
}

export interface PlacementDates {
  startOn: string;
  /** The day the person left (exclusive); null while they are there. */
  endOn: string | null;
}

/** A placement occupies its place on a day if it started on or before it and the person had not left yet. */
export function isPlacementCurrentOn(p: PlacementDates, day: string): boolean {
  return p.startOn <= day && (p.endOn === null || p.endOn > day);
}

/** A place is occupied on a day if any of its placements is current then (a place counts once). */
export function isPlaceOccupiedOn(placements: readonly PlacementDates[], day: string): boolean {
  return placements.some((p) => isPlacementCurrentOn(p, day));
}

/**
 * Free places: active places neither occupied nor held for an incoming transfer. Never negative:
 * occupied and held places are disjoint subsets of the active ones.
 */
export function freePlaces(total: number, occupied: number, held = 0): number {
  if (!Number.isInteger(total) || !Number.isInteger(occupied) || occupied < 0 || occupied > total) {
    throw new RangeError(`occupied places (${occupied}) must be a whole number between 0 and the total (${total})`);
  }
  if (!Number.isInteger(held) || held < 0 || occupied + held > total) {
    throw new RangeError(`held places (${held}) must be a whole number between 0 and the places not occupied (${total - occupied})`);
  }
  return total - occupied - held;
}

/** A place is held on a day if an incoming transfer's hold covers it: from holdFrom until (excluding) the day it was released. */
export function isHoldCurrentOn(hold: { holdFrom: string; holdReleasedOn: string | null }, day: string): boolean {
  return hold.holdFrom <= day && (hold.holdReleasedOn === null || hold.holdReleasedOn > day);
}
