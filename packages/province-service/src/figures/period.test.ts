import { describe, expect, it } from "vitest";
import {
  freePlaces,
  isCaseActiveInPeriod,
  isDayInPeriod,
  isPlaceOccupiedOn,
  isPlacementCurrentOn,
  phaseAtEndOfPeriod,
  phaseOnDay,
  phaseReadingDay,
  type PhaseChange,
} from "./period.ts";

const q1 = { from: "2026-01-01", to: "2026-03-31" };

describe("isDayInPeriod", () => {
  it.each([
    ["2026-01-01", true],
    ["2026-03-31", true],
    ["2026-02-15", true],
    ["2025-12-31", false],
    ["2026-04-01", false],
    [null, false],
  ])("%s in Q1: %s", (day, expected) => {
    expect(isDayInPeriod(day, q1)).toBe(expected);
  });
  it("a one-day period contains exactly that day", () => {
    expect(isDayInPeriod("2026-05-05", { from: "2026-05-05", to: "2026-05-05" })).toBe(true);
    expect(isDayInPeriod("2026-05-06", { from: "2026-05-05", to: "2026-05-05" })).toBe(false);
  });
});

describe("isCaseActiveInPeriod", () => {
  it.each([
    ["opened on the last day", { openedOn: "2026-03-31", closedOn: null }, true],
    ["opened the day after", { openedOn: "2026-04-01", closedOn: null }, false],
    ["closed on the first day", { openedOn: "2025-06-01", closedOn: "2026-01-01" }, true],
    ["closed the day before", { openedOn: "2025-06-01", closedOn: "2025-12-31" }, false],
    ["open across the whole period", { openedOn: "2025-06-01", closedOn: null }, true],
    ["opened and closed inside", { openedOn: "2026-02-01", closedOn: "2026-02-10" }, true],
    ["spanning the period, closed after", { openedOn: "2025-06-01", closedOn: "2026-06-01" }, true],
    ["opened and closed on the same day inside", { openedOn: "2026-03-31", closedOn: "2026-03-31" }, true],
  ])("%s", (_label, c, expected) => {
    expect(isCaseActiveInPeriod(c, q1)).toBe(expected);
  });
});

describe("phaseReadingDay", () => {
  it("reads an open case at the end of the period", () => {
    expect(phaseReadingDay({ openedOn: "2025-01-01", closedOn: null }, q1)).toBe("2026-03-31");
  });
  it("reads a case closed within the period at its closing day", () => {
    expect(phaseReadingDay({ openedOn: "2025-01-01", closedOn: "2026-01-01" }, q1)).toBe("2026-01-01");
    expect(phaseReadingDay({ openedOn: "2025-01-01", closedOn: "2026-03-31" }, q1)).toBe("2026-03-31");
  });
  it("reads a case closed after the period at the end of the period", () => {
    expect(phaseReadingDay({ openedOn: "2025-01-01", closedOn: "2026-04-01" }, q1)).toBe("2026-03-31");
  });
});

describe("phaseOnDay", () => {
  const history: PhaseChange[] = [
    { phase: "RESIDENTIAL_RECEPTION", startedOn: "2026-05-15" },
    { phase: "FIRST_CONTACT", startedOn: "2025-11-10" },
    { phase: "IMMEDIATE_PROTECTION", startedOn: "2026-02-01" },
  ];
  it("takes the last change started on or before the day, whatever the order of the list", () => {
    expect(phaseOnDay(history, "2026-01-31")).toBe("FIRST_CONTACT");
    expect(phaseOnDay(history, "2026-02-01")).toBe("IMMEDIATE_PROTECTION");
    expect(phaseOnDay(history, "2026-05-14")).toBe("IMMEDIATE_PROTECTION");
    expect(phaseOnDay(history, "2026-12-31")).toBe("RESIDENTIAL_RECEPTION");
  });
  it("is null before the first change", () => {
    expect(phaseOnDay(history, "2025-11-09")).toBeNull();
    expect(phaseOnDay([], "2026-01-01")).toBeNull();
  });
  it("breaks a same-day tie by the change recorded last", () => {
    const sameDay: PhaseChange[] = [
      { phase: "IMMEDIATE_PROTECTION", startedOn: "2026-03-01", recordedAt: new Date("2026-03-01T10:00:00Z") },
      { phase: "IDENTIFICATION", startedOn: "2026-03-01", recordedAt: new Date("2026-03-01T09:00:00Z") },
    ];
    expect(phaseOnDay(sameDay, "2026-03-01")).toBe("IMMEDIATE_PROTECTION");
    expect(phaseOnDay([...sameDay].reverse(), "2026-03-01")).toBe("IMMEDIATE_PROTECTION");
  });
});

