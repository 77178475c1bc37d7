import { BREAKDOWN_NAMES, COUNTER_NAMES, type ProvinceFigures } from "@regional/schema";

/**
 * Builds a province's exact figures for tests: every counter and breakdown present (empty unless
 * given), so a test states only what it is about.
 */
export function figures(overrides: Partial<ProvinceFigures> = {}): ProvinceFigures {
  const counters = Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0]));
  const breakdowns = Object.fromEntries(BREAKDOWN_NAMES.map((n) => [n, []]));
  return { ...counters, ...breakdowns, places: [], ...overrides } as ProvinceFigures;
}
