import { describe, expect, it } from "vitest";
import {
  coversDay,
  isOccupiedOn,
  occupancyOn,
  overlapping,
  overlaps,
  sumOccupancy,
  type PlaceForOccupancy,
  type PlacementForOccupancy,
} from "./occupancy.ts";

const stay = (startOn: string, endOn: string | null = null) => ({ startOn, endOn });

describe("coversDay / isOccupiedOn (half-open [startOn, endOn))", () => {
  it("holds the place from the start day included", () => {
    expect(coversDay(stay("2026-03-01", "2026-03-10"), "2026-03-01")).toBe(true);
    expect(coversDay(stay("2026-03-01", "2026-03-10"), "2026-02-28")).toBe(false);
  });
  it("frees the place on the end day (the day the person left)", () => {
    expect(coversDay(stay("2026-03-01", "2026-03-10"), "2026-03-09")).toBe(true);
    expect(coversDay(stay("2026-03-01", "2026-03-10"), "2026-03-10")).toBe(false);
  });
  it("holds an open placement on every day from its start", () => {
    expect(coversDay(stay("2026-03-01"), "2030-01-01")).toBe(true);
    expect(coversDay(stay("2026-03-01"), "2026-02-28")).toBe(false);
  });
  it("a one-night stay occupies exactly its start day", () => {
    const oneNight = stay("2026-03-01", "2026-03-02");
    expect(["2026-02-28", "2026-03-01", "2026-03-02"].map((d) => coversDay(oneNight, d))).toEqual([false, true, false]);
  });
  it("accepts Prisma @db.Date values (UTC midnight) as well as strings", () => {
    const row = { startOn: new Date("2026-03-01T00:00:00Z"), endOn: new Date("2026-03-10T00:00:00Z") };
    expect(coversDay(row, new Date("2026-03-09T00:00:00Z"))).toBe(true);
    expect(coversDay(row, "2026-03-10")).toBe(false);
  });
  it("compares across months and years by calendar order", () => {
    expect(coversDay(stay("2025-12-31", "2026-01-01"), "2025-12-31")).toBe(true);
    expect(coversDay(stay("2025-12-31", "2026-01-01"), "2026-01-01")).toBe(false);
  });
  it("is occupied if any placement holds the day; a same-day move out and in leaves no gap", () => {
    const history = [stay("2026-01-01", "2026-02-01"), stay("2026-02-01", "2026-03-01"), stay("2026-04-01")];
    expect(isOccupiedOn(history, "2026-02-01")).toBe(true);
    expect(isOccupiedOn(history, "2026-03-01")).toBe(false);
    expect(isOccupiedOn(history, "2026-03-31")).toBe(false);
    expect(isOccupiedOn(history, "2026-04-01")).toBe(true);
    expect(isOccupiedOn([], "2026-04-01")).toBe(false);
  });
});

describe("overlaps (half-open intervals)", () => {
  it.each([
    ["disjoint", stay("2026-01-01", "2026-01-10"), stay("2026-02-01", "2026-02-10"), false],
    ["touching: one ends the day the other starts", stay("2026-01-01", "2026-01-10"), stay("2026-01-10", "2026-01-20"), false],
    ["sharing one day", stay("2026-01-01", "2026-01-11"), stay("2026-01-10", "2026-01-20"), true],
    ["same start day", stay("2026-01-01", "2026-01-02"), stay("2026-01-01", "2026-03-01"), true],
    ["one inside the other", stay("2026-01-01", "2026-12-31"), stay("2026-03-01", "2026-03-02"), true],
    ["open vs later closed", stay("2026-01-01"), stay("2026-05-01", "2026-05-02"), true],
    ["open vs earlier closed ending on its start", stay("2026-05-01"), stay("2026-04-01", "2026-05-01"), false],
    ["open vs earlier closed ending after its start", stay("2026-05-01"), stay("2026-04-01", "2026-05-02"), true],
    ["two open intervals always overlap", stay("2026-01-01"), stay("2030-01-01"), true],
    ["an empty interval overlaps nothing", stay("2026-01-05", "2026-01-05"), stay("2026-01-01"), false],
  ])("%s", (_name, a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected);
  });

  it("overlapping picks the intervals that share a day with the candidate", () => {
    const others = [stay("2026-01-01", "2026-02-01"), stay("2026-02-01", "2026-03-01"), stay("2026-03-15")];
    expect(overlapping(stay("2026-02-15", "2026-03-15"), others)).toEqual([others[1]]);
    expect(overlapping(stay("2026-03-01", "2026-03-15"), others)).toEqual([]);
  });
});

