import { describe, expect, it } from "vitest";
import { CASE_PHASES, EXIT_OUTCOMES } from "@regional/schema";
import {
  canChangeBirthDate,
  canClose,
  canMoveToPhase,
  canOpenCase,
  canRecordIdentification,
  canSetProgramme,
  canUpdateDetails,
  placementOnClosing,
  programmeAfterMove,
  programmeForPhase,
  type CaseFacts,
  type Verdict,
} from "./lifecycle.ts";

const TODAY = "2026-11-22";

const open: CaseFacts = {
  status: "OPEN",
  openedOn: "2026-03-01",
  closedOn: null,
  phase: "IDENTIFICATION",
  identification: "PENDING",
  identifiedOn: null,
  phaseSince: "2026-03-10",
};
const closed: CaseFacts = { ...open, status: "CLOSED", closedOn: "2026-06-01" };

function rule(verdict: Verdict): string | undefined {
  return verdict.ok ? undefined : verdict.rule;
}
function field(verdict: Verdict): string | undefined {
  return verdict.ok ? undefined : verdict.field;
}

describe("canOpenCase", () => {
  const base = { openedOn: "2026-11-01", birthDate: "1999-04-04", personCases: [] };

  it("accepts a first case opened today or in the past", () => {
    expect(canOpenCase(base, TODAY)).toEqual({ ok: true });
    expect(canOpenCase({ ...base, openedOn: TODAY }, TODAY)).toEqual({ ok: true });
  });
  it("refuses an opening in the future", () => {
    const v = canOpenCase({ ...base, openedOn: "2026-11-23" }, TODAY);
    expect([rule(v), field(v)]).toEqual(["date-in-future", "openedOn"]);
  });
  it("refuses an opening before the person was born, but accepts the birth day itself", () => {
    expect(rule(canOpenCase({ ...base, birthDate: "2026-11-02" }, TODAY))).toBe("opened-before-birth");
    expect(canOpenCase({ ...base, birthDate: "2026-11-01" }, TODAY).ok).toBe(true);
    expect(canOpenCase({ ...base, birthDate: null }, TODAY).ok).toBe(true);
  });
  it("refuses a second open case for the person, naming the open one", () => {
    const v = canOpenCase({ ...base, personCases: [{ reference: "BG-2026-0007", status: "OPEN", openedOn: "2026-01-01", closedOn: null }] }, TODAY);
    expect([rule(v), field(v)]).toEqual(["person-has-open-case", "personId"]);
    expect(v.ok ? "" : v.reason).toContain("BG-2026-0007");
  });
  it("accepts a new case once the previous one closed, from its closing day on", () => {
    const previous = { reference: "BG-2025-0003", status: "CLOSED" as const, openedOn: "2025-01-01", closedOn: "2026-11-01" };
    expect(canOpenCase({ ...base, personCases: [previous] }, TODAY).ok).toBe(true);
    const v = canOpenCase({ ...base, openedOn: "2026-10-31", personCases: [previous] }, TODAY);
    expect([rule(v), field(v)]).toEqual(["overlaps-previous-case", "openedOn"]);
  });
});

describe("programme", () => {
  it("follows the phase: art. 13 for immediate protection, art. 18 for reception and after", () => {
    expect(programmeForPhase("FIRST_CONTACT")).toBeNull();
    expect(programmeForPhase("IDENTIFICATION")).toBeNull();
    expect(programmeForPhase("IMMEDIATE_PROTECTION")).toBe("ART_13");
    expect(programmeForPhase("RESIDENTIAL_RECEPTION")).toBe("ART_18");
    expect(programmeForPhase("SEMI_AUTONOMY")).toBe("ART_18");
    expect(programmeForPhase("TERRITORIAL_CARE")).toBe("ART_18");
  });
  it("keeps the current programme for phases that have none", () => {
    expect(programmeAfterMove("ART_13", "IDENTIFICATION")).toBe("ART_13");
    expect(programmeAfterMove(null, "FIRST_CONTACT")).toBeNull();
  });
  it("changes with the phase when not chosen", () => {
    expect(programmeAfterMove(null, "IMMEDIATE_PROTECTION")).toBe("ART_13");
    expect(programmeAfterMove("ART_13", "RESIDENTIAL_RECEPTION")).toBe("ART_18");
    expect(programmeAfterMove("ART_18", "IMMEDIATE_PROTECTION")).toBe("ART_13");
  });
  it("lets an explicit choice win, including none", () => {
    expect(programmeAfterMove(null, "RESIDENTIAL_RECEPTION", "ART_13")).toBe("ART_13");
    expect(programmeAfterMove("ART_18", "SEMI_AUTONOMY", null)).toBeNull();
    expect(programmeAfterMove(null, "IDENTIFICATION", "ART_13")).toBe("ART_13");
  });
  it("is set by hand only on an open case", () => {
    expect(canSetProgramme(open).ok).toBe(true);
    expect(rule(canSetProgramme(closed))).toBe("case-closed");
  });
});

