/**
 * Calendar days as integers (days since 1970-01-01, UTC), which is what the generator computes
 * with; converted to YYYY-MM-DD or to a UTC-midnight Date (Prisma's @db.Date) only at the edges.
 */
const MS_PER_DAY = 86_400_000;

export type Day = number;

export function parseDay(iso: string): Day {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`Expected a date written YYYY-MM-DD, got "${iso}"`);
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) throw new Error(`"${iso}" is not a real calendar date`);
  return Math.round(ms / MS_PER_DAY);
}

export function dayToIso(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayToDate(day: Day): Date {
  return new Date(day * MS_PER_DAY);
}

export function dateToDay(date: Date): Day {
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(day: Day): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function monthOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

/** The same calendar date `years` earlier or later (29 February falls back to 28). */
export function addYears(day: Day, years: number): Day {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfMonth)) / MS_PER_DAY);
}
