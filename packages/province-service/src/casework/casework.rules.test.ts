import { toDbDate } from "@regional/schema";
import { describe, expect, it } from "vitest";
import {
  checkConsentCase,
  checkInterview,
  checkLegalEvent,
  checkNewConsent,
  checkRevocation,
  checkService,
  hasActiveConsent,
  legalEventFilter,
  recordConsentInput,
  recordInterviewInput,
  recordLegalEventInput,
  recordServiceInput,
  revokeConsentInput,
  type CaseFacts,
  type ConsentFacts,
  type LegalEventFacts,
} from "./casework.rules.ts";

const TODAY = "2026-11-22";
const d = toDbDate;
const PERSON = "6f1c2a3e-8b7d-4c5e-9f0a-1b2c3d4e5f60";
const OTHER_PERSON = "7a1c2a3e-8b7d-4c5e-9f0a-1b2c3d4e5f61";
const CASE = "8b1c2a3e-8b7d-4c5e-9f0a-1b2c3d4e5f62";

const openCase: CaseFacts = { id: CASE, personId: PERSON, status: "OPEN", openedOn: d("2026-03-01"), closedOn: null };
const closedCase: CaseFacts = { ...openCase, status: "CLOSED", closedOn: d("2026-09-30") };

/** The first issue of a failed parse: where and why. */
function firstIssue(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  const issue = result.error!.issues[0]!;
  return { path: issue.path.join("."), message: issue.message };
}

describe("recordConsentInput", () => {
  const schema = recordConsentInput(TODAY);
  const valid = { personId: PERSON, kind: "DATA_PROCESSING", givenOn: "2026-03-01" };

  it("accepts a consent without a case and turns its date into a database date", () => {
    const parsed = schema.parse({ ...valid, note: "  " });
    expect(parsed).toEqual({ personId: PERSON, caseId: null, kind: "DATA_PROCESSING", givenOn: d("2026-03-01"), note: null });
  });

  it("accepts today as the date", () => {
    expect(schema.parse({ ...valid, givenOn: TODAY, caseId: CASE }).caseId).toBe(CASE);
  });

  it.each([
    ["givenOn", { givenOn: "2026-11-23" }, /future/],
    ["givenOn", { givenOn: "1899-12-31" }, /1900/],
    ["givenOn", { givenOn: "2026-02-30" }, /calendar/],
    ["personId", { personId: "p-1" }, /id/],
    ["caseId", { caseId: "nope" }, /id/],
    ["kind", { kind: "EVERYTHING" }, /./],
    ["note", { note: "x".repeat(2001) }, /at most/],
  ])("refuses a bad %s", (field, patch, reason) => {
    const issue = firstIssue(schema.safeParse({ ...valid, ...patch }));
    expect(issue.path).toBe(field);
    expect(issue.message).toMatch(reason);
  });
});

describe("revokeConsentInput", () => {
  it("refuses a revocation in the future", () => {
    const issue = firstIssue(revokeConsentInput(TODAY).safeParse({ consentId: PERSON, on: "2027-01-01" }));
    expect(issue).toEqual({ path: "on", message: "cannot be in the future" });
  });
});

describe("recordInterviewInput", () => {
  const schema = recordInterviewInput(TODAY);
  const valid = { caseId: CASE, heldOn: "2026-04-01", withMediator: true, mediatorLanguage: "Edo", indicatorsFound: 3, reportToCommissione: false };

  it("accepts an interview with a mediator", () => {
    expect(schema.parse(valid)).toEqual({ ...valid, heldOn: d("2026-04-01"), notes: null });
  });

  it("accepts an interview without a mediator and without a language", () => {
    expect(schema.parse({ ...valid, withMediator: false, mediatorLanguage: null }).mediatorLanguage).toBeNull();
  });

  it.each([
    ["mediatorLanguage", { mediatorLanguage: null }, /required/],
    ["mediatorLanguage", { mediatorLanguage: "   " }, /required/],
    ["mediatorLanguage", { withMediator: false }, /only applies/],
    ["indicatorsFound", { indicatorsFound: -1 }, /negative/],
    ["indicatorsFound", { indicatorsFound: 1.5 }, /whole/],
    ["heldOn", { heldOn: "2026-12-01" }, /future/],
  ])("refuses a bad %s", (field, patch, reason) => {
    const issue = firstIssue(schema.safeParse({ ...valid, ...patch }));
    expect(issue.path).toBe(field);
    expect(issue.message).toMatch(reason);
  });
});

