import { toDbDate } from "@regional/schema";
import { describe, expect, it } from "vitest";
import {
  heldPlacesDeactivationRefusal,
  addPlacesInput,
  createStructureInput,
  endPlacementInput,
  endPlacementRefusal,
  moveRefusal,
  nextLabels,
  placeDeactivationRefusal,
  placementRefusal,
  placePersonInput,
  structureDeactivationRefusal,
  structureFilter,
  updateStructureInput,
  type PlacementFacts,
} from "./capacity.rules.ts";

const TODAY = "2026-11-22";
const UUID = "6b0c2a56-9508-4887-a1f7-b722f2d7cd64";
const UUID2 = "8ae408b9-7b10-441a-9c9d-f8bd6aef9d98";
const d = toDbDate;

function firstIssue(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(r.success).toBe(false);
  return r.error!.issues[0]!;
}

describe("createStructureInput", () => {
  const valid = { name: "Casa Rifugio Crema", type: "EMERGENCY_SHELTER", municipality: "Crema" };
  it("trims names and defaults to active", () => {
    expect(createStructureInput.parse({ ...valid, name: "  Casa Rifugio Crema " })).toEqual({ ...valid, active: true });
    expect(createStructureInput.parse({ ...valid, active: false }).active).toBe(false);
  });
  it.each([
    ["name", { name: " x " }, /at least/],
    ["municipality", { municipality: "" }, /at least/],
    ["type", { type: "HOTEL" }, /./],
  ])("refuses a bad %s", (field, patch, reason) => {
    const issue = firstIssue(createStructureInput.safeParse({ ...valid, ...patch }));
    expect(issue.path).toEqual([field]);
    expect(issue.message).toMatch(reason);
  });
});

describe("updateStructureInput", () => {
  it("keeps only the fields given", () => {
    expect(updateStructureInput.parse({ id: UUID, active: false, name: null })).toEqual({
      id: UUID,
      active: false,
      name: undefined,
      municipality: undefined,
    });
  });
  it("refuses an update that changes nothing", () => {
    expect(firstIssue(updateStructureInput.safeParse({ id: UUID })).message).toMatch(/nothing to change/);
  });
  it("refuses an id that is not a UUID", () => {
    expect(firstIssue(updateStructureInput.safeParse({ id: "42", name: "Casa" })).path).toEqual(["id"]);
  });
});

describe("structureFilter", () => {
  it("turns nulls into no condition", () => {
    expect(structureFilter.parse({ type: null, municipality: " Crema ", active: true })).toEqual({
      type: undefined,
      municipality: "Crema",
      active: true,
    });
  });
});

describe("addPlacesInput", () => {
  const valid = { structureId: UUID, target: "WOMEN", count: 3 };
  it("defaults the label prefix", () => {
    expect(addPlacesInput.parse(valid).labelPrefix).toBe("P-");
    expect(addPlacesInput.parse({ ...valid, labelPrefix: " Letto " }).labelPrefix).toBe("Letto");
  });
  it.each([
    ["count", { count: 0 }, /at least 1/],
    ["count", { count: 101 }, /at most 100/],
    ["count", { count: 1.5 }, /whole/],
    ["target", { target: "CHILDREN" }, /./],
    ["labelPrefix", { labelPrefix: "   " }, /empty/],
  ])("refuses a bad %s", (field, patch, reason) => {
    const issue = firstIssue(addPlacesInput.safeParse({ ...valid, ...patch }));
    expect(issue.path).toEqual([field]);
    expect(issue.message).toMatch(reason);
  });
});

describe("nextLabels", () => {
  it("numbers from 1 in an empty structure", () => {
    expect(nextLabels([], "P-", 3)).toEqual(["P-1", "P-2", "P-3"]);
  });
  it("continues after the highest number used with the prefix, ignoring other prefixes", () => {
    expect(nextLabels(["P-1", "P-7", "Letto 12", "P-x"], "P-", 2)).toEqual(["P-8", "P-9"]);
    expect(nextLabels(["P-1", "P-7", "Letto 12"], "Letto ", 1)).toEqual(["Letto 13"]);
  });
  it("never returns a label that exists", () => {
    const existing = ["A1", "A2", "A3"];
    const labels = nextLabels(existing, "A", 5);
    expect(labels).toEqual(["A4", "A5", "A6", "A7", "A8"]);
    expect(new Set([...existing, ...labels]).size).toBe(8);
  });
});

