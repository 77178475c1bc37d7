import { formatDate, isoDate, toDbDate, zEnum, type CaseStatus } from "@regional/schema";
import { z } from "zod";
import { overlapping, type Day, type Interval } from "./occupancy.ts";

/** Ids are UUIDs: anything else is a typing mistake, reported before touching the database. */
export const id = z.uuid("is not a valid id");
const name = z.string().trim().min(2, "must have at least 2 characters").max(120, "must have at most 120 characters");
const municipality = z.string().trim().min(2, "must have at least 2 characters").max(100, "must have at most 100 characters");

/** A day on which something happened: placements record facts, not plans. */
function pastDay(today: string) {
  return isoDate.refine((d) => d <= today, "cannot be in the future").transform(toDbDate);
}

// ---------- structures and places ----------

export const createStructureInput = z.object({
  name,
  type: zEnum("StructureType"),
  municipality,
  active: z.boolean().nullish().transform((a) => a ?? true),
});

/** Rename, move to another municipality, (de)activate. The type stays: figures are kept by type. */
export const updateStructureInput = z
  .object({
    id,
    name: name.nullish().transform((v) => v ?? undefined),
    municipality: municipality.nullish().transform((v) => v ?? undefined),
    active: z.boolean().nullish().transform((v) => v ?? undefined),
  })
  .refine((u) => u.name !== undefined || u.municipality !== undefined || u.active !== undefined, {
    message: "nothing to change: give name, municipality or active",
    path: ["id"],
  });

export const structureFilter = z
  .object({
    type: zEnum("StructureType").nullish(),
    municipality: z.string().trim().min(1, "cannot be empty").max(100, "must have at most 100 characters").nullish(),
    active: z.boolean().nullish(),
  })
  .transform((f) => ({ type: f.type ?? undefined, municipality: f.municipality ?? undefined, active: f.active ?? undefined }));

/** A structure rarely has more than a few dozen beds; more than 100 at once is a typing mistake. */
export const MAX_PLACES_AT_ONCE = 100;
export const DEFAULT_LABEL_PREFIX = "P-";

export const addPlacesInput = z.object({
  structureId: id,
  target: zEnum("PlaceTarget"),
  count: z.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_PLACES_AT_ONCE, `must be at most ${MAX_PLACES_AT_ONCE}`),
  labelPrefix: z
    .string()
    .trim()
    .min(1, "cannot be empty")
    .max(40, "must have at most 40 characters")
    .nullish()
    .transform((p) => p ?? DEFAULT_LABEL_PREFIX),
});

/** The day occupancy is asked for: any day, today by default. */
export const occupancyDay = isoDate.transform(toDbDate);

/**
 * Labels for `count` new places: prefix + number, numbered after the highest number already used
 * with that prefix in the structure, skipping labels that exist ("P-1".."P-4" then "P-5"...).
 */
export function nextLabels(existing: readonly string[], prefix: string, count: number): string[] {
  const taken = new Set(existing);
  let n = 0;
  for (const label of existing) {
    if (!label.startsWith(prefix)) continue;
    const rest = label.slice(prefix.length);
    if (/^\d+$/.test(rest)) n = Math.max(n, Number(rest));
  }
  const labels: string[] = [];
  while (labels.length < count) {
    n += 1;
    const label = `${prefix}${n}`;
    if (!taken.has(label)) labels.push(label);
  }
  return labels;
}

// ---------- placements ----------

export function placePersonInput(today: string) {
  return z.object({ caseId: id, placeId: id, startOn: pastDay(today) });
}

export function endPlacementInput(today: string) {
  return z.object({ placementId: id, endOn: pastDay(today) });
}

export function movePersonInput(today: string) {
  return z.object({ caseId: id, toPlaceId: id, on: pastDay(today) });
}

/** Why an operation is refused: a stable rule name for clients, words for the caseworker. */
export interface Refusal {
  rule: string;
  reason: string;
  field?: string;
}

export interface CaseFacts {
  status: CaseStatus;
  openedOn: Date;
}

export interface PlaceFacts {
  active: boolean;
  structureActive: boolean;
}

/** Everything needed to decide on a new open-ended placement, read inside the transaction. */
export interface PlacementFacts {
  caseRow: CaseFacts;
  place: PlaceFacts;
  /** Other placements of the same place, past and current. */
  placeBookings: readonly Interval[];
  /** Other placements of the same person (any of their cases), past and current. */
  personBookings: readonly Interval[];
}

export interface PlacementFields {
  caseId: string;
  placeId: string;
  startOn: string;
}

/** Only the person of an open case is placed, and not before the case was opened (presa in carico). */
export function caseRefusal(startOn: Date, caseRow: CaseFacts, fields: Pick<PlacementFields, "caseId" | "startOn">): Refusal | null {
  if (caseRow.status !== "OPEN") {
    return { rule: "case-closed", reason: "The case is closed: only the person of an open case can be placed.", field: fields.caseId };
  }
  if (formatDate(startOn) < formatDate(caseRow.openedOn)) {
    return {
      rule: "before-case-opened",
      reason: `The placement cannot start before the case was opened (${formatDate(caseRow.openedOn)}).`,
      field: fields.startOn,
    };
  }
  return null;
}

