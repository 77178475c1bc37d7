import { describe, expect, it } from "vitest";
import { recordTrainingEventInput, trainingEventFilter } from "./training.rules.ts";

const valid = { kind: "TRAINING", audience: "POLICE", heldOn: "2026-03-10", title: "Indicatori di tratta", participants: 24 };

describe("recordTrainingEventInput", () => {
  const schema = recordTrainingEventInput("2026-11-22");
  it("accepts a past event and turns its date into a database date", () => {
    const parsed = schema.parse(valid);
    expect(parsed.heldOn).toEqual(new Date("2026-03-10T00:00:00Z"));
  });
  it.each([
    ["heldOn", { heldOn: "2026-12-01" }, /future/],
    ["heldOn", { heldOn: "2026-02-30" }, /calendar/],
    ["participants", { participants: -1 }, /negative/],
    ["participants", { participants: 2.5 }, /whole/],
    ["title", { title: "  " }, /at least/],
    ["audience", { audience: "ALIENS" }, /./],
  ])("refuses a bad %s", (field, patch, reason) => {
    const r = schema.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual([field]);
    expect(r.error!.issues[0]!.message).toMatch(reason);
  });
});

describe("trainingEventFilter", () => {
  it("refuses a period that ends before it starts", () => {
    const r = trainingEventFilter.safeParse({ from: "2026-02-01", to: "2026-01-01" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["to"]);
  });
});