describe("placePersonInput / endPlacementInput", () => {
  it("turns the start day into a database date", () => {
    expect(placePersonInput(TODAY).parse({ caseId: UUID, placeId: UUID2, startOn: TODAY }).startOn).toEqual(d(TODAY));
  });
  it.each([
    ["startOn", { startOn: "2026-11-23" }, /future/],
    ["startOn", { startOn: "2026-02-30" }, /calendar/],
    ["caseId", { caseId: "case-1" }, /valid id/],
    ["placeId", { placeId: "" }, /valid id/],
  ])("refuses a bad %s", (field, patch, reason) => {
    const issue = firstIssue(placePersonInput(TODAY).safeParse({ caseId: UUID, placeId: UUID2, startOn: "2026-11-01", ...patch }));
    expect(issue.path).toEqual([field]);
    expect(issue.message).toMatch(reason);
  });
  it("refuses an end in the future", () => {
    expect(firstIssue(endPlacementInput(TODAY).safeParse({ placementId: UUID, endOn: "2026-12-01" })).path).toEqual(["endOn"]);
  });
});

describe("placementRefusal", () => {
  const fields = { caseId: "input.caseId", placeId: "input.placeId", startOn: "input.startOn" };
  const facts: PlacementFacts = {
    caseRow: { status: "OPEN", openedOn: d("2026-03-01") },
    place: { active: true, structureActive: true },
    placeBookings: [],
    personBookings: [],
  };
  const refuse = (startOn: string, patch: Partial<PlacementFacts> = {}) => placementRefusal(d(startOn), { ...facts, ...patch }, fields);

  it("accepts an open case in a free active place from the opening day", () => {
    expect(refuse("2026-03-01")).toBeNull();
  });
  it("refuses a closed case", () => {
    expect(refuse("2026-03-01", { caseRow: { status: "CLOSED", openedOn: d("2026-03-01") } })).toMatchObject({
      rule: "case-closed",
      field: "input.caseId",
    });
  });
  it("refuses a start before the case was opened", () => {
    expect(refuse("2026-02-28")).toMatchObject({ rule: "before-case-opened", field: "input.startOn", reason: expect.stringMatching(/2026-03-01/) });
  });
  it("refuses an inactive place and a place of an inactive structure", () => {
    expect(refuse("2026-03-01", { place: { active: false, structureActive: true } })).toMatchObject({ rule: "place-inactive" });
    expect(refuse("2026-03-01", { place: { active: true, structureActive: false } })).toMatchObject({
      rule: "place-inactive",
      reason: expect.stringMatching(/structure/),
    });
  });
  it("refuses a place held by a current placement", () => {
    expect(refuse("2026-05-01", { placeBookings: [{ startOn: d("2026-04-01"), endOn: null }] })).toMatchObject({
      rule: "place-occupied",
      field: "input.placeId",
    });
  });
  it("refuses a past start that overlaps a later placement of the place (no back-dated double booking)", () => {
    expect(refuse("2026-04-01", { placeBookings: [{ startOn: d("2026-05-01"), endOn: d("2026-05-10") }] })).toMatchObject({
      rule: "place-occupied",
    });
  });
  it("accepts moving in the day the previous guest left", () => {
    expect(refuse("2026-05-10", { placeBookings: [{ startOn: d("2026-05-01"), endOn: d("2026-05-10") }] })).toBeNull();
  });
  it("refuses two places at once for the person", () => {
    expect(refuse("2026-05-01", { personBookings: [{ startOn: d("2026-04-01"), endOn: null }] })).toMatchObject({
      rule: "case-already-placed",
      field: "input.caseId",
    });
    expect(refuse("2026-05-01", { personBookings: [{ startOn: d("2026-04-01"), endOn: d("2026-05-02") }] })).toMatchObject({
      rule: "case-already-placed",
    });
    expect(refuse("2026-05-01", { personBookings: [{ startOn: d("2026-04-01"), endOn: d("2026-05-01") }] })).toBeNull();
  });
  it("checks in a fixed order: case, start, place state, place, person", () => {
    const everythingWrong: Partial<PlacementFacts> = {
      caseRow: { status: "CLOSED", openedOn: d("2026-03-01") },
      place: { active: false, structureActive: true },
      placeBookings: [{ startOn: d("2026-01-01"), endOn: null }],
      personBookings: [{ startOn: d("2026-01-01"), endOn: null }],
    };
    expect(refuse("2026-02-01", everythingWrong)?.rule).toBe("case-closed");
    expect(refuse("2026-02-01", { ...everythingWrong, caseRow: facts.caseRow })?.rule).toBe("before-case-opened");
    expect(refuse("2026-04-01", { ...everythingWrong, caseRow: facts.caseRow })?.rule).toBe("place-inactive");
    expect(refuse("2026-04-01", { ...everythingWrong, caseRow: facts.caseRow, place: facts.place })?.rule).toBe("place-occupied");
  });
});

