import type { CasePhase, CaseStatus, ExitOutcome, IdentificationOutcome, Programme } from "@regional/schema";

/**
 * The lifecycle of a case (presa in carico) as pure rules. Every function takes the facts it needs,
 * dates as YYYY-MM-DD strings (which compare correctly as strings) and `today` from the clock, and
 * says either ok or which rule forbids the operation. The store calls them inside the transaction,
 * on rows it has just read and locked, so a concurrent request cannot slip between check and write.
 * `field` is relative to the mutation's `input` argument.
 */
export type Verdict = { ok: true } | Refusal;
export interface Refusal {
  ok: false;
  rule: string;
  reason: string;
  field?: string;
}

const OK: Verdict = { ok: true };
function refuse(rule: string, reason: string, field?: string): Refusal {
  return { ok: false, rule, reason, ...(field ? { field } : {}) };
}

/** What the rules need to know about a case. */
export interface CaseFacts {
  status: CaseStatus;
  openedOn: string;
  closedOn: string | null;
  phase: CasePhase;
  identification: IdentificationOutcome;
  identifiedOn: string | null;
  /** The day the current phase started (the last CasePhaseChange). */
  phaseSince: string;
}

/** What the rules need to know about one placement of the case (endOn exclusive, null while there). */
export interface PlacementFacts {
  id: string;
  startOn: string;
  endOn: string | null;
}

function notInFuture(on: string, today: string, field: string): Verdict {
  return on > today ? refuse("date-in-future", `${on} is in the future (today is ${today})`, field) : OK;
}

function mustBeOpen(c: CaseFacts): Verdict {
  return c.status === "OPEN" ? OK : refuse("case-closed", `the case was closed on ${c.closedOn}; it can no longer change`);
}

/** First refusal among the checks, in order; ok if none refuses. */
function first(...checks: (() => Verdict)[]): Verdict {
  for (const check of checks) {
    const verdict = check();
    if (!verdict.ok) return verdict;
  }
  return OK;
}

// ---------------------------------------------------------------------------------------------
// Opening (presa in carico)

export interface OpeningFacts {
  openedOn: string;
  birthDate: string | null;
  /** The person's other cases in this province. */
  personCases: { reference: string; status: CaseStatus; openedOn: string; closedOn: string | null }[];
}

/**
 * A case opens on a past or present day, not before the person was born, and never while the
 * person has another open case: one person, one path at a time. A backdated opening may not fall
 * inside an earlier case either (the two would overlap in the figures); opening on the day the
 * previous case closed is fine (a person who comes back the same day).
 */