/**
 * May the person of this case be placed in this place from `startOn` on, open-ended?
 * Intervals are half-open, so moving into a place the day its previous guest left is allowed.
 */
export function placementRefusal(startOn: Date, facts: PlacementFacts, fields: PlacementFields): Refusal | null {
  const start = formatDate(startOn);
  const refusal = caseRefusal(startOn, facts.caseRow, fields);
  if (refusal) return refusal;
  if (!facts.place.active || !facts.place.structureActive) {
    const what = facts.place.active ? "its structure is" : "it is";
    return { rule: "place-inactive", reason: `The place cannot take anyone: ${what} not active.`, field: fields.placeId };
  }
  const candidate: Interval = { startOn, endOn: null };
  const taken = overlapping(candidate, facts.placeBookings);
  if (taken.length > 0) {
    return {
      rule: "place-occupied",
      reason: `The place is occupied from ${start} on (held ${describe(taken[0]!)}).`,
      field: fields.placeId,
    };
  }
  const elsewhere = overlapping(candidate, facts.personBookings);
  if (elsewhere.length > 0) {
    return {
      rule: "case-already-placed",
      reason: `The person is already placed elsewhere (${describe(elsewhere[0]!)}): one person cannot be in two places at once.`,
      field: fields.caseId,
    };
  }
  return null;
}

/** Ending a placement: once, and on a day after it started (endOn is the day the person left). */
export function endPlacementRefusal(placement: Interval, endOn: Date, field: string): Refusal | null {
  if (placement.endOn !== null) {
    return {
      rule: "placement-already-ended",
      reason: `The placement already ended on ${formatDate(placement.endOn)}.`,
      field,
    };
  }
  if (formatDate(endOn) <= formatDate(placement.startOn)) {
    return {
      rule: "end-not-after-start",
      reason: `The placement must end after it started (${formatDate(placement.startOn)}).`,
      field,
    };
  }
  return null;
}

export interface MoveFields extends PlacementFields {
  /** The move date, the end of the old placement and the start of the new one. */
  on: string;
}

export interface CurrentPlacement extends Interval {
  id: string;
  placeId: string;
}

/**
 * A move (trasferimento interno) ends the current placement on `on` and starts the new one the
 * same day. The person must be placed now, somewhere else, since before `on`.
 */
export function moveRefusal(current: CurrentPlacement | null, toPlaceId: string, on: Date, fields: MoveFields): Refusal | null {
  if (!current) {
    return { rule: "case-not-placed", reason: "The person has no current placement to move from: use placePerson.", field: fields.caseId };
  }
  if (current.placeId === toPlaceId) {
    return { rule: "same-place", reason: "The person is already in this place.", field: fields.placeId };
  }
  return endPlacementRefusal(current, on, fields.on);
}

/** A placement still holds its place on `today` or later (nobody has left yet). */
export function holdsPlaceOnOrAfter(placement: Interval, today: Day): boolean {
  return placement.endOn === null || formatDate(placement.endOn) > formatDate(today);
}

/** A structure is taken out of service only when nobody lives there. */
export function structureDeactivationRefusal(placements: readonly Interval[], today: Day): Refusal | null {
  const residents = placements.filter((p) => holdsPlaceOnOrAfter(p, today)).length;
  if (residents === 0) return null;
  return {
    rule: "structure-has-residents",
    reason: `The structure cannot be deactivated: ${residents} ${residents === 1 ? "person is" : "people are"} placed there. End or move their placements first.`,
    field: "input.active",
  };
}

/** A place is taken out of service only when nobody is in it. */
export function placeDeactivationRefusal(placements: readonly Interval[], today: Day): Refusal | null {
  const current = placements.find((p) => holdsPlaceOnOrAfter(p, today));
  if (!current) return null;
  return {
    rule: "place-occupied",
    reason: `The place cannot be deactivated: it is occupied (${describe(current)}). End or move the placement first.`,
    field: "active",
  };
}

/**
 * A place held for an incoming transfer is promised to someone on their way: it stays in service
 * (and so does its structure) until they arrive, the transfer is cancelled or the hold expires.
 */
export function heldPlacesDeactivationRefusal(held: number, what: "place" | "structure"): Refusal | null {
  if (held === 0) return null;
  const until = "until the person arrives, the sending province cancels the transfer, or the hold expires";
  return what === "place"
    ? { rule: "place-held", reason: `The place cannot be deactivated: it is held for a person arriving by transfer, ${until}.`, field: "active" }
    : {
        rule: "structure-has-held-places",
        reason: `The structure cannot be deactivated: ${held} of its places ${held === 1 ? "is" : "are"} held for people arriving by transfer, ${until}.`,
        field: "input.active",
      };
}

function describe(interval: Interval): string {
  return interval.endOn === null
    ? `since ${formatDate(interval.startOn)}`
    : `from ${formatDate(interval.startOn)} to ${formatDate(interval.endOn)}`;
}
