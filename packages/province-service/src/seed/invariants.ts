import type { CasePhase } from "@regional/schema";
import { ageAtOpening } from "../cases/age.ts";
import { isKnownCitizenship } from "../cases/citizenship.ts";
import { dateToDay, dayToIso, parseDay, type Day } from "./dates.ts";
import type { DemoDataset } from "./generate.ts";
import { LANGUAGES } from "./vocab.ts";

/**
 * The consistency rules the demo data keeps, checked over whole tables. Returns the violations
 * (empty when all hold). Used on the generated dataset and on the rows read back from a seeded
 * database, so it checks what was stored, not only what was meant.
 */
export type SeedTables = Omit<DemoDataset, "allocation">;

const ORDER: readonly CasePhase[] = [
  "FIRST_CONTACT",
  "IDENTIFICATION",
  "IMMEDIATE_PROTECTION",
  "RESIDENTIAL_RECEPTION",
  "SEMI_AUTONOMY",
  "TERRITORIAL_CARE",
];
const RESIDENTIAL = new Set<CasePhase>(["IMMEDIATE_PROTECTION", "RESIDENTIAL_RECEPTION", "SEMI_AUTONOMY"]);

function day(d: Date): Day {
  return dateToDay(d);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function checkSeedInvariants(data: SeedTables, todayIso: string): string[] {
  const today = parseDay(todayIso);
  const errors: string[] = [];
  const fail = (message: string) => {
    if (errors.length < 50) errors.push(message);
  };
  const persons = new Map(data.persons.map((p) => [p.id, p]));
  const phasesByCase = groupBy(data.phaseChanges, (p) => p.caseId);
  const interviewsByCase = groupBy(data.interviews, (i) => i.caseId);
  const placementsByCase = groupBy(data.placements, (p) => p.caseId);
  const placementsByPlace = groupBy(data.placements, (p) => p.placeId);
  const places = new Map(data.places.map((p) => [p.id, p]));
  const cases = new Map(data.cases.map((c) => [c.id, c]));

  // Unique ids and references.
  for (const [name, rows] of Object.entries(data)) {
    if (!Array.isArray(rows)) continue;
    const ids = (rows as { id?: string }[]).map((r) => r.id).filter((id) => id !== undefined);
    if (new Set(ids).size !== ids.length) fail(`${name}: duplicate ids`);
  }
  if (new Set(data.cases.map((c) => c.reference)).size !== data.cases.length) fail("cases: duplicate references");
  if (new Set(data.structures.map((s) => s.name)).size !== data.structures.length) fail("structures: duplicate names");

  for (const c of data.cases) {
    const ref = c.reference;
    const opened = day(c.openedOn);
    const closed = c.closedOn ? day(c.closedOn) : null;
    const until = closed ?? today;
    const person = persons.get(c.personId);
    if (!person) fail(`${ref}: no person`);
    if (opened > today) fail(`${ref}: opened after today`);
    if (c.exitOutcome === "TRANSFERRED") fail(`${ref}: TRANSFERRED is left to the transfer workflow`);
    if (person && !isKnownCitizenship(person.citizenship)) fail(`${ref}: unknown citizenship ${person.citizenship}`);
    if (person?.birthDate && day(person.birthDate) > opened) fail(`${ref}: opened before the person was born`);

    // Phase history: one change per phase gone through, in path order, dates strictly increasing.
    const phases = [...(phasesByCase.get(c.id) ?? [])].sort((a, b) => day(a.startedOn) - day(b.startedOn));
    if (phases.length === 0) {
      fail(`${ref}: no phase history`);
      continue;
    }
    if (day(phases[0]!.startedOn) !== opened) fail(`${ref}: history does not start on openedOn`);
    for (let i = 1; i < phases.length; i++) {
      if (day(phases[i]!.startedOn) <= day(phases[i - 1]!.startedOn)) fail(`${ref}: two phase changes on one day or out of order`);
      if (ORDER.indexOf(phases[i]!.phase) <= ORDER.indexOf(phases[i - 1]!.phase)) fail(`${ref}: phases not in path order`);
    }
    const last = phases[phases.length - 1]!;
    if (last.phase !== c.phase) fail(`${ref}: Case.phase ${c.phase} is not the last change ${last.phase}`);
    if (day(last.startedOn) > today) fail(`${ref}: phase starts after today`);

    // Closing.
    if ((c.status === "CLOSED") !== (closed !== null) || (closed !== null) !== (c.exitOutcome !== null)) fail(`${ref}: status/closedOn/exitOutcome disagree`);
    if (closed !== null && (closed <= day(last.startedOn) || closed > today)) fail(`${ref}: closedOn not after the last phase start or after today`);

    // Identification.
    const reached = new Set(phases.map((p) => p.phase));
    const protectedPhase = phases.find((p) => RESIDENTIAL.has(p.phase) || p.phase === "TERRITORIAL_CARE");
    if ((c.identification === "IDENTIFIED") !== (c.identifiedOn !== null)) fail(`${ref}: identifiedOn without IDENTIFIED or the reverse`);
    if (protectedPhase && c.identification !== "IDENTIFIED") fail(`${ref}: protected but not identified`);
    if (c.identifiedOn) {
      const idDay = day(c.identifiedOn);
      if (idDay < opened || idDay > until) fail(`${ref}: identifiedOn outside the case`);
      if (protectedPhase && idDay > day(protectedPhase.startedOn)) fail(`${ref}: identified after entering protection`);
    }
    if ((c.identification === "NOT_IDENTIFIED") !== (c.exitOutcome === "NOT_IDENTIFIED")) fail(`${ref}: NOT_IDENTIFIED outcome and identification disagree`);

    // Programme follows the phase.
    const programme = c.phase === "IMMEDIATE_PROTECTION" ? "ART_13" : RESIDENTIAL.has(c.phase) || c.phase === "TERRITORIAL_CARE" ? "ART_18" : null;
    if (c.programme !== programme) fail(`${ref}: programme ${c.programme} for phase ${c.phase}`);

    // Age band from the birth date at opening.
    if (person) {
      const expected = ageAtOpening(person.birthDate ? dayToIso(day(person.birthDate)) : null, dayToIso(opened));
      if (c.ageBand !== expected.ageBand || c.minorAtOpening !== expected.minorAtOpening) fail(`${ref}: age band ${c.ageBand} / minor ${c.minorAtOpening} not ${expected.ageBand}`);
    }
    if (c.minorAtOpening !== (c.ageBand === "AGE_0_17")) fail(`${ref}: minor flag does not match the band`);

    // Interviews: 1..n, in the identification phase, dated in order.
    const interviews = [...(interviewsByCase.get(c.id) ?? [])].sort((a, b) => a.sequence - b.sequence);
    if (interviews.length > 0) {
      const idPhase = phases.findIndex((p) => p.phase === "IDENTIFICATION");
      if (idPhase < 0 || !reached.has("IDENTIFICATION")) fail(`${ref}: interviews without identification`);
      else {
        const from = day(phases[idPhase]!.startedOn);
        const to = phases[idPhase + 1] ? day(phases[idPhase + 1]!.startedOn) : until;
        interviews.forEach((iv, i) => {
          if (iv.sequence !== i + 1) fail(`${ref}: interview sequence not 1..n`);
          const d = day(iv.heldOn);
          if (d < from || d > to) fail(`${ref}: interview outside the identification phase`);
          if (i > 0 && d <= day(interviews[i - 1]!.heldOn)) fail(`${ref}: interviews not in date order`);
          if (iv.withMediator !== (iv.mediatorLanguage !== null)) fail(`${ref}: mediator language without mediator or the reverse`);
          if (person && iv.mediatorLanguage && !LANGUAGES[person.citizenship]?.some(([l]) => l === iv.mediatorLanguage)) {
            fail(`${ref}: mediator language ${iv.mediatorLanguage} for ${person.citizenship}`);
          }
        });
        if (interviews.length > 5) fail(`${ref}: more than five interviews`);
      }
    }

    // Placements: only in residential phases, current only while open in one.
    const own = placementsByCase.get(c.id) ?? [];
    const current = own.filter((p) => p.endOn === null);
    if (current.length > 1) fail(`${ref}: two current placements`);
    if (current.length === 1 && (c.status !== "OPEN" || !RESIDENTIAL.has(c.phase))) fail(`${ref}: current placement but not open in a residential phase`);
    if (c.status === "OPEN" && RESIDENTIAL.has(c.phase) && current.length === 0) fail(`${ref}: open in ${c.phase} without a current placement`);
    for (const p of own) {
      const s = day(p.startOn);
      if (s < opened || (p.endOn && day(p.endOn) > until)) fail(`${ref}: placement outside the case`);
      const place = places.get(p.placeId);
      if (place && person) {
        const ok =
          place.target === "MINORS"
            ? c.minorAtOpening
            : place.target === "MEN"
              ? person.gender === "MAN" && !c.minorAtOpening
              : place.target === "TRANS"
                ? person.gender === "TRANS_NON_BINARY" && !c.minorAtOpening
                : person.gender === "WOMAN" && !c.minorAtOpening;
        if (!ok) fail(`${ref}: placed in a ${place.target} place`);
      }
    }
    if (hasOverlap(own)) fail(`${ref}: overlapping placements`);
    const inOrder = [...own].sort((a, b) => day(a.startOn) - day(b.startOn));
    for (let i = 1; i < inOrder.length; i++) {
      const before = inOrder[i - 1]!;
      if (before.placeId === inOrder[i]!.placeId && before.endOn && day(before.endOn) === day(inOrder[i]!.startOn)) {
        fail(`${ref}: "moved" into the place she was already in`);
      }
    }
  }

  for (const p of data.placements) {
    if (p.endOn && day(p.endOn) <= day(p.startOn)) fail(`placement ${p.id}: endOn not after startOn`);
    if (day(p.startOn) > today || (p.endOn && day(p.endOn) > today)) fail(`placement ${p.id}: after today`);
    if (!cases.has(p.caseId) || !places.has(p.placeId)) fail(`placement ${p.id}: dangling reference`);
  }
  for (const [placeId, rows] of placementsByPlace) {
    if (hasOverlap(rows)) fail(`place ${placeId}: overlapping placements`);
    if (rows.filter((r) => r.endOn === null).length > 1) fail(`place ${placeId}: two current placements`);
  }

  // Dated records stay inside their case and before today.
  const inCase = (caseId: string, d: Date, what: string) => {
    const c = cases.get(caseId);
    if (!c) return fail(`${what}: dangling case`);
    const x = day(d);
    if (x < day(c.openedOn) || x > (c.closedOn ? day(c.closedOn) : today)) fail(`${c.reference}: ${what} outside the case`);
  };
  for (const s of data.services) inCase(s.caseId, s.deliveredOn, `service ${s.kind}`);
  for (const e of data.legalEvents) inCase(e.caseId, e.occurredOn, `legal event ${e.kind}`);
  for (const c of data.consents) {
    inCase(c.caseId, c.givenOn, `consent ${c.kind}`);
    if (c.revokedOn && (day(c.revokedOn) < day(c.givenOn) || day(c.revokedOn) > today)) fail(`consent ${c.id}: revokedOn out of range`);
    if (cases.get(c.caseId)?.personId !== c.personId) fail(`consent ${c.id}: person and case disagree`);
  }

  for (const o of data.outings) {
    if (o.newContacts > o.contacts || o.contacts < 0 || o.newContacts < 0 || o.accompaniments < 0 || o.operators < 1) fail(`outing ${o.id}: counts`);
    if (day(o.heldOn) > today) fail(`outing ${o.id}: after today`);
  }
  for (const m of data.materials) if (m.quantity <= 0) fail(`material of ${m.outingId}: quantity ${m.quantity}`);
  for (const t of data.trainingEvents) {
    if (t.participants < 0 || day(t.heldOn) > today) fail(`training ${t.id}: participants or date`);
  }
  return errors;
}

function hasOverlap(rows: readonly { startOn: Date; endOn: Date | null }[]): boolean {
  const sorted = [...rows].sort((a, b) => day(a.startOn) - day(b.startOn));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    if (prev.endOn === null || day(prev.endOn) > day(sorted[i]!.startOn)) return true;
  }
  return false;
}