describe("canMoveToPhase", () => {
  it("accepts a move to any other phase from the current phase's start to today", () => {
    for (const phase of CASE_PHASES.filter((p) => p !== open.phase)) {
      expect(canMoveToPhase(open, phase, "2026-03-10", TODAY)).toEqual({ ok: true });
      expect(canMoveToPhase(open, phase, TODAY, TODAY)).toEqual({ ok: true });
    }
  });
  it("allows going back to an earlier phase", () => {
    expect(canMoveToPhase({ ...open, phase: "SEMI_AUTONOMY" }, "RESIDENTIAL_RECEPTION", "2026-04-01", TODAY).ok).toBe(true);
  });
  it.each([
    ["a closed case", closed, "IMMEDIATE_PROTECTION", "2026-05-01", "case-closed", undefined],
    ["a future day", open, "IMMEDIATE_PROTECTION", "2026-11-23", "date-in-future", "on"],
    ["a day before the opening", open, "IMMEDIATE_PROTECTION", "2026-02-28", "phase-date-before-opening", "on"],
    ["a day before the current phase started", open, "IMMEDIATE_PROTECTION", "2026-03-09", "phase-date-before-previous-phase", "on"],
    ["the same phase", open, "IDENTIFICATION", "2026-04-01", "same-phase", "phase"],
  ] as const)("refuses %s", (_what, c, phase, on, expectedRule, expectedField) => {
    const v = canMoveToPhase(c, phase, on, TODAY);
    expect([rule(v), field(v)]).toEqual([expectedRule, expectedField]);
  });
  it("reports the closed case before the date problems", () => {
    expect(rule(canMoveToPhase(closed, "IDENTIFICATION", "2020-01-01", TODAY))).toBe("case-closed");
  });
});

describe("canRecordIdentification", () => {
  it("accepts IDENTIFIED or NOT_IDENTIFIED from PENDING, from the opening day on", () => {
    expect(canRecordIdentification(open, "IDENTIFIED", "2026-03-01", TODAY)).toEqual({ ok: true });
    expect(canRecordIdentification(open, "NOT_IDENTIFIED", TODAY, TODAY)).toEqual({ ok: true });
  });
  it("does not tie the outcome to the last phase change (often recorded after moving on)", () => {
    expect(canRecordIdentification({ ...open, phaseSince: "2026-05-01" }, "IDENTIFIED", "2026-04-20", TODAY).ok).toBe(true);
  });
  it.each([
    ["PENDING as an outcome", open, "PENDING", "2026-04-01", "identification-outcome-pending", "outcome"],
    ["a closed case", closed, "IDENTIFIED", "2026-04-01", "case-closed", undefined],
    ["a second decision", { ...open, identification: "IDENTIFIED", identifiedOn: "2026-04-01" }, "NOT_IDENTIFIED", "2026-05-01", "identification-already-decided", "outcome"],
    ["the same decision twice", { ...open, identification: "IDENTIFIED", identifiedOn: "2026-04-01" }, "IDENTIFIED", "2026-05-01", "identification-already-decided", "outcome"],
    ["a future day", open, "IDENTIFIED", "2026-11-23", "date-in-future", "on"],
    ["a day before the opening", open, "IDENTIFIED", "2026-02-28", "identification-date-before-opening", "on"],
  ] as const)("refuses %s", (_what, c, outcome, on, expectedRule, expectedField) => {
    const v = canRecordIdentification(c as CaseFacts, outcome, on, TODAY);
    expect([rule(v), field(v)]).toEqual([expectedRule, expectedField]);
  });
});

describe("canUpdateDetails", () => {
  it("is allowed on open cases only", () => {
    expect(canUpdateDetails(open).ok).toBe(true);
    expect(rule(canUpdateDetails(closed))).toBe("case-closed");
  });
});

