import { describe, expect, it } from "vitest";
import {
  duplicateMaterialProblems,
  outingCountProblems,
  outingFilter,
  outingId,
  recordOutingInput,
  summaryPeriodProblem,
} from "./outreach.rules.ts";

const valid = {
  kind: "STREET_UNIT",
  heldOn: "2026-11-20",
  area: "Zingonia",
  operators: 2,
  contacts: 12,
  newContacts: 3,
  accompaniments: 1,
  materials: [
    { kind: "CONDOMS", quantity: 60 },
    { kind: "LEAFLETS", quantity: 15 },
  ],
  notes: "  Two girls asked about the drop-in.  ",
};

describe("outingCountProblems", () => {
  it("accepts new contacts up to the contacts", () => {
    expect(outingCountProblems({ kind: "INDOOR", operators: 1, contacts: 4, newContacts: 4 })).toEqual([]);
    expect(outingCountProblems({ kind: "INDOOR", operators: 1, contacts: 0, newContacts: 0 })).toEqual([]);
  });
  it("refuses more new contacts than contacts", () => {
    expect(outingCountProblems({ kind: "INDOOR", operators: 1, contacts: 4, newContacts: 5 })).toEqual([
      { path: ["newContacts"], reason: "cannot exceed contacts" },
    ]);
  });
  it("requires an operator for the street unit only", () => {
    expect(outingCountProblems({ kind: "STREET_UNIT", operators: 0, contacts: 0, newContacts: 0 })).toEqual([
      { path: ["operators"], reason: "a street unit outing needs at least 1 operator" },
    ]);
    expect(outingCountProblems({ kind: "STREET_UNIT", operators: 1, contacts: 0, newContacts: 0 })).toEqual([]);
    expect(outingCountProblems({ kind: "DROP_IN", operators: 0, contacts: 0, newContacts: 0 })).toEqual([]);
    expect(outingCountProblems({ kind: "INDOOR", operators: 0, contacts: 0, newContacts: 0 })).toEqual([]);
  });
  it("reports every problem at once", () => {
    expect(outingCountProblems({ kind: "STREET_UNIT", operators: 0, contacts: 1, newContacts: 2 }).map((p) => p.path[0])).toEqual([
      "newContacts",
      "operators",
    ]);
  });
});

describe("duplicateMaterialProblems", () => {
  it("accepts distinct kinds and an empty list", () => {
    expect(duplicateMaterialProblems([{ kind: "FOOD" }, { kind: "CONDOMS" }])).toEqual([]);
    expect(duplicateMaterialProblems([])).toEqual([]);
  });
  it("points at each repeat, not at the first occurrence", () => {
    expect(duplicateMaterialProblems([{ kind: "FOOD" }, { kind: "CONDOMS" }, { kind: "FOOD" }, { kind: "FOOD" }])).toEqual([
      { path: ["materials", 2, "kind"], reason: "FOOD is listed more than once" },
      { path: ["materials", 3, "kind"], reason: "FOOD is listed more than once" },
    ]);
  });
});

describe("recordOutingInput", () => {
  const schema = recordOutingInput("2026-11-22");
  it("accepts a past outing, turns its date into a database date and trims the text", () => {
    const parsed = schema.parse(valid);
    expect(parsed.heldOn).toEqual(new Date("2026-11-20T00:00:00Z"));
    expect(parsed.notes).toBe("Two girls asked about the drop-in.");
    expect(parsed.area).toBe("Zingonia");
    expect(parsed.materials).toEqual(valid.materials);
  });
  it("accepts an outing held today, without materials or notes", () => {
    const parsed = schema.parse({ ...valid, heldOn: "2026-11-22", materials: [], notes: undefined });
    expect(parsed.materials).toEqual([]);
    expect(parsed.notes).toBeNull();
  });
  it("turns blank notes into no notes", () => {
    expect(schema.parse({ ...valid, notes: "   " }).notes).toBeNull();
    expect(schema.parse({ ...valid, notes: null }).notes).toBeNull();
  });
  it.each([
    [["heldOn"], { heldOn: "2026-11-23" }, /future/],
    [["heldOn"], { heldOn: "2026-02-30" }, /calendar/],
    [["heldOn"], { heldOn: "20/11/2026" }, /YYYY-MM-DD/],
    [["area"], { area: " " }, /at least 2/],
    [["area"], { area: "x".repeat(121) }, /at most 120/],
    [["operators"], { operators: -1 }, /negative/],
    [["operators"], { operators: 0 }, /at least 1 operator/],
    [["operators"], { operators: 1.5 }, /whole/],
    [["operators"], { operators: 51 }, /implausibly/],
    [["contacts"], { contacts: -3, newContacts: 0 }, /negative/],
    [["contacts"], { contacts: 2.5 }, /whole/],
    [["contacts"], { contacts: 10_001 }, /implausibly/],
    [["newContacts"], { newContacts: -1 }, /negative/],
    [["newContacts"], { contacts: 3, newContacts: 4 }, /cannot exceed contacts/],
    [["accompaniments"], { accompaniments: -1 }, /negative/],
    [["accompaniments"], { accompaniments: 0.5 }, /whole/],
    [["materials", 1, "kind"], { materials: [{ kind: "FOOD", quantity: 1 }, { kind: "FOOD", quantity: 2 }] }, /FOOD is listed more than once/],
    [["materials", 0, "quantity"], { materials: [{ kind: "FOOD", quantity: 0 }] }, /at least 1/],
    [["materials", 0, "quantity"], { materials: [{ kind: "FOOD", quantity: -5 }] }, /at least 1/],
    [["materials", 0, "quantity"], { materials: [{ kind: "FOOD", quantity: 1.5 }] }, /whole/],
    [["materials", 0, "quantity"], { materials: [{ kind: "FOOD", quantity: 100_001 }] }, /implausibly/],
    [["materials", 0, "kind"], { materials: [{ kind: "SYRINGES", quantity: 1 }] }, /./],
    [["kind"], { kind: "PATROL" }, /./],
    [["notes"], { notes: "x".repeat(2001) }, /at most 2000/],
  ])("refuses a bad %j", (path, patch, reason) => {
    const r = schema.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(path);
    expect(r.error!.issues[0]!.message).toMatch(reason);
  });
});

describe("outingFilter", () => {
  it("accepts an empty filter", () => {
    expect(outingFilter.parse({})).toEqual({ from: undefined, to: undefined, kind: undefined, area: undefined });
  });
  it("turns dates into database dates and trims the area", () => {
    expect(outingFilter.parse({ from: "2026-01-01", to: "2026-01-31", kind: "DROP_IN", area: " Zingonia " })).toEqual({
      from: new Date("2026-01-01T00:00:00Z"),
      to: new Date("2026-01-31T00:00:00Z"),
      kind: "DROP_IN",
      area: "Zingonia",
    });
  });
  it("refuses a period that ends before it starts", () => {
    const r = outingFilter.safeParse({ from: "2026-02-01", to: "2026-01-01" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["to"]);
  });
});

describe("outingId and summaryPeriodProblem", () => {
  it("accepts only uuids as ids", () => {
    expect(outingId.safeParse("5b7e4f4e-8f8e-4a8e-9c1c-2f5d3c0e9a11").success).toBe(true);
    expect(outingId.safeParse("42").success).toBe(false);
  });
  it("accepts a one-day period and refuses a reversed one", () => {
    expect(summaryPeriodProblem("2026-01-01", "2026-01-01")).toBeNull();
    expect(summaryPeriodProblem("2026-01-02", "2026-01-01")).toEqual({ path: ["to"], reason: "must not be before from" });
  });
});
