/** Time as the service sees it; injected so rules and tests never depend on the wall clock. */
export interface Clock {
  now(): Date;
  /** Today's date in the programme's time zone, YYYY-MM-DD. */
  today(): string;
}

const PROGRAMME_TIME_ZONE = "Europe/Rome";

export function systemClock(timeZone = PROGRAMME_TIME_ZONE): Clock {
  // en-CA formats as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return { now: () => new Date(), today: () => format.format(new Date()) };
}

export function fixedClock(isoDateTime: string): Clock {
  const at = new Date(isoDateTime);
  return { now: () => new Date(at), today: () => at.toISOString().slice(0, 10) };
}
