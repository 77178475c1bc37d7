import { formatDate, isoDate, toDbDate, zEnum, type CaseStatus, type ConsentKind, type LegalEventKind, type PermitType } from "@regional/schema";
import { z } from "zod";

/**
 * The rules of casework: consents, interviews (colloqui), services delivered and legal events.
 * Plain functions over plain facts, so the store can re-check them inside its transaction and
 * the tests need no database. A rule that fails returns a Refusal naming it; the caller turns it
 * into an ILLEGAL_OPERATION error.
 */

export interface Refusal {
  /** Stable name clients can react to. */
  rule: string;
  reason: string;
  /** The input field to point at, as a path from the argument (e.g. "input.heldOn"). */
  field?: string;
}

/** What the rules need to know of a case; read by the casework store itself. */
export interface CaseFacts {
  id: string;
  personId: string;
  status: CaseStatus;
  openedOn: Date;
  closedOn: Date | null;
}

export interface ConsentFacts {
  kind: ConsentKind;
  givenOn: Date;
  revokedOn: Date | null;
}

export interface InterviewFacts {
  sequence: number;
  heldOn: Date;
}

export interface LegalEventFacts {
  kind: LegalEventKind;
  occurredOn: Date;
  permitType: PermitType | null;
}

/** Colloqui per case: the programme's identification path allows one to five. */
export const MAX_INTERVIEWS = 5;

/** Older dates are typing mistakes (a consent or a permit of the 1800s). */
const EARLIEST_DATE = "1900-01-01";

const PERMIT_KINDS: readonly LegalEventKind[] = ["PERMIT_REQUESTED", "PERMIT_GRANTED", "PERMIT_DENIED", "PERMIT_RENEWED"];

export function isPermitKind(kind: LegalEventKind): boolean {
  return PERMIT_KINDS.includes(kind);
}

// ---------------------------------------------------------------------------------------------
// Input schemas

/** A date of something that already happened: real, not before 1900, not after today. */
function pastDate(today: string) {
  return isoDate
    .refine((d) => d >= EARLIEST_DATE, "cannot be before 1900")
    .refine((d) => d <= today, "cannot be in the future")
    .transform(toDbDate);
}

const id = z.uuid("is not a valid id");

