import type { AgeBand } from "@regional/schema";

/**
 * Age in completed years on a date, and the CTDC-style band fixed at the opening of a case.
 * Kept here because src/domain/age.ts did not exist when the seed was written; if the domain
 * gets its own, the seed should import that one instead.
 */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function ageBandForAge(age: number | null | undefined): AgeBand {
  if (age === null || age === undefined || !Number.isFinite(age) || age < 0) return "UNKNOWN";
  if (age < 18) return "AGE_0_17";
  if (age <= 20) return "AGE_18_20";
  if (age <= 25) return "AGE_21_25";
  if (age <= 30) return "AGE_26_30";
  if (age <= 40) return "AGE_31_40";
  return "AGE_41_PLUS";
}

/** Band and minor flag at opening; an unknown birth date gives UNKNOWN and not a minor. */
export function ageAtOpening(birthDate: string | null, openedOn: string): { ageBand: AgeBand; minorAtOpening: boolean } {
  if (birthDate === null) return { ageBand: "UNKNOWN", minorAtOpening: false };
  const ageBand = ageBandForAge(ageOn(birthDate, openedOn));
  return { ageBand, minorAtOpening: ageBand === "AGE_0_17" };
}
