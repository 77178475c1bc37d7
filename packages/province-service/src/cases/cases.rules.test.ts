import { describe, expect, it } from "vitest";
import {
  caseFilter,
  closeCaseInput,
  moveCaseToPhaseInput,
  nextReference,
  openCaseInput,
  personFilter,
  recordIdentificationOutcomeInput,
  referencePrefix,
  registerPersonInput,
  updateCaseDetailsInput,
  updatePersonInput,
} from "./cases.rules.ts";
import { citizenshipSpellings, isKnownCitizenship, ISO_3166_1_COUNT } from "./citizenship.ts";

const TODAY = "2026-11-22";
const CASE_ID = "0b5c3a52-8d0e-4a8e-9a51-6f3c1d1e2a10";

function firstIssue(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  const issue = result.error!.issues[0]!;
  return { path: issue.path.join("."), message: issue.message };
}

describe("citizenship codes", () => {
  it("has the 249 ISO 3166-1 countries", () => {
    expect(ISO_3166_1_COUNT).toBe(249);
  });
  it("knows both spellings and the extra codes people carry", () => {
    for (const code of ["NG", "NGA", "AL", "ALB", "RO", "ROU", "CN", "CHN", "XK", "XKX", "XXA"]) expect([code, isKnownCitizenship(code)]).toEqual([code, true]);
    for (const code of ["XY", "ABC", "UK", "EU", "ng"]) expect([code, isKnownCitizenship(code)]).toEqual([code, false]);
  });
  it("pairs alpha-2 and alpha-3", () => {
    expect(citizenshipSpellings("NG")).toEqual(["NG", "NGA"]);
    expect(citizenshipSpellings("NGA")).toEqual(["NG", "NGA"]);
    expect(citizenshipSpellings("XXA")).toEqual(["XXA"]);
  });
});

describe("registerPersonInput", () => {
  const schema = registerPersonInput(TODAY);
  const valid = { givenName: " Joy ", familyName: "Adeyemi", gender: "WOMAN", citizenship: "ng" };

  it("trims names, upper-cases the citizenship and fills absent optional fields with null", () => {
    expect(schema.parse(valid)).toEqual({
      givenName: "Joy",
      familyName: "Adeyemi",
      gender: "WOMAN",
      citizenship: "NG",
      alias: null,
      birthDate: null,
      documentNumber: null,
      phone: null,
    });
  });
  it("takes blank optional fields as absent and turns the birth date into a database date", () => {
    const parsed = schema.parse({ ...valid, alias: "  ", phone: "", birthDate: "2001-02-03", documentNumber: "AB 123456" });
    expect(parsed.alias).toBeNull();
    expect(parsed.phone).toBeNull();
    expect(parsed.birthDate).toEqual(new Date("2001-02-03T00:00:00Z"));
    expect(parsed.documentNumber).toBe("AB 123456");
  });
  it("accepts the usual phone notations", () => {
    for (const phone of ["+39 347 123 4567", "347-1234567", "(02) 1234.5678", "+234 803 000 0000"]) {
      expect(schema.safeParse({ ...valid, phone }).success).toBe(true);
    }
  });
  it.each([
    ["givenName", { givenName: "   " }, /must not be empty/],
    ["familyName", { familyName: "x".repeat(101) }, /at most 100/],
    ["alias", { alias: "y".repeat(101) }, /at most 100/],
    ["citizenship", { citizenship: "Nigeria" }, /ISO 3166/],
    ["citizenship", { citizenship: "N1" }, /ISO 3166/],
    ["citizenship", { citizenship: "XY" }, /not an ISO 3166 country/],
    ["birthDate", { birthDate: "2026-11-23" }, /future/],
    ["birthDate", { birthDate: "1899-12-31" }, /before 1900/],
    ["birthDate", { birthDate: "2001-02-29" }, /calendar/],
    ["birthDate", { birthDate: "03/02/2001" }, /YYYY-MM-DD/],
    ["phone", { phone: "call me" }, /only digits/],
    ["phone", { phone: "12345" }, /6 to 15 digits/],
    ["phone", { phone: "+1 234 567 890 123 456" }, /6 to 15 digits/],
    ["phone", { phone: "347+123456" }, /leading \+/],
    ["documentNumber", { documentNumber: "AB" }, /at least 3/],
    ["documentNumber", { documentNumber: "AB#123" }, /letters, digits/],
    ["gender", { gender: "OTHER" }, /./],
  ])("refuses a bad %s", (path, patch, message) => {
    const issue = firstIssue(schema.safeParse({ ...valid, ...patch }));
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
  });
  it("accepts the earliest and the latest birth dates", () => {
    expect(schema.safeParse({ ...valid, birthDate: "1900-01-01" }).success).toBe(true);
    expect(schema.safeParse({ ...valid, birthDate: TODAY }).success).toBe(true);
  });
});

describe("updatePersonInput", () => {
  const schema = updatePersonInput(TODAY);
  it("keeps only what was given; null clears an optional field", () => {
    expect(schema.parse({ familyName: " Okafor " })).toEqual({ familyName: "Okafor" });
    expect(schema.parse({ alias: null, phone: "", birthDate: null })).toEqual({ alias: null, phone: null, birthDate: null });
    expect(schema.parse({})).toEqual({});
  });
  it.each(["givenName", "familyName", "gender", "citizenship"])("refuses to remove the required %s", (key) => {
    const issue = firstIssue(schema.safeParse({ [key]: null }));
    expect(issue).toEqual({ path: key, message: "cannot be removed" });
  });
  it("validates the fields it is given as at registration", () => {
    expect(firstIssue(schema.safeParse({ citizenship: "ZZ" })).path).toBe("citizenship");
    expect(firstIssue(schema.safeParse({ birthDate: "2027-01-01" })).path).toBe("birthDate");
  });
});