/** Free text: trimmed; empty means absent. */
function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `must have at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));
}

export function recordConsentInput(today: string) {
  return z.object({
    personId: id,
    caseId: id.nullish().transform((v) => v ?? null),
    kind: zEnum("ConsentKind"),
    givenOn: pastDate(today),
    note: optionalText(2000),
  });
}

export function revokeConsentInput(today: string) {
  return z.object({
    consentId: id,
    on: pastDate(today),
  });
}

export function recordInterviewInput(today: string) {
  return z
    .object({
      caseId: id,
      heldOn: pastDate(today),
      withMediator: z.boolean(),
      mediatorLanguage: optionalText(60),
      indicatorsFound: z.number().int("must be a whole number").min(0, "cannot be negative").max(100, "is implausibly large"),
      reportToCommissione: z.boolean(),
      notes: optionalText(10_000),
    })
    .superRefine((v, ctx) => {
      // The mediator's language is what later tells whether the person could speak freely.
      if (v.withMediator && !v.mediatorLanguage) {
        ctx.addIssue({ code: "custom", path: ["mediatorLanguage"], message: "is required when a cultural mediator took part" });
      }
      if (!v.withMediator && v.mediatorLanguage) {
        ctx.addIssue({ code: "custom", path: ["mediatorLanguage"], message: "only applies when a cultural mediator took part" });
      }
    });
}

export function recordServiceInput(today: string) {
  return z.object({
    caseId: id,
    kind: zEnum("ServiceKind"),
    deliveredOn: pastDate(today),
    note: optionalText(2000),
  });
}

export function recordLegalEventInput(today: string) {
  return z
    .object({
      caseId: id,
      kind: zEnum("LegalEventKind"),
      occurredOn: pastDate(today),
      permitType: zEnum("PermitType")
        .nullish()
        .transform((v) => v ?? null),
      note: optionalText(2000),
    })
    .superRefine((v, ctx) => {
      if (isPermitKind(v.kind) && !v.permitType) {
        ctx.addIssue({ code: "custom", path: ["permitType"], message: `is required for ${v.kind}` });
      }
      if (!isPermitKind(v.kind) && v.permitType) {
        ctx.addIssue({ code: "custom", path: ["permitType"], message: `only applies to permit events, not to ${v.kind}` });
      }
    });
}

export const legalEventFilter = z
  .object({
    from: isoDate.transform(toDbDate).nullish(),
    to: isoDate.transform(toDbDate).nullish(),
    kind: zEnum("LegalEventKind").nullish(),
    permitType: zEnum("PermitType").nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be before from", path: ["to"] })
  .transform((f) => ({
    from: f.from ?? undefined,
    to: f.to ?? undefined,
    kind: f.kind ?? undefined,
    permitType: f.permitType ?? undefined,
  }));

// ---------------------------------------------------------------------------------------------
// Consents

/** A consent recorded within a case must be the consent of that case's person. */
export function checkConsentCase(kase: CaseFacts, personId: string): Refusal | null {
  if (kase.personId === personId) return null;
  return { rule: "consent-case-of-another-person", reason: "The case belongs to another person", field: "input.caseId" };
}

/** One unrevoked consent per person and kind: a second one would make revocation ambiguous. */
export function checkNewConsent(existing: readonly ConsentFacts[], kind: ConsentKind): Refusal | null {
  const active = existing.find((c) => c.kind === kind && c.revokedOn === null);
  if (!active) return null;
  return {
    rule: "consent-already-active",
    reason: `The person already has an active ${kind} consent given on ${formatDate(active.givenOn)}; revoke it first`,
    field: "input.kind",
  };
}

export function checkRevocation(consent: ConsentFacts, on: Date): Refusal | null {
  if (consent.revokedOn !== null) {
    return { rule: "consent-already-revoked", reason: `The consent was already revoked on ${formatDate(consent.revokedOn)}` };
  }
  if (on < consent.givenOn) {
    return {
      rule: "revocation-before-consent",
      reason: `A consent given on ${formatDate(consent.givenOn)} cannot be revoked before that day`,
      field: "input.on",
    };
  }
  return null;
}

/**
 * Whether the person had a consent of this kind in force on a day: given on or before it and not
 * revoked by then (a consent revoked on a day no longer holds on that day).
 */
export function hasActiveConsent(consents: readonly ConsentFacts[], kind: ConsentKind, on: Date | string): boolean {
  const day = formatDate(on);
  return consents.some(
    (c) => c.kind === kind && formatDate(c.givenOn) <= day && (c.revokedOn === null || formatDate(c.revokedOn) > day),
  );
}

// ---------------------------------------------------------------------------------------------
// Case-scoped records

function checkOpen(kase: CaseFacts): Refusal | null {
  if (kase.status === "OPEN") return null;
  return { rule: "case-closed", reason: `The case was closed on ${formatDate(kase.closedOn!)}`, field: "input.caseId" };
}

function checkNotBeforeOpening(kase: CaseFacts, on: Date, rule: string, field: string): Refusal | null {
  if (on >= kase.openedOn) return null;
  return { rule, reason: `The case was opened on ${formatDate(kase.openedOn)}`, field };
}

/**
 * A new interview: the case is open, fewer than five interviews so far, held not before the
 * opening nor before the previous interview. Returns the sequence number it gets.
 */
export function checkInterview(
  kase: CaseFacts,
  previous: readonly InterviewFacts[],
  heldOn: Date,
): { refusal: Refusal; sequence?: never } | { refusal?: never; sequence: number } {
  const open = checkOpen(kase);
  if (open) return { refusal: open };
  if (previous.length >= MAX_INTERVIEWS) {
    return { refusal: { rule: "interview-limit-reached", reason: `A case has at most ${MAX_INTERVIEWS} interviews` } };
  }
  const early = checkNotBeforeOpening(kase, heldOn, "interview-before-case-opening", "input.heldOn");
  if (early) return { refusal: early };
  const last = previous.reduce<InterviewFacts | null>((a, b) => (a === null || b.sequence > a.sequence ? b : a), null);
  if (last && heldOn < last.heldOn) {
    return {
      refusal: {
        rule: "interview-before-previous",
        reason: `Interview ${last.sequence} was held on ${formatDate(last.heldOn)}; a later interview cannot be held before it`,
        field: "input.heldOn",
      },
    };
  }
  return { sequence: (last?.sequence ?? 0) + 1 };
}

/** A service is delivered while the case is open: after opening, and not after closing. */
export function checkService(kase: CaseFacts, deliveredOn: Date): Refusal | null {
  const early = checkNotBeforeOpening(kase, deliveredOn, "service-before-case-opening", "input.deliveredOn");
  if (early) return early;
  if (kase.closedOn && deliveredOn > kase.closedOn) {
    return {
      rule: "service-after-case-closing",
      reason: `The case was closed on ${formatDate(kase.closedOn)}`,
      field: "input.deliveredOn",
    };
  }
  return null;
}

/** Same-day order of a permit's events: the request (or renewal) comes before the decision. */
const SAME_DAY_ORDER: Record<LegalEventKind, number> = {
  COMPLAINT_FILED: 0,
  ASYLUM_APPLICATION: 0,
  COMMISSIONE_REPORT_SENT: 0,
  PERMIT_REQUESTED: 0,
  PERMIT_RENEWED: 0,
  PERMIT_DENIED: 1,
  PERMIT_GRANTED: 1,
};

/**
 * Permit events of a case follow the Questura's path: a permit is decided (granted or denied)
 * only after it was requested, the same day at the earliest; once granted, it is granted again
 * only after a renewal (or a new request) — two grants in a row are a double entry.
 */
export function checkLegalEvent(existing: readonly LegalEventFacts[], event: LegalEventFacts): Refusal | null {
  if (!event.permitType || (event.kind !== "PERMIT_GRANTED" && event.kind !== "PERMIT_DENIED")) return null;
  const type = event.permitType;
  const sameType = existing.filter((e) => e.permitType === type);
  const requested = sameType.some((e) => e.kind === "PERMIT_REQUESTED" && e.occurredOn <= event.occurredOn);
  if (!requested) {
    return {
      rule: "permit-not-requested",
      reason: `No ${type} permit request was recorded on or before ${formatDate(event.occurredOn)}`,
      field: "input.permitType",
    };
  }
  if (event.kind !== "PERMIT_GRANTED") return null;
  // Walk the permit's history in order with the new grant in place; only a conflict that
  // involves the new grant counts, so an odd history recorded earlier does not block new work.
  const timeline = [...sameType.map((e) => ({ ...e, isNew: false })), { ...event, isNew: true }].sort(
    (a, b) => a.occurredOn.getTime() - b.occurredOn.getTime() || SAME_DAY_ORDER[a.kind] - SAME_DAY_ORDER[b.kind] || Number(a.isNew) - Number(b.isNew),
  );
  let lastGrant: (typeof timeline)[number] | null = null;
  for (const e of timeline) {
    if (e.kind === "PERMIT_REQUESTED" || e.kind === "PERMIT_RENEWED") lastGrant = null;
    if (e.kind !== "PERMIT_GRANTED") continue;
    if (lastGrant && (lastGrant.isNew || e.isNew)) {
      const other = lastGrant.isNew ? e : lastGrant;
      return {
        rule: "permit-already-granted",
        reason: `A ${type} permit was already granted on ${formatDate(other.occurredOn)}; record a renewal (PERMIT_RENEWED) or a new request first`,
        field: "input.kind",
      };
    }
    lastGrant = e;
  }
  return null;
}
