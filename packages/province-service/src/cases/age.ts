import type { AgeBand } from "@regional/schema";
import { formatDate } from "@regional/schema";

/**
 * Age in completed years on a date. A birthday on 29 February is reached on 1 March in common
 * years (the day after 28 February), which is how completed years are counted in Italian law.
 * Dates are compared as calendar days (UTC), never as instants, so time zones cannot shift them.
 */
export function ageInYears(birthDate: Date | string, on: Date | string): number {
  const [by, bm, bd] = formatDate(birthDate).split("-").map(Number) as [number, number, number];
  const [y, m, d] = formatDate(on).split("-").map(Number) as [number, number, number];
  if (formatDate(on) < formatDate(birthDate)) throw new RangeError(`${formatDate(on)} is before the birth date ${formatDate(birthDate)}`);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** CTDC-style coarse band of an age in completed years. */
export function bandOfAge(age: number): Exclude<AgeBand, "UNKNOWN"> {
  if (age <= 17) return "AGE_0_17";
  if (age <= 20) return "AGE_18_20";
  if (age <= 25) return "AGE_21_25";
  if (age <= 30) return "AGE_26_30";
  if (age <= 40) return "AGE_31_40";
  return "AGE_41_PLUS";
}

/**
 * The age band on a date (fixed at the opening of a case, so figures never need the birth date).
 * Without a birth date the band is UNKNOWN. Throws RangeError if `on` is before the birth date:
 * callers refuse that case with a rule before getting here.
 */
export function ageBandAt(birthDate: Date | string | null | undefined, on: Date | string): AgeBand {
  if (birthDate === null || birthDate === undefined) return "UNKNOWN";
  return bandOfAge(ageInYears(birthDate, on));
}

/**
 * Band and minor flag stored on a case at opening. An unknown birth date is not taken as a minor:
 * the flag means "known to be under 18" (a caseworker who suspects a minor records the birth date,
 * even an estimated one).
 */
export function ageAtOpening(birthDate: Date | string | null | undefined, openedOn: Date | string): { ageBand: AgeBand; minorAtOpening: boolean } {
  const ageBand = ageBandAt(birthDate, openedOn);
  return { ageBand, minorAtOpening: ageBand === "AGE_0_17" };
}