describe("endPlacementRefusal", () => {
  it("accepts an end after the start", () => {
    expect(endPlacementRefusal({ startOn: d("2026-03-01"), endOn: null }, d("2026-03-02"), "input.endOn")).toBeNull();
  });
  it("refuses an end on or before the start", () => {
    expect(endPlacementRefusal({ startOn: d("2026-03-01"), endOn: null }, d("2026-03-01"), "input.endOn")).toMatchObject({
      rule: "end-not-after-start",
      field: "input.endOn",
    });
    expect(endPlacementRefusal({ startOn: d("2026-03-01"), endOn: null }, d("2026-02-01"), "input.endOn")?.rule).toBe("end-not-after-start");
  });
  it("refuses ending an ended placement", () => {
    expect(endPlacementRefusal({ startOn: d("2026-03-01"), endOn: d("2026-03-05") }, d("2026-03-10"), "input.endOn")).toMatchObject({
      rule: "placement-already-ended",
      reason: expect.stringMatching(/2026-03-05/),
    });
  });
});

describe("moveRefusal", () => {
  const fields = { caseId: "input.caseId", placeId: "input.toPlaceId", startOn: "input.on", on: "input.on" };
  const current = { id: UUID, placeId: UUID, startOn: d("2026-03-01"), endOn: null };
  it("accepts a move to another place after the current placement started", () => {
    expect(moveRefusal(current, UUID2, d("2026-03-02"), fields)).toBeNull();
  });
  it("refuses a move without a current placement", () => {
    expect(moveRefusal(null, UUID2, d("2026-03-02"), fields)).toMatchObject({ rule: "case-not-placed", field: "input.caseId" });
  });
  it("refuses a move to the same place", () => {
    expect(moveRefusal(current, UUID, d("2026-03-02"), fields)).toMatchObject({ rule: "same-place", field: "input.toPlaceId" });
  });
  it("refuses a move on or before the day the current placement started", () => {
    expect(moveRefusal(current, UUID2, d("2026-03-01"), fields)).toMatchObject({ rule: "end-not-after-start", field: "input.on" });
  });
});

describe("deactivation", () => {
  const ended = { startOn: d("2026-01-01"), endOn: d("2026-02-01") };
  const open = { startOn: d("2026-01-01"), endOn: null };
  const leavingToday = { startOn: d("2026-01-01"), endOn: d(TODAY) };
  it("a structure with nobody placed may be deactivated", () => {
    expect(structureDeactivationRefusal([ended, leavingToday], TODAY)).toBeNull();
  });
  it("a structure with residents may not, and the reason counts them", () => {
    expect(structureDeactivationRefusal([open, ended, open], TODAY)).toMatchObject({
      rule: "structure-has-residents",
      reason: expect.stringMatching(/2 people/),
    });
  });
  it("a place is deactivated only when free from today on", () => {
    expect(placeDeactivationRefusal([ended, leavingToday], TODAY)).toBeNull();
    expect(placeDeactivationRefusal([ended, open], TODAY)).toMatchObject({ rule: "place-occupied", field: "active" });
  });
  it("a place held for a transfer, or a structure with one, stays in service", () => {
    expect(heldPlacesDeactivationRefusal(0, "place")).toBeNull();
    expect(heldPlacesDeactivationRefusal(0, "structure")).toBeNull();
    expect(heldPlacesDeactivationRefusal(1, "place")).toMatchObject({ rule: "place-held", field: "active" });
    expect(heldPlacesDeactivationRefusal(2, "structure")).toMatchObject({
      rule: "structure-has-held-places",
      field: "input.active",
      reason: expect.stringMatching(/2 of its places are held/),
    });
  });
});