describe("personFilter", () => {
  it("trims the search, drops an empty one, and normalises the citizenship", () => {
    expect(personFilter.parse({ search: "  joy   adeyemi ", citizenship: "nga" })).toEqual({ search: "joy   adeyemi", citizenship: "NGA" });
    expect(personFilter.parse({ search: "   " })).toEqual({ search: undefined, citizenship: undefined });
    expect(personFilter.parse({})).toEqual({ search: undefined, citizenship: undefined });
  });
  it("refuses an unknown citizenship", () => {
    expect(firstIssue(personFilter.safeParse({ citizenship: "QQ" })).path).toBe("citizenship");
  });
});

describe("openCaseInput", () => {
  const schema = openCaseInput(TODAY);
  const valid = {
    personId: CASE_ID,
    openedOn: "2026-11-01",
    referralSource: "STREET_UNIT",
    exploitationTypes: ["SEXUAL", "BEGGING"],
    protectionStatus: "NONE",
  };
  it("defaults the phase to FIRST_CONTACT and leaves the programme to the phase", () => {
    const parsed = schema.parse(valid);
    expect(parsed.phase).toBe("FIRST_CONTACT");
    expect(parsed.programme).toBeUndefined();
    expect(parsed.openedOn).toEqual(new Date("2026-11-01T00:00:00Z"));
    expect(schema.parse({ ...valid, phase: null, programme: null }).phase).toBe("FIRST_CONTACT");
  });
  it.each([
    ["personId", { personId: "42" }, /valid id/],
    ["openedOn", { openedOn: "2026-11-23" }, /future/],
    ["openedOn", { openedOn: "2026-13-01" }, /calendar/],
    ["exploitationTypes", { exploitationTypes: [] }, /at least one/],
    ["exploitationTypes", { exploitationTypes: ["SEXUAL", "SEXUAL"] }, /twice/],
    ["exploitationTypes.0", { exploitationTypes: ["PICKPOCKETING"] }, /./],
    ["referralSource", { referralSource: "FRIEND" }, /./],
  ])("refuses a bad %s", (path, patch, message) => {
    const issue = firstIssue(schema.safeParse({ ...valid, ...patch }));
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
  });
});

describe("the other case inputs", () => {
  it("moveCaseToPhase tells an absent programme from an explicit null", () => {
    const schema = moveCaseToPhaseInput(TODAY);
    expect(schema.parse({ caseId: CASE_ID, phase: "SEMI_AUTONOMY", on: TODAY }).programme).toBeUndefined();
    expect(schema.parse({ caseId: CASE_ID, phase: "SEMI_AUTONOMY", on: TODAY, programme: null }).programme).toBeNull();
    expect(firstIssue(schema.safeParse({ caseId: CASE_ID, phase: "SEMI_AUTONOMY", on: "2026-11-23" })).path).toBe("on");
  });
  it("recordIdentificationOutcome refuses PENDING", () => {
    const issue = firstIssue(recordIdentificationOutcomeInput(TODAY).safeParse({ caseId: CASE_ID, outcome: "PENDING", on: TODAY }));
    expect(issue).toEqual({ path: "outcome", message: "must be IDENTIFIED or NOT_IDENTIFIED" });
  });
  it("updateCaseDetails needs at least one change and refuses to clear a field", () => {
    expect(firstIssue(updateCaseDetailsInput.safeParse({ caseId: CASE_ID })).message).toMatch(/at least one/);
    expect(firstIssue(updateCaseDetailsInput.safeParse({ caseId: CASE_ID, referralSource: null })).path).toBe("referralSource");
    expect(firstIssue(updateCaseDetailsInput.safeParse({ caseId: CASE_ID, exploitationTypes: [] })).path).toBe("exploitationTypes");
    expect(updateCaseDetailsInput.parse({ caseId: CASE_ID, protectionStatus: "ASYLUM_SEEKER" })).toEqual({ caseId: CASE_ID, protectionStatus: "ASYLUM_SEEKER" });
  });
  it("closeCase takes any exit outcome (the reserved one is a rule, not a typing mistake)", () => {
    expect(closeCaseInput(TODAY).safeParse({ caseId: CASE_ID, on: TODAY, outcome: "TRANSFERRED" }).success).toBe(true);
    expect(firstIssue(closeCaseInput(TODAY).safeParse({ caseId: CASE_ID, on: "2026-11-23", outcome: "AUTONOMY" })).path).toBe("on");
  });
  it("caseFilter refuses a period that ends before it starts", () => {
    expect(firstIssue(caseFilter.safeParse({ openedFrom: "2026-02-01", openedTo: "2026-01-31" })).path).toBe("openedTo");
    expect(caseFilter.parse({ openedFrom: "2026-01-01", openedTo: "2026-01-01", status: null })).toMatchObject({ status: undefined });
  });
});

describe("case references", () => {
  it("start at 0001 in a year and go on from the highest number used", () => {
    const prefix = referencePrefix("BG", "2026-03-04");
    expect(prefix).toBe("BG-2026-");
    expect(nextReference(prefix, [])).toBe("BG-2026-0001");
    expect(nextReference(prefix, ["BG-2026-0001", "BG-2026-0007", "BG-2026-0003", "BG-2025-0099"])).toBe("BG-2026-0008");
  });
  it("keep counting past 9999 by numbers, not by string order", () => {
    expect(nextReference("BG-2026-", ["BG-2026-9999", "BG-2026-10000", "BG-2026-0100"])).toBe("BG-2026-10001");
  });
});