describe("occupancyOn", () => {
  const place = (id: string, structureType: PlaceForOccupancy["structureType"], target: PlaceForOccupancy["target"], inService = true) => ({
    id,
    structureType,
    target,
    inService,
  });
  const places: PlaceForOccupancy[] = [
    place("a", "RESIDENTIAL_COMMUNITY", "WOMEN"),
    place("b", "RESIDENTIAL_COMMUNITY", "WOMEN"),
    place("c", "EMERGENCY_SHELTER", "WOMEN"),
    place("d", "EMERGENCY_SHELTER", "WITH_CHILDREN"),
    place("e", "EMERGENCY_SHELTER", "WOMEN", false),
    place("f", "HOUSING", "MEN", false),
  ];
  const at = (placeId: string, startOn: string, endOn: string | null = null): PlacementForOccupancy => ({ placeId, startOn, endOn });
  const placements = [at("a", "2026-03-01"), at("c", "2026-01-01", "2026-03-01"), at("c", "2026-03-01", "2026-03-05"), at("d", "2026-03-04")];

  it("counts places in service per structure type and target, in enum order", () => {
    expect(occupancyOn(places, placements, "2026-03-04")).toEqual([
      { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 1, occupied: 1, free: 0 },
      { structureType: "EMERGENCY_SHELTER", target: "WITH_CHILDREN", total: 1, occupied: 1, free: 0 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 2, occupied: 1, free: 1 },
    ]);
  });
  it("frees a place on its end day and takes it on the start day", () => {
    const counts = occupancyOn(places, placements, "2026-03-05");
    expect(counts.find((c) => c.structureType === "EMERGENCY_SHELTER" && c.target === "WOMEN")).toMatchObject({ occupied: 0, free: 1 });
    expect(counts.find((c) => c.target === "WITH_CHILDREN")).toMatchObject({ occupied: 1 });
  });
  it("before any placement everything in service is free", () => {
    expect(sumOccupancy(occupancyOn(places, placements, "2025-12-31"))).toEqual({ total: 4, occupied: 0, free: 4 });
  });
  it("leaves out places not in service, even if a placement held them, and combinations with none in service", () => {
    const counts = occupancyOn(places, [...placements, at("e", "2026-01-01"), at("f", "2026-01-01")], "2026-03-04");
    expect(counts.some((c) => c.structureType === "HOUSING")).toBe(false);
    expect(sumOccupancy(counts)).toEqual({ total: 4, occupied: 3, free: 1 });
  });
  it("counts a place once even if two placements cover the same day (never more occupied than total)", () => {
    const counts = occupancyOn([place("a", "HOUSING", "MEN")], [at("a", "2026-01-01"), at("a", "2026-02-01")], "2026-03-01");
    expect(counts).toEqual([{ structureType: "HOUSING", target: "MEN", total: 1, occupied: 1, free: 0 }]);
  });
  it("ignores placements of places it was not given", () => {
    expect(sumOccupancy(occupancyOn([place("a", "HOUSING", "MEN")], [at("zz", "2026-01-01")], "2026-03-01"))).toEqual({
      total: 1,
      occupied: 0,
      free: 1,
    });
  });
  it("no places, no counts", () => {
    expect(occupancyOn([], placements, "2026-03-04")).toEqual([]);
    expect(sumOccupancy([])).toEqual({ total: 0, occupied: 0, free: 0 });
  });
});