describe("recordServiceInput", () => {
  it("refuses an unknown kind and a future date", () => {
    const schema = recordServiceInput(TODAY);
    expect(firstIssue(schema.safeParse({ caseId: CASE, kind: "MAGIC", deliveredOn: "2026-04-01" })).path).toBe("kind");
    expect(firstIssue(schema.safeParse({ caseId: CASE, kind: "LEGAL", deliveredOn: "2026-11-23" })).path).toBe("deliveredOn");
  });
});

describe("recordLegalEventInput", () => {
  const schema = recordLegalEventInput(TODAY);

  it.each(["PERMIT_REQUESTED", "PERMIT_GRANTED", "PERMIT_DENIED", "PERMIT_RENEWED"])("requires a permit type for %s", (kind) => {
    const issue = firstIssue(schema.safeParse({ caseId: CASE, kind, occurredOn: "2026-05-01" }));
    expect(issue.path).toBe("permitType");
    expect(issue.message).toMatch(/required/);
    expect(schema.parse({ caseId: CASE, kind, occurredOn: "2026-05-01", permitType: "ART_18" }).permitType).toBe("ART_18");
  });

  it.each(["COMPLAINT_FILED", "ASYLUM_APPLICATION", "COMMISSIONE_REPORT_SENT"])("forbids a permit type for %s", (kind) => {
    const issue = firstIssue(schema.safeParse({ caseId: CASE, kind, occurredOn: "2026-05-01", permitType: "ART_18" }));
    expect(issue.path).toBe("permitType");
    expect(issue.message).toMatch(/only applies/);
    expect(schema.parse({ caseId: CASE, kind, occurredOn: "2026-05-01" }).permitType).toBeNull();
  });
});

describe("legalEventFilter", () => {
  it("refuses a period that ends before it starts", () => {
    expect(firstIssue(legalEventFilter.safeParse({ from: "2026-02-01", to: "2026-01-01" })).path).toBe("to");
  });
  it("drops absent criteria", () => {
    expect(legalEventFilter.parse({ kind: null, permitType: "ART_18" })).toEqual({
      from: undefined,
      to: undefined,
      kind: undefined,
      permitType: "ART_18",
    });
  });
});