describe("phaseAtEndOfPeriod", () => {
  const history: PhaseChange[] = [
    { phase: "IDENTIFICATION", startedOn: "2025-06-01" },
    { phase: "SEMI_AUTONOMY", startedOn: "2025-09-01" },
    // recorded after closing, inside the period: must not change the phase at closing
    { phase: "TERRITORIAL_CARE", startedOn: "2026-01-15" },
  ];
  it("gives the phase at closing for a case closed within the period", () => {
    expect(phaseAtEndOfPeriod({ openedOn: "2025-06-01", closedOn: "2026-01-01", phase: "TERRITORIAL_CARE" }, history, q1)).toBe(
      "SEMI_AUTONOMY",
    );
  });
  it("gives the phase at the end of the period for a case still open then", () => {
    expect(phaseAtEndOfPeriod({ openedOn: "2025-06-01", closedOn: null, phase: "TERRITORIAL_CARE" }, history, q1)).toBe(
      "TERRITORIAL_CARE",
    );
    expect(
      phaseAtEndOfPeriod({ openedOn: "2025-06-01", closedOn: null, phase: "TERRITORIAL_CARE" }, history, { from: "2025-10-01", to: "2025-12-31" }),
    ).toBe("SEMI_AUTONOMY");
  });
  it("falls back to the current phase when the history has nothing by then", () => {
    expect(phaseAtEndOfPeriod({ openedOn: "2025-10-01", closedOn: "2025-12-31", phase: "IDENTIFICATION" }, [], q1)).toBe("IDENTIFICATION");
  });
});

describe("placements and places", () => {
  it("a placement occupies from its first day and frees the place on the day the person left", () => {
    const p = { startOn: "2026-02-15", endOn: "2026-03-31" };
    expect(isPlacementCurrentOn(p, "2026-02-14")).toBe(false);
    expect(isPlacementCurrentOn(p, "2026-02-15")).toBe(true);
    expect(isPlacementCurrentOn(p, "2026-03-30")).toBe(true);
    expect(isPlacementCurrentOn(p, "2026-03-31")).toBe(false);
  });
  it("an open placement occupies from its first day on", () => {
    expect(isPlacementCurrentOn({ startOn: "2026-03-31", endOn: null }, "2026-03-31")).toBe(true);
    expect(isPlacementCurrentOn({ startOn: "2026-03-31", endOn: null }, "2026-03-30")).toBe(false);
  });
  it("a place is occupied if any placement is current; a hand-over day counts once", () => {
    const handOver = [
      { startOn: "2026-02-15", endOn: "2026-03-31" },
      { startOn: "2026-03-31", endOn: null },
    ];
    expect(isPlaceOccupiedOn(handOver, "2026-03-31")).toBe(true);
    expect(isPlaceOccupiedOn([], "2026-03-31")).toBe(false);
  });
  it("free places are the active places not occupied", () => {
    expect(freePlaces(5, 2)).toBe(3);
    expect(freePlaces(1, 1)).toBe(0);
    expect(freePlaces(0, 0)).toBe(0);
  });
  it("refuses an occupancy the places cannot hold (a bug upstream, not a figure)", () => {
    expect(() => freePlaces(2, 3)).toThrow(RangeError);
    expect(() => freePlaces(2, -1)).toThrow(RangeError);
    expect(() => freePlaces(2, 0.5)).toThrow(RangeError);
  });
});
