import type { TransferRecord } from "@regional/schema";
import { describe, expect, it } from "vitest";
import { figures } from "../testing/figures.ts";
import { countByState, freeCapacity, median, medianHours, mergeRecords, ownRecords, routeMatrix, transferBoard } from "./transfers.board.ts";

function record(overrides: Partial<TransferRecord> & Pick<TransferRecord, "id" | "side">): TransferRecord {
  return {
    origin: "BG",
    destination: "LO",
    state: "REQUESTED",
    gender: "WOMAN",
    ageBand: "AGE_21_25",
    withChildren: false,
    accommodation: "EMERGENCY_SHELTER",
    urgency: "URGENT",
    reason: "SAFETY",
    requestedAt: "2026-11-01T10:00:00.000Z",
    decidedAt: null,
    departedAt: null,
    arrivedAt: null,
    endedAt: null,
    declineReason: null,
    cancelReason: null,
    ...overrides,
  };
}

const arrived = {
  state: "ARRIVED" as const,
  decidedAt: "2026-11-01T12:00:00.000Z",
  departedAt: "2026-11-02T08:00:00.000Z",
  arrivedAt: "2026-11-02T14:00:00.000Z",
};

describe("merging the two provinces' records", () => {
  it("shows a transfer once, confirmed when both records agree", () => {
    const merged = mergeRecords([record({ id: "t1", side: "ORIGIN", ...arrived }), record({ id: "t1", side: "DESTINATION", ...arrived })]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ id: "t1", origin: "BG", destination: "LO", state: "ARRIVED", confirmed: true, arrivedAt: arrived.arrivedAt });
  });

  it("shows the state further along while a message is on its way, unconfirmed", () => {
    const [t] = mergeRecords([
      record({ id: "t1", side: "ORIGIN", state: "REQUESTED" }),
      record({ id: "t1", side: "DESTINATION", state: "ACCEPTED", decidedAt: "2026-11-01T11:00:00.000Z" }),
    ]);
    expect(t).toMatchObject({ state: "ACCEPTED", decidedAt: "2026-11-01T11:00:00.000Z", confirmed: false });
  });

  it("lets a receiver's ending outrank a crossing cancellation, as the provinces converge", () => {
    const [t] = mergeRecords([
      record({ id: "t1", side: "ORIGIN", state: "CANCELLED", cancelReason: "CHANGED_MIND", endedAt: "2026-11-03T10:00:00.000Z" }),
      record({ id: "t1", side: "DESTINATION", ...arrived }),
    ]);
    expect(t).toMatchObject({ state: "ARRIVED", cancelReason: null, endedAt: null });
  });

  it("shows a transfer known from one side only (the other province did not answer)", () => {
    const [t] = mergeRecords([record({ id: "t1", side: "DESTINATION", state: "DECLINED", declineReason: "NO_SUITABLE_PLACE", endedAt: "2026-11-01T11:00:00.000Z" })]);
    expect(t).toMatchObject({ state: "DECLINED", declineReason: "NO_SUITABLE_PLACE", confirmed: false });
  });

  it("keeps a record only from the province it belongs to", () => {
    const forged = record({ id: "t9", side: "ORIGIN", origin: "CR", destination: "PV" });
    expect(ownRecords({ BG: [forged], LO: [record({ id: "t1", side: "DESTINATION" })] }).map((r) => r.id)).toEqual(["t1"]);
  });
});

describe("the board", () => {
  const records = {
    BG: [
      record({ id: "a", side: "ORIGIN", ...arrived }),
      record({ id: "b", side: "ORIGIN", state: "DECLINED", decidedAt: "2026-11-01T14:00:00.000Z", requestedAt: "2026-11-01T10:00:00.000Z" }),
      record({ id: "c", side: "ORIGIN", destination: "CR", requestedAt: "2026-11-04T10:00:00.000Z" }),
    ],
    LO: [record({ id: "a", side: "DESTINATION", ...arrived }), record({ id: "b", side: "DESTINATION", state: "DECLINED", decidedAt: "2026-11-01T14:00:00.000Z" })],
    CR: null,
  };

  it("counts by state, every state listed", () => {
    const counts = countByState(mergeRecords(ownRecords(records)));
    expect(counts).toHaveLength(7);
    expect(counts.filter((c) => c.count > 0)).toEqual([
      { state: "REQUESTED", count: 1 },
      { state: "DECLINED", count: 1 },
      { state: "ARRIVED", count: 1 },
    ]);
  });

  it("builds the origin → destination matrix", () => {
    expect(routeMatrix(mergeRecords(ownRecords(records)))).toEqual([
      { origin: "BG", destination: "LO", count: 2 },
      { origin: "BG", destination: "CR", count: 1 },
    ]);
  });

  it("takes the medians over the transfers that reached the moment", () => {
    const board = transferBoard(records);
    expect(board.medianHoursToDecision).toBe(3); // 2 h and 4 h
    expect(board.medianHoursToArrival).toBe(28); // one arrival, 28 h after the request
    expect(board.missing).toEqual(["BS", "CR", "LC", "MN", "PV"]);
    expect(medianHours([], "decidedAt")).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
  });

  it("carries nothing but provinces, the needs profile, states, times and reasons", () => {
    const keys = new Set(transferBoard(records).transfers.flatMap((t) => [...Object.keys(t), ...Object.keys(t.needs)]));
    expect([...keys].sort()).toEqual(
      [
        "accommodation", "ageBand", "arrivedAt", "cancelReason", "confirmed", "decidedAt", "declineReason", "departedAt", "destination",
        "endedAt", "gender", "id", "needs", "origin", "reason", "requestedAt", "state", "urgency", "withChildren",
      ].sort(),
    );
  });
});

describe("free capacity", () => {
  it("lists each answering province's places by type and target, in the enums' order", () => {
    const cells = freeCapacity({
      LO: figures({
        places: [
          { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 3, occupied: 1, free: 1 },
          { structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 2, occupied: 0, free: 2 },
        ],
      }),
      BG: figures({ places: [{ structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 4, occupied: 4, free: 0 }] }),
      CR: null,
    });
    expect(cells).toEqual([
      { province: "BG", structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 4, free: 0 },
      { province: "LO", structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 2, free: 2 },
      { province: "LO", structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 3, free: 1 },
    ]);
  });
});