describe("canClose", () => {
  const close = { on: "2026-10-01", outcome: "AUTONOMY" as const };

  it("accepts every outcome but TRANSFERRED on an open case without placements", () => {
    for (const outcome of EXIT_OUTCOMES.filter((o) => o !== "TRANSFERRED")) {
      expect(canClose(open, { ...close, outcome }, [], TODAY)).toEqual({ ok: true });
    }
  });
  it("accepts closing on the day the current phase started, and today", () => {
    expect(canClose(open, { ...close, on: open.phaseSince }, [], TODAY).ok).toBe(true);
    expect(canClose(open, { ...close, on: TODAY }, [], TODAY).ok).toBe(true);
  });
  it("leaves TRANSFERRED to the transfer workflow", () => {
    const v = canClose(open, { ...close, outcome: "TRANSFERRED" }, [], TODAY);
    expect([rule(v), field(v)]).toEqual(["transfer-outcome-reserved", "outcome"]);
    expect(canClose(open, { ...close, outcome: "TRANSFERRED" }, [], TODAY, { byTransfer: true }).ok).toBe(true);
  });
  it.each([
    ["a closed case", closed, close, "case-already-closed", undefined],
    ["a future day", open, { ...close, on: "2026-11-23" }, "date-in-future", "on"],
    ["a day before the opening", open, { ...close, on: "2026-02-01" }, "close-date-before-opening", "on"],
    ["a day before the current phase started", open, { ...close, on: "2026-03-09" }, "close-date-before-previous-phase", "on"],
    [
      "a day before the identification outcome",
      { ...open, identification: "IDENTIFIED", identifiedOn: "2026-05-01" },
      { ...close, on: "2026-04-30" },
      "close-date-before-identification",
      "on",
    ],
    [
      "NOT_IDENTIFIED for an identified person",
      { ...open, identification: "IDENTIFIED", identifiedOn: "2026-05-01" },
      { ...close, outcome: "NOT_IDENTIFIED" },
      "exit-contradicts-identification",
      "outcome",
    ],
  ] as const)("refuses %s", (_what, c, closing, expectedRule, expectedField) => {
    const v = canClose(c as CaseFacts, closing, [], TODAY);
    expect([rule(v), field(v)]).toEqual([expectedRule, expectedField]);
  });
  it("reports an already closed case first, even with a reserved outcome", () => {
    expect(rule(canClose(closed, { ...close, outcome: "TRANSFERRED" }, [], TODAY))).toBe("case-already-closed");
  });

  describe("and the case's placements", () => {
    it("ends the current placement on the closing day", () => {
      const current = { id: "p2", startOn: "2026-04-01", endOn: null };
      const v = canClose(open, close, [{ id: "p1", startOn: "2026-03-15", endOn: "2026-04-01" }, current], TODAY);
      expect(v).toEqual({ ok: true, endPlacement: current });
    });
    it("has nothing to end when every placement ended on or before the closing day", () => {
      const v = canClose(open, close, [{ id: "p1", startOn: "2026-03-15", endOn: "2026-10-01" }], TODAY);
      expect(v).toEqual({ ok: true });
    });
    it("refuses when the current placement started on the closing day (it would be an empty stay)", () => {
      const v = canClose(open, close, [{ id: "p1", startOn: "2026-10-01", endOn: null }], TODAY);
      expect([rule(v), field(v)]).toEqual(["placement-starts-on-closing-day", "on"]);
    });
    it("refuses when a placement starts after the closing day", () => {
      expect(rule(canClose(open, close, [{ id: "p1", startOn: "2026-10-02", endOn: null }], TODAY))).toBe("close-date-before-placement-start");
      expect(rule(canClose(open, close, [{ id: "p1", startOn: "2026-10-05", endOn: "2026-10-09" }], TODAY))).toBe(
        "close-date-before-placement-start",
      );
    });
    it("refuses when an ended placement ended after the closing day", () => {
      expect(rule(canClose(open, close, [{ id: "p1", startOn: "2026-09-01", endOn: "2026-10-02" }], TODAY))).toBe("close-date-before-placement-end");
    });
    it("checks the case rules before the placements", () => {
      expect(rule(placementOnClosing([{ id: "p1", startOn: "2026-10-01", endOn: null }], "2026-10-01"))).toBe("placement-starts-on-closing-day");
      expect(rule(canClose(closed, close, [{ id: "p1", startOn: "2026-10-01", endOn: null }], TODAY))).toBe("case-already-closed");
    });
  });
});

describe("canChangeBirthDate", () => {
  const cases = [
    { reference: "BG-2026-0001", openedOn: "2026-03-01" },
    { reference: "BG-2024-0009", openedOn: "2024-07-01" },
  ];
  it("accepts a birth date on or before every opening, or none", () => {
    expect(canChangeBirthDate("2024-07-01", cases).ok).toBe(true);
    expect(canChangeBirthDate(null, cases).ok).toBe(true);
    expect(canChangeBirthDate("2030-01-01", []).ok).toBe(true);
  });
  it("refuses a birth date after a case opened", () => {
    const v = canChangeBirthDate("2025-01-01", cases);
    expect([rule(v), field(v)]).toEqual(["birth-date-after-case-opened", "birthDate"]);
    expect(v.ok ? "" : v.reason).toContain("BG-2024-0009");
  });
});