describe("consents", () => {
  const given: ConsentFacts = { kind: "TRANSFER_TO_PROVINCE", givenOn: d("2026-03-01"), revokedOn: null };
  const revoked: ConsentFacts = { kind: "SHARE_WITH_CAS", givenOn: d("2026-03-01"), revokedOn: d("2026-05-10") };

  it("refuses a case of another person", () => {
    expect(checkConsentCase(openCase, PERSON)).toBeNull();
    expect(checkConsentCase(openCase, OTHER_PERSON)).toMatchObject({ rule: "consent-case-of-another-person", field: "input.caseId" });
  });

  it("refuses a second active consent of the same kind, not of another kind nor after a revocation", () => {
    expect(checkNewConsent([given, revoked], "TRANSFER_TO_PROVINCE")).toMatchObject({ rule: "consent-already-active", field: "input.kind" });
    expect(checkNewConsent([given, revoked], "SHARE_WITH_CAS")).toBeNull();
    expect(checkNewConsent([given, revoked], "DATA_PROCESSING")).toBeNull();
    expect(checkNewConsent([], "DATA_PROCESSING")).toBeNull();
  });

  it("revokes an active consent on or after the day it was given", () => {
    expect(checkRevocation(given, d("2026-03-01"))).toBeNull();
    expect(checkRevocation(given, d("2026-06-01"))).toBeNull();
  });

  it("refuses revoking twice, and revoking before the consent was given", () => {
    expect(checkRevocation(revoked, d("2026-06-01"))).toMatchObject({ rule: "consent-already-revoked" });
    expect(checkRevocation(given, d("2026-02-28"))).toMatchObject({ rule: "revocation-before-consent", field: "input.on" });
  });

  it.each([
    ["TRANSFER_TO_PROVINCE", "2026-02-28", false],
    ["TRANSFER_TO_PROVINCE", "2026-03-01", true],
    ["TRANSFER_TO_PROVINCE", "2030-01-01", true],
    ["SHARE_WITH_CAS", "2026-05-09", true],
    ["SHARE_WITH_CAS", "2026-05-10", false],
    ["SHARE_WITH_CAS", "2026-06-01", false],
    ["DATA_PROCESSING", "2026-04-01", false],
  ] as const)("hasActiveConsent(%s, %s) is %s", (kind, on, expected) => {
    expect(hasActiveConsent([given, revoked], kind, on)).toBe(expected);
    expect(hasActiveConsent([given, revoked], kind, d(on))).toBe(expected);
  });

  it("sees a renewed consent after a revocation", () => {
    const again: ConsentFacts = { kind: "SHARE_WITH_CAS", givenOn: d("2026-08-01"), revokedOn: null };
    expect(hasActiveConsent([revoked, again], "SHARE_WITH_CAS", "2026-07-01")).toBe(false);
    expect(hasActiveConsent([revoked, again], "SHARE_WITH_CAS", "2026-08-01")).toBe(true);
  });
});

describe("checkInterview", () => {
  const interviews = (...days: string[]) => days.map((day, i) => ({ sequence: i + 1, heldOn: d(day) }));

  it("numbers the first interview 1 and the next ones in order", () => {
    expect(checkInterview(openCase, [], d("2026-03-01"))).toEqual({ sequence: 1 });
    expect(checkInterview(openCase, interviews("2026-03-02", "2026-03-10"), d("2026-03-10"))).toEqual({ sequence: 3 });
  });

  it("allows a fifth interview and refuses a sixth", () => {
    const four = interviews("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05");
    expect(checkInterview(openCase, four, d("2026-03-06"))).toEqual({ sequence: 5 });
    const five = interviews("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06");
    expect(checkInterview(openCase, five, d("2026-03-07")).refusal).toMatchObject({ rule: "interview-limit-reached" });
  });

  it("refuses a closed case", () => {
    expect(checkInterview(closedCase, [], d("2026-04-01")).refusal).toMatchObject({ rule: "case-closed", field: "input.caseId" });
  });

  it("refuses an interview before the case was opened", () => {
    expect(checkInterview(openCase, [], d("2026-02-28")).refusal).toMatchObject({
      rule: "interview-before-case-opening",
      field: "input.heldOn",
    });
  });

  it("refuses an interview before the previous one, even when recorded out of order", () => {
    const previous = [{ sequence: 2, heldOn: d("2026-04-10") }, { sequence: 1, heldOn: d("2026-04-01") }];
    expect(checkInterview(openCase, previous, d("2026-04-05")).refusal).toMatchObject({
      rule: "interview-before-previous",
      field: "input.heldOn",
    });
  });
});

describe("checkService", () => {
  it("accepts a service while the case is open, and up to the closing day", () => {
    expect(checkService(openCase, d("2026-03-01"))).toBeNull();
    expect(checkService(closedCase, d("2026-09-30"))).toBeNull();
  });
  it("refuses a service before opening or after closing", () => {
    expect(checkService(openCase, d("2026-02-28"))).toMatchObject({ rule: "service-before-case-opening", field: "input.deliveredOn" });
    expect(checkService(closedCase, d("2026-10-01"))).toMatchObject({ rule: "service-after-case-closing", field: "input.deliveredOn" });
  });
});