export function canOpenCase(facts: OpeningFacts, today: string): Verdict {
  return first(
    () => notInFuture(facts.openedOn, today, "openedOn"),
    () =>
      facts.birthDate && facts.openedOn < facts.birthDate
        ? refuse("opened-before-birth", `the person was born on ${facts.birthDate}, after ${facts.openedOn}`, "openedOn")
        : OK,
    () => {
      const open = facts.personCases.find((c) => c.status === "OPEN");
      return open
        ? refuse("person-has-open-case", `the person already has an open case (${open.reference}); close it before opening another`, "personId")
        : OK;
    },
    () => {
      const overlapped = facts.personCases.find((c) => c.closedOn !== null && facts.openedOn < c.closedOn);
      return overlapped
        ? refuse(
            "overlaps-previous-case",
            `the person's case ${overlapped.reference} was open until ${overlapped.closedOn}; a new case cannot start before that`,
            "openedOn",
          )
        : OK;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Phases and programme

/**
 * The programme a phase belongs to: protection immediately after emersion is the art. 13
 * programme (L. 228/2003, emersione e prima assistenza); reception, semi-autonomy and territorial
 * care are the art. 18 programme (D.Lgs. 286/1998, assistenza e integrazione sociale). First
 * contact and identification belong to neither by themselves: null means "keep what the case has".
 */
export function programmeForPhase(phase: CasePhase): Programme | null {
  switch (phase) {
    case "IMMEDIATE_PROTECTION":
      return "ART_13";
    case "RESIDENTIAL_RECEPTION":
    case "SEMI_AUTONOMY":
    case "TERRITORIAL_CARE":
      return "ART_18";
    case "FIRST_CONTACT":
    case "IDENTIFICATION":
      return null;
  }
}

/**
 * The programme after entering `phase`: an explicit choice wins (undefined = no choice; null =
 * explicitly none), otherwise the phase decides, otherwise the case keeps its programme.
 */
export function programmeAfterMove(current: Programme | null, phase: CasePhase, explicit?: Programme | null): Programme | null {
  if (explicit !== undefined) return explicit;
  return programmeForPhase(phase) ?? current;
}

/**
 * Phases need not follow the numbered order (a person may go from identification straight to
 * territorial care, or back from semi-autonomy to a community), but each change is a real change,
 * on an open case, dated between the start of the current phase and today.
 */
export function canMoveToPhase(c: CaseFacts, phase: CasePhase, on: string, today: string): Verdict {
  return first(
    () => mustBeOpen(c),
    () => notInFuture(on, today, "on"),
    () => (on < c.openedOn ? refuse("phase-date-before-opening", `the case opened on ${c.openedOn}, after ${on}`, "on") : OK),
    () =>
      on < c.phaseSince
        ? refuse("phase-date-before-previous-phase", `the current phase (${c.phase}) started on ${c.phaseSince}, after ${on}`, "on")
        : OK,
    () => (phase === c.phase ? refuse("same-phase", `the case is already in ${phase}`, "phase") : OK),
  );
}

/** Changing the programme by hand is bookkeeping on an open case. */
export function canSetProgramme(c: CaseFacts): Verdict {
  return mustBeOpen(c);
}

/** Referral, protection status and exploitation types are corrected while the case is open. */
export function canUpdateDetails(c: CaseFacts): Verdict {
  return mustBeOpen(c);
}

// ---------------------------------------------------------------------------------------------
// Identification

/**
 * The outcome of identification (after the colloqui) is decided once, from PENDING, on an open
 * case, not before it opened and not in the future. It is not bound to the last phase change:
 * the outcome is often recorded after the person has already been moved on to protection.
 */
export function canRecordIdentification(c: CaseFacts, outcome: IdentificationOutcome, on: string, today: string): Verdict {
  return first(
    () => (outcome === "PENDING" ? refuse("identification-outcome-pending", "PENDING is not an outcome", "outcome") : OK),
    () => mustBeOpen(c),
    () =>
      c.identification !== "PENDING"
        ? refuse("identification-already-decided", `the identification was already decided (${c.identification} on ${c.identifiedOn})`, "outcome")
        : OK,
    () => notInFuture(on, today, "on"),
    () => (on < c.openedOn ? refuse("identification-date-before-opening", `the case opened on ${c.openedOn}, after ${on}`, "on") : OK),
  );
}

// ---------------------------------------------------------------------------------------------
// Closing (exit)

/**
 * What closing does to the current placement (if any). Placement.endOn is the day the person
 * left (exclusive) and must be after startOn (a CHECK in the database), so:
 *  - a current placement that started before the closing day ends on the closing day;
 *  - one that started ON the closing day would become an empty stay: refused
 *    (`placement-starts-on-closing-day`) rather than deleting or stretching another module's
 *    record; the caseworker corrects the placement (or the closing date) first;
 *  - one that started after the closing day, or an ended one that ended after it, means the
 *    person was placed under this case after it closed: refused too.
 */
export function placementOnClosing(placements: PlacementFacts[], on: string): Verdict & { end?: PlacementFacts } {
  const current = placements.find((p) => p.endOn === null);
  for (const p of placements) {
    if (p.startOn > on) {
      return refuse("close-date-before-placement-start", `a placement of this case starts on ${p.startOn}, after the closing day ${on}`, "on");
    }
    if (p.endOn !== null && p.endOn > on) {
      return refuse("close-date-before-placement-end", `a placement of this case ends on ${p.endOn}, after the closing day ${on}`, "on");
    }
  }
  if (current && current.startOn === on) {
    return refuse(
      "placement-starts-on-closing-day",
      `the current placement started on ${on}, the closing day: correct the placement or close on a later day`,
      "on",
    );
  }
  return current ? { ok: true, end: current } : OK;
}

/**
 * A case closes once, with an exit outcome, on a day not before anything recorded on it (opening,
 * last phase change, identification) and not in the future. TRANSFERRED is reserved to the
 * transfer workflow, which closes the case when the person arrives in the other province.
 * Leaving as NOT_IDENTIFIED contradicts a case whose person was identified.
 */
export function canClose(
  c: CaseFacts,
  close: { on: string; outcome: ExitOutcome },
  placements: PlacementFacts[],
  today: string,
  options: { byTransfer?: boolean } = {},
): Verdict & { endPlacement?: PlacementFacts } {
  const verdict = first(
    () => (c.status === "CLOSED" ? refuse("case-already-closed", `the case was already closed on ${c.closedOn}`) : OK),
    () =>
      close.outcome === "TRANSFERRED" && !options.byTransfer
        ? refuse("transfer-outcome-reserved", "a case is closed as TRANSFERRED only by the transfer workflow", "outcome")
        : OK,
    () => notInFuture(close.on, today, "on"),
    () => (close.on < c.openedOn ? refuse("close-date-before-opening", `the case opened on ${c.openedOn}, after ${close.on}`, "on") : OK),
    () =>
      close.on < c.phaseSince
        ? refuse("close-date-before-previous-phase", `the current phase (${c.phase}) started on ${c.phaseSince}, after ${close.on}`, "on")
        : OK,
    () =>
      c.identifiedOn !== null && close.on < c.identifiedOn
        ? refuse("close-date-before-identification", `the identification outcome was recorded on ${c.identifiedOn}, after ${close.on}`, "on")
        : OK,
    () =>
      close.outcome === "NOT_IDENTIFIED" && c.identification === "IDENTIFIED"
        ? refuse("exit-contradicts-identification", "the person was identified as a victim; choose another exit outcome", "outcome")
        : OK,
  );
  if (!verdict.ok) return verdict;
  const placement = placementOnClosing(placements, close.on);
  if (!placement.ok) return placement;
  return placement.end ? { ok: true, endPlacement: placement.end } : OK;
}

// ---------------------------------------------------------------------------------------------
// The person's birth date, after cases exist

/**
 * A birth date is often learned or corrected after the case opened; the age band fixed at
 * opening is then recomputed (it is derived data). It cannot move after the opening of a case.
 */
export function canChangeBirthDate(birthDate: string | null, cases: { reference: string; openedOn: string }[]): Verdict {
  if (birthDate === null) return OK;
  const earlier = cases.find((c) => c.openedOn < birthDate);
  return earlier
    ? refuse("birth-date-after-case-opened", `the person's case ${earlier.reference} opened on ${earlier.openedOn}, before ${birthDate}`, "birthDate")
    : OK;
}