describe("checkLegalEvent", () => {
  const ev = (kind: LegalEventFacts["kind"], day: string, permitType: LegalEventFacts["permitType"] = "ART_18"): LegalEventFacts => ({
    kind,
    occurredOn: d(day),
    permitType,
  });

  it("lets events other than permit decisions through", () => {
    expect(checkLegalEvent([], ev("COMPLAINT_FILED", "2026-04-01", null))).toBeNull();
    expect(checkLegalEvent([], ev("PERMIT_REQUESTED", "2026-04-01"))).toBeNull();
    expect(checkLegalEvent([], ev("PERMIT_RENEWED", "2026-04-01"))).toBeNull();
  });

  it("grants or denies a requested permit, the same day at the earliest", () => {
    const requested = [ev("PERMIT_REQUESTED", "2026-04-01")];
    expect(checkLegalEvent(requested, ev("PERMIT_GRANTED", "2026-04-01"))).toBeNull();
    expect(checkLegalEvent(requested, ev("PERMIT_DENIED", "2026-06-01"))).toBeNull();
  });

  it.each([
    ["no request at all", [], "PERMIT_GRANTED", "2026-06-01"],
    ["a request of another type", [ev("PERMIT_REQUESTED", "2026-04-01", "ART_22")], "PERMIT_GRANTED", "2026-06-01"],
    ["a request made later", [ev("PERMIT_REQUESTED", "2026-07-01")], "PERMIT_DENIED", "2026-06-01"],
  ] as const)("refuses a decision with %s", (_what, existing, kind, day) => {
    expect(checkLegalEvent(existing, ev(kind, day))).toMatchObject({ rule: "permit-not-requested", field: "input.permitType" });
  });

  it("refuses a second grant without a renewal", () => {
    const history = [ev("PERMIT_REQUESTED", "2026-04-01"), ev("PERMIT_GRANTED", "2026-05-01")];
    expect(checkLegalEvent(history, ev("PERMIT_GRANTED", "2026-06-01"))).toMatchObject({ rule: "permit-already-granted" });
    expect(checkLegalEvent(history, ev("PERMIT_GRANTED", "2026-05-01"))).toMatchObject({ rule: "permit-already-granted" });
    // Recorded late, before the existing grant: still two grants in a row.
    expect(checkLegalEvent(history, ev("PERMIT_GRANTED", "2026-04-15"))).toMatchObject({ rule: "permit-already-granted" });
  });

  it("grants again after a renewal or a new request, and grants another type independently", () => {
    const history = [ev("PERMIT_REQUESTED", "2026-04-01"), ev("PERMIT_GRANTED", "2026-05-01")];
    expect(checkLegalEvent([...history, ev("PERMIT_RENEWED", "2026-10-01")], ev("PERMIT_GRANTED", "2026-10-15"))).toBeNull();
    expect(checkLegalEvent([...history, ev("PERMIT_REQUESTED", "2026-10-01")], ev("PERMIT_GRANTED", "2026-10-01"))).toBeNull();
    const other = [...history, ev("PERMIT_REQUESTED", "2026-06-01", "OTHER")];
    expect(checkLegalEvent(other, ev("PERMIT_GRANTED", "2026-07-01", "OTHER"))).toBeNull();
  });

  it("refuses a grant before a renewal that follows an earlier grant", () => {
    const history = [ev("PERMIT_REQUESTED", "2026-04-01"), ev("PERMIT_GRANTED", "2026-05-01"), ev("PERMIT_RENEWED", "2026-10-01")];
    expect(checkLegalEvent(history, ev("PERMIT_GRANTED", "2026-09-01"))).toMatchObject({ rule: "permit-already-granted" });
  });

  it("allows a denial after a grant (the renewal was refused)", () => {
    const history = [ev("PERMIT_REQUESTED", "2026-04-01"), ev("PERMIT_GRANTED", "2026-05-01"), ev("PERMIT_RENEWED", "2026-10-01")];
    expect(checkLegalEvent(history, ev("PERMIT_DENIED", "2026-11-01"))).toBeNull();
  });
});
