import { OPERATIONAL_PATH, provinceByCode } from "@regional/schema";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import type { Database } from "../db/database.ts";
import { migratedTestDatabase, testBackends } from "../testing/databases.ts";
import { testAuth } from "../testing/tokens.ts";
import { prismaCapacityStore } from "./capacity.store.ts";
import { constraintViolation } from "../db/constraint-violation.ts";

// The real Apollo Server on a real migrated in-memory PGlite; "today" is 2026-11-22. With
// TEST_DATABASE_URL set (as in CI) the same suite runs on PostgreSQL too, where concurrent
// transactions really interleave and the row locks are what keeps a place single-booked.
const TODAY = "2026-11-22";
const identity = await testAuth("BG");

interface GqlError {
  message: string;
  extensions: { code: string; rule?: string; field?: string; reason?: string };
}
interface GqlResult<T = any> {
  data?: T;
  errors?: GqlError[];
}

let db: Database;
let service: RunningProvinceService;
let caseCounter = 0;

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
  const response = await fetch(`${service.url}${OPERATIONAL_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...identity.headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlResult<T>;
}

/** The data of a request that must succeed. */
async function ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await gql<T>(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** The single error of a request that must be refused. */
async function refused(query: string, variables: Record<string, unknown> = {}): Promise<GqlError> {
  const result = await gql(query, variables);
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

/** The cases module is written in parallel: cases are inserted as rows. One person per case (one open case per person). */
async function insertCase(openedOn: string, status: "OPEN" | "CLOSED" = "OPEN"): Promise<string> {
  const n = (caseCounter += 1);
  const person = await db.prisma.person.create({
    data: { givenName: `Persona ${n}`, familyName: "Test", gender: "WOMAN", citizenship: "NG" },
  });
  const row = await db.prisma.case.create({
    data: {
      reference: `BG-2026-${String(n).padStart(4, "0")}`,
      personId: person.id,
      openedOn: new Date(`${openedOn}T00:00:00Z`),
      phase: "IMMEDIATE_PROTECTION",
      referralSource: "STREET_UNIT",
      ageBand: "AGE_21_25",
      minorAtOpening: false,
      ...(status === "CLOSED" ? { status, closedOn: new Date(`${TODAY}T00:00:00Z`), exitOutcome: "AUTONOMY" as const } : {}),
    },
  });
  return row.id;
}

const CREATE_STRUCTURE = `mutation($input: CreateStructureInput!) { createStructure(input: $input) { id name type municipality active } }`;
const UPDATE_STRUCTURE = `mutation($input: UpdateStructureInput!) { updateStructure(input: $input) { id name municipality active } }`;
const ADD_PLACES = `mutation($input: AddPlacesInput!) { addPlaces(input: $input) { id label target active structure { id } } }`;
const SET_PLACE_ACTIVE = `mutation($placeId: ID!, $active: Boolean!) { setPlaceActive(placeId: $placeId, active: $active) { id active } }`;
const PLACE = `mutation($input: PlacePersonInput!) { placePerson(input: $input) { id startOn endOn case { id } place { id label } } }`;
const END = `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id startOn endOn } }`;
const MOVE = `mutation($input: MovePersonInput!) { movePerson(input: $input) { id startOn endOn place { id } case { id } } }`;
const CAPACITY = `query($on: Date) { capacity(on: $on) { on total occupied free counts { structureType target total occupied free } } }`;

async function createStructure(name: string, type = "EMERGENCY_SHELTER", municipality = "Crema"): Promise<string> {
  const data = await ok(CREATE_STRUCTURE, { input: { name, type, municipality } });
  return data.createStructure.id;
}

async function addPlaces(structureId: string, count: number, target = "WOMEN", labelPrefix?: string): Promise<string[]> {
  const data = await ok(ADD_PLACES, { input: { structureId, target, count, labelPrefix } });
  return data.addPlaces.map((p: { id: string }) => p.id);
}

async function placePerson(caseId: string, placeId: string, startOn: string): Promise<string> {
  const data = await ok(PLACE, { input: { caseId, placeId, startOn } });
  return data.placePerson.id;
}

const placementCount = () => db.prisma.placement.count();

describe.each(testBackends())("capacity API on %s", (backend) => {
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await migratedTestDatabase(backend, "capacity", { maxConnections: 10 });
    db = fresh.db;
    dropDatabase = fresh.drop;
    service = await startProvinceService(
      {
        config: { province: provinceByCode("BG"), nodeEnv: "test" },
        db,
        clock: fixedClock(`${TODAY}T10:00:00Z`),
        logger: pino({ level: "silent" }),
        auth: identity.auth,
      },
      { host: "127.0.0.1", port: 0 },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await dropDatabase?.();
  });

  describe("structures and places", () => {
    it("creates a structure, adds places with unique labels and lists them", async () => {
      const id = await createStructure("Casa Accoglienza Crema", "RESIDENTIAL_COMMUNITY", "Crema");
      await addPlaces(id, 3, "WOMEN");
      const more = await ok(ADD_PLACES, { input: { structureId: id, target: "WITH_CHILDREN", count: 8 } });
      expect(more.addPlaces.map((p: { label: string }) => p.label)).toEqual(["P-4", "P-5", "P-6", "P-7", "P-8", "P-9", "P-10", "P-11"]);
      await addPlaces(id, 1, "WOMEN", "Mini");

      const data = await ok(`query($id: ID!) { structure(id: $id) { name type municipality active places { label target active } } }`, { id });
      expect(data.structure).toMatchObject({ name: "Casa Accoglienza Crema", type: "RESIDENTIAL_COMMUNITY", municipality: "Crema", active: true });
      const labels = data.structure.places.map((p: { label: string }) => p.label);
      expect(labels).toEqual(["Mini1", "P-1", "P-2", "P-3", "P-4", "P-5", "P-6", "P-7", "P-8", "P-9", "P-10", "P-11"]);
      expect(data.structure.places.filter((p: { target: string }) => p.target === "WITH_CHILDREN")).toHaveLength(8);
    });

    it("filters and pages structures", async () => {
      await createStructure("Appartamento Lodi Nord", "SEMI_AUTONOMY", "Lodi");
      await createStructure("Appartamento Lodi Sud", "SEMI_AUTONOMY", "lodi");
      const QUERY = `query($filter: StructureFilter, $first: Int, $after: String) {
        structures(filter: $filter, first: $first, after: $after) { nodes { name } pageInfo { endCursor hasNextPage } } }`;
      const first = await ok(QUERY, { filter: { municipality: "LODI", type: "SEMI_AUTONOMY" }, first: 1 });
      expect(first.structures.nodes).toEqual([{ name: "Appartamento Lodi Nord" }]);
      expect(first.structures.pageInfo.hasNextPage).toBe(true);
      const second = await ok(QUERY, { filter: { municipality: "LODI" }, first: 1, after: first.structures.pageInfo.endCursor });
      expect(second.structures.nodes).toEqual([{ name: "Appartamento Lodi Sud" }]);
      expect(second.structures.pageInfo.hasNextPage).toBe(false);
    });

    it("refuses a duplicate name and bad input, writing nothing", async () => {
      await createStructure("Casa Unica");
      const before = await db.prisma.structure.count();
      const duplicate = await refused(CREATE_STRUCTURE, { input: { name: "Casa Unica", type: "HOUSING", municipality: "Crema" } });
      expect(duplicate.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "structure-name-taken", field: "input.name" });
      const bad = await refused(CREATE_STRUCTURE, { input: { name: "X", type: "HOUSING", municipality: "Crema" } });
      expect(bad.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
      const badPlaces = await refused(ADD_PLACES, { input: { structureId: "not-an-id", target: "WOMEN", count: 1 } });
      expect(badPlaces.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.structureId" });
      const tooMany = await refused(ADD_PLACES, { input: { structureId: "6b0c2a56-9508-4887-a1f7-b722f2d7cd64", target: "WOMEN", count: 500 } });
      expect(tooMany.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.count" });
      const unknown = await refused(ADD_PLACES, { input: { structureId: "6b0c2a56-9508-4887-a1f7-b722f2d7cd64", target: "WOMEN", count: 1 } });
      expect(unknown.extensions.code).toBe("NOT_FOUND");
      expect(await db.prisma.structure.count()).toBe(before);
    });

    it("renames a structure; unknown ids are NOT_FOUND or null", async () => {
      const id = await createStructure("Casa Vecchio Nome");
      const data = await ok(UPDATE_STRUCTURE, { input: { id, name: "Casa Nuovo Nome" } });
      expect(data.updateStructure).toMatchObject({ name: "Casa Nuovo Nome", municipality: "Crema", active: true });
      const unknown = await refused(UPDATE_STRUCTURE, { input: { id: "6b0c2a56-9508-4887-a1f7-b722f2d7cd64", name: "Altro" } });
      expect(unknown.extensions.code).toBe("NOT_FOUND");
      expect((await ok(`{ structure(id: "6b0c2a56-9508-4887-a1f7-b722f2d7cd64") { id } }`)).structure).toBeNull();
    });
  });

  describe("placements", () => {
    it("places a person, shows the placement on the place, and refuses a full place writing nothing", async () => {
      const structureId = await createStructure("Pronta Accoglienza Bergamo", "EMERGENCY_SHELTER", "Bergamo");
      const [placeId] = await addPlaces(structureId, 1);
      const first = await insertCase("2026-10-01");
      const second = await insertCase("2026-10-01");

      const placed = await ok(PLACE, { input: { caseId: first, placeId, startOn: "2026-11-01" } });
      expect(placed.placePerson).toMatchObject({ startOn: "2026-11-01", endOn: null, case: { id: first }, place: { id: placeId, label: "P-1" } });

      const onPlace = await ok(`query($id: ID!) { place(id: $id) { occupied currentPlacement { id case { id } } placements { id } } }`, { id: placeId });
      expect(onPlace.place).toMatchObject({ occupied: true, currentPlacement: { id: placed.placePerson.id, case: { id: first } } });

      const before = await placementCount();
      const full = await refused(PLACE, { input: { caseId: second, placeId, startOn: TODAY } });
      expect(full.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "place-occupied", field: "input.placeId" });
      // Back-dated: the place was free in October, but an open-ended stay from then would overlap November.
      const backDated = await refused(PLACE, { input: { caseId: second, placeId, startOn: "2026-10-15" } });
      expect(backDated.extensions.rule).toBe("place-occupied");
      expect(await placementCount()).toBe(before);
    });

    it("refuses two places at once for the same person", async () => {
      const structureId = await createStructure("Comunità Treviglio", "RESIDENTIAL_COMMUNITY", "Treviglio");
      const [a, b] = await addPlaces(structureId, 2);
      const caseId = await insertCase("2026-09-01");
      await placePerson(caseId, a!, "2026-10-01");
      const before = await placementCount();
      const twice = await refused(PLACE, { input: { caseId, placeId: b, startOn: "2026-11-01" } });
      expect(twice.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "case-already-placed", field: "input.caseId" });
      const earlier = await refused(PLACE, { input: { caseId, placeId: b, startOn: "2026-09-15" } });
      expect(earlier.extensions.rule).toBe("case-already-placed");
      expect(await placementCount()).toBe(before);
    });

    it("refuses a placement before the case opened, for a closed case, in an inactive place, or in the future", async () => {
      const structureId = await createStructure("Casa Seriate", "HOUSING", "Seriate");
      const [placeId, inactivePlace] = await addPlaces(structureId, 2);
      await ok(SET_PLACE_ACTIVE, { placeId: inactivePlace, active: false });
      const caseId = await insertCase("2026-10-10");
      const closed = await insertCase("2026-01-10", "CLOSED");
      const before = await placementCount();

      const early = await refused(PLACE, { input: { caseId, placeId, startOn: "2026-10-09" } });
      expect(early.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "before-case-opened", field: "input.startOn" });
      expect(early.message).toMatch(/2026-10-10/);
      const closedCase = await refused(PLACE, { input: { caseId: closed, placeId, startOn: "2026-10-10" } });
      expect(closedCase.extensions).toMatchObject({ rule: "case-closed", field: "input.caseId" });
      const inactive = await refused(PLACE, { input: { caseId, placeId: inactivePlace, startOn: "2026-10-10" } });
      expect(inactive.extensions).toMatchObject({ rule: "place-inactive", field: "input.placeId" });
      const future = await refused(PLACE, { input: { caseId, placeId, startOn: "2026-11-23" } });
      expect(future.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.startOn" });
      const unknownCase = await refused(PLACE, { input: { caseId: "6b0c2a56-9508-4887-a1f7-b722f2d7cd64", placeId, startOn: "2026-10-10" } });
      expect(unknownCase.extensions.code).toBe("NOT_FOUND");
      expect(await placementCount()).toBe(before);

      await placePerson(caseId, placeId!, "2026-10-10");
    });

    it("ends a placement and places someone else from the day it ended; refuses bad ends", async () => {
      const structureId = await createStructure("Alloggio Dalmine", "HOUSING", "Dalmine");
      const [placeId] = await addPlaces(structureId, 1);
      const first = await insertCase("2026-06-01");
      const second = await insertCase("2026-06-01");
      const placementId = await placePerson(first, placeId!, "2026-07-01");

      const tooEarly = await refused(END, { input: { placementId, endOn: "2026-07-01" } });
      expect(tooEarly.extensions).toMatchObject({ rule: "end-not-after-start", field: "input.endOn" });
      expect((await db.prisma.placement.findUniqueOrThrow({ where: { id: placementId } })).endOn).toBeNull();

      const ended = await ok(END, { input: { placementId, endOn: "2026-08-15" } });
      expect(ended.endPlacement).toMatchObject({ startOn: "2026-07-01", endOn: "2026-08-15" });
      const again = await refused(END, { input: { placementId, endOn: "2026-08-20" } });
      expect(again.extensions).toMatchObject({ rule: "placement-already-ended", field: "input.endOn" });

      // A stay overlapping the ended one is still refused; moving in the day the first person left is fine.
      expect((await refused(PLACE, { input: { caseId: second, placeId, startOn: "2026-08-14" } })).extensions.rule).toBe("place-occupied");
      await placePerson(second, placeId!, "2026-08-15");
      // The first person can be placed again, in the place where she was before, only after the second leaves.
      expect((await refused(PLACE, { input: { caseId: first, placeId, startOn: "2026-09-01" } })).extensions.rule).toBe("place-occupied");

      const history = await ok(`query($id: ID!) { place(id: $id) { placements { startOn endOn case { id } } } }`, { id: placeId });
      expect(history.place.placements).toEqual([
        { startOn: "2026-08-15", endOn: null, case: { id: second } },
        { startOn: "2026-07-01", endOn: "2026-08-15", case: { id: first } },
      ]);
    });

    it("moves a person in one step, and refuses moves that make no sense", async () => {
      const structureId = await createStructure("Comunità Romano", "RESIDENTIAL_COMMUNITY", "Romano di Lombardia");
      const semi = await createStructure("Semi-autonomia Romano", "SEMI_AUTONOMY", "Romano di Lombardia");
      const [from] = await addPlaces(structureId, 1);
      const [to, taken] = await addPlaces(semi, 2);
      const caseId = await insertCase("2026-05-01");
      const other = await insertCase("2026-05-01");
      const notPlaced = await insertCase("2026-05-01");
      const currentId = await placePerson(caseId, from!, "2026-05-02");
      await placePerson(other, taken!, "2026-05-02");
      const before = await placementCount();

      const same = await refused(MOVE, { input: { caseId, toPlaceId: from, on: "2026-09-01" } });
      expect(same.extensions).toMatchObject({ rule: "same-place", field: "input.toPlaceId" });
      const occupied = await refused(MOVE, { input: { caseId, toPlaceId: taken, on: "2026-09-01" } });
      expect(occupied.extensions).toMatchObject({ rule: "place-occupied", field: "input.toPlaceId" });
      const tooEarly = await refused(MOVE, { input: { caseId, toPlaceId: to, on: "2026-05-02" } });
      expect(tooEarly.extensions).toMatchObject({ rule: "end-not-after-start", field: "input.on" });
      const nowhere = await refused(MOVE, { input: { caseId: notPlaced, toPlaceId: to, on: "2026-09-01" } });
      expect(nowhere.extensions).toMatchObject({ rule: "case-not-placed", field: "input.caseId" });
      expect(await placementCount()).toBe(before);
      expect((await db.prisma.placement.findUniqueOrThrow({ where: { id: currentId } })).endOn).toBeNull();

      const moved = await ok(MOVE, { input: { caseId, toPlaceId: to, on: "2026-09-01" } });
      expect(moved.movePerson).toMatchObject({ startOn: "2026-09-01", endOn: null, place: { id: to }, case: { id: caseId } });
      const old = await db.prisma.placement.findUniqueOrThrow({ where: { id: currentId } });
      expect(old.endOn?.toISOString().slice(0, 10)).toBe("2026-09-01");
      expect(await placementCount()).toBe(before + 1);

      // Seen from the case (Case is the cases module's type; capacity adds these two fields).
      const seen = await ok(`query($id: ID!) { case(id: $id) { currentPlacement { place { id } } placements { startOn endOn place { id } } } }`, {
        id: caseId,
      });
      expect(seen.case).toEqual({
        currentPlacement: { place: { id: to } },
        placements: [
          { startOn: "2026-09-01", endOn: null, place: { id: to } },
          { startOn: "2026-05-02", endOn: "2026-09-01", place: { id: from } },
        ],
      });
      const notPlacedCase = await ok(`query($id: ID!) { case(id: $id) { currentPlacement { id } placements { id } } }`, { id: notPlaced });
      expect(notPlacedCase.case).toEqual({ currentPlacement: null, placements: [] });
    });

    it("refuses taking an occupied place or a structure with residents out of service", async () => {
      const structureId = await createStructure("Casa Caravaggio", "EMERGENCY_SHELTER", "Caravaggio");
      const [placeId, freePlace] = await addPlaces(structureId, 2);
      const caseId = await insertCase("2026-10-01");
      const placementId = await placePerson(caseId, placeId!, "2026-10-05");

      const place = await refused(SET_PLACE_ACTIVE, { placeId, active: false });
      expect(place.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "place-occupied", field: "active" });
      const structure = await refused(UPDATE_STRUCTURE, { input: { id: structureId, active: false, name: "Casa Caravaggio 2" } });
      expect(structure.extensions).toMatchObject({ rule: "structure-has-residents", field: "input.active" });
      expect(await db.prisma.place.findUniqueOrThrow({ where: { id: placeId! } })).toMatchObject({ active: true });
      expect(await db.prisma.structure.findUniqueOrThrow({ where: { id: structureId } })).toMatchObject({ active: true, name: "Casa Caravaggio" });

      expect((await ok(SET_PLACE_ACTIVE, { placeId: freePlace, active: false })).setPlaceActive.active).toBe(false);
      await ok(END, { input: { placementId, endOn: TODAY } });
      expect((await ok(UPDATE_STRUCTURE, { input: { id: structureId, active: false } })).updateStructure.active).toBe(false);
      // A place of an inactive structure takes nobody.
      const other = await insertCase("2026-10-01");
      expect((await refused(PLACE, { input: { caseId: other, placeId, startOn: TODAY } })).extensions.rule).toBe("place-inactive");
    });
  });

  describe("occupancy", () => {
    it("is derived from placements as of a date, before and after, per type and target", async () => {
      const before = await ok(CAPACITY, { on: "2026-06-30" });
      const s = await createStructure("Casa Occupazione", "EMERGENCY_SHELTER", "Crema");
      const [a, b, c] = await addPlaces(s, 3, "MINORS");
      const first = await insertCase("2026-01-01");
      const second = await insertCase("2026-01-01");
      const third = await insertCase("2026-01-01");
      const p1 = await placePerson(first, a!, "2026-07-01");
      await placePerson(second, b!, "2026-08-01");
      await ok(END, { input: { placementId: p1, endOn: "2026-09-01" } });
      await placePerson(third, c!, "2026-09-01");

      const QUERY = `query($id: ID!, $on: Date) { structure(id: $id) { occupancy(on: $on) { on total occupied free counts { structureType target total occupied free } } } }`;
      const on = async (day: string) => (await ok(QUERY, { id: s, on: day })).structure.occupancy;
      expect(await on("2026-06-30")).toMatchObject({ on: "2026-06-30", total: 3, occupied: 0, free: 3 });
      expect(await on("2026-07-01")).toMatchObject({ occupied: 1, free: 2 });
      expect(await on("2026-08-31")).toMatchObject({ occupied: 2, free: 1 });
      // 1 September: the first left (half-open end) and the third arrived.
      expect(await on("2026-09-01")).toMatchObject({ occupied: 2, free: 1 });
      expect((await on("2026-09-01")).counts).toEqual([{ structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 3, occupied: 2, free: 1 }]);
      // Default: today.
      expect((await ok(`query($id: ID!) { structure(id: $id) { occupancy { on occupied } } }`, { id: s })).structure.occupancy).toEqual({
        on: TODAY,
        occupied: 2,
      });

      // The province as a whole moved by exactly these places.
      const minorsShelter = (r: any) =>
        r.capacity.counts.find((x: any) => x.structureType === "EMERGENCY_SHELTER" && x.target === "MINORS") ?? { total: 0, occupied: 0 };
      const after = await ok(CAPACITY, { on: "2026-08-15" });
      expect(minorsShelter(after).total - minorsShelter(before).total).toBe(3);
      expect(minorsShelter(after).occupied).toBe(2);
      expect(after.capacity.total).toBe(after.capacity.occupied + after.capacity.free);
      const today = await ok(`{ capacity { on total occupied free } }`);
      expect(today.capacity.on).toBe(TODAY);

      // A deactivated free place leaves the capacity.
      const withoutA = await ok(SET_PLACE_ACTIVE, { placeId: a, active: false });
      expect(withoutA.setPlaceActive.active).toBe(false);
      expect(await on(TODAY)).toMatchObject({ total: 2, occupied: 2, free: 0 });
    });

    it("refuses a malformed date", async () => {
      const bad = await gql(CAPACITY, { on: "2026-02-30" });
      expect(bad.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
      expect(bad.data).toBeUndefined();
    });
  });

  describe("concurrency", () => {
    it("10 concurrent placements in one place: exactly one succeeds and occupancy is 1", async () => {
      const s = await createStructure("Casa Concorrenza", "EMERGENCY_SHELTER", "Crema");
      const [placeId] = await addPlaces(s, 1, "TRANS");
      const cases = await Promise.all(Array.from({ length: 10 }, () => insertCase("2026-11-01")));
      const results = await Promise.all(cases.map((caseId) => gql(PLACE, { input: { caseId, placeId, startOn: "2026-11-20" } })));
      const succeeded = results.filter((r) => !r.errors);
      expect(succeeded).toHaveLength(1);
      for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions).toMatchObject({ rule: "place-occupied" });
      expect(await db.prisma.placement.count({ where: { placeId } })).toBe(1);
      const occupancy = await ok(`query($id: ID!) { structure(id: $id) { occupancy { total occupied free } } }`, { id: s });
      expect(occupancy.structure.occupancy).toEqual({ total: 1, occupied: 1, free: 0 });
    });

    // Straight on the store (same database, same code under the resolvers): HTTP staggers the
    // requests too much for the race to show; here, without the row locks, PostgreSQL lets a
    // deactivation and a placement both commit in most rounds.
    it("taking places or a structure out of service while people are placed in them: never both", async () => {
      const store = prismaCapacityStore(db.prisma);
      const today = new Date(`${TODAY}T00:00:00Z`);
      for (let round = 0; round < 6; round++) {
        const s = await createStructure(`Casa Corsa ${round}`, "EMERGENCY_SHELTER", "Crema");
        const places = await addPlaces(s, 10);
        const cases = await Promise.all(places.map(() => insertCase("2026-11-01")));
        await Promise.allSettled([
          ...places.map((placeId, i) => store.placePerson({ caseId: cases[i]!, placeId, startOn: new Date("2026-11-20T00:00:00Z") })),
          // Even rounds race the places, odd rounds the whole structure.
          ...(round % 2 === 0 ? places.slice(0, 5).map((placeId) => store.setPlaceActive(placeId, false, today)) : []),
          ...(round % 2 === 1 ? [store.updateStructure(s, { active: false }, today)] : []),
        ]);
        const rows = await db.prisma.place.findMany({ where: { structureId: s }, include: { placements: true, structure: true } });
        const inactiveButOccupied = rows.filter((p) => p.placements.length > 0 && !(p.active && p.structure.active));
        expect(inactiveButOccupied).toEqual([]);
      }
    });

    it("10 concurrent placements of one person in different places: exactly one succeeds", async () => {
      const s = await createStructure("Casa Concorrenza Due", "EMERGENCY_SHELTER", "Crema");
      const places = await addPlaces(s, 10);
      const caseId = await insertCase("2026-11-01");
      const results = await Promise.all(places.map((placeId) => gql(PLACE, { input: { caseId, placeId, startOn: "2026-11-20" } })));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions).toMatchObject({ rule: "case-already-placed" });
      expect(await db.prisma.placement.count({ where: { caseId } })).toBe(1);
    });
  });

  describe("constraint violations", () => {
    it("recognises the partial unique indexes behind the rules in what Prisma throws", async () => {
      const s = await createStructure("Casa Indici", "HOUSING", "Crema");
      const [placeId, other] = await addPlaces(s, 2);
      const caseId = await insertCase("2026-01-01");
      const second = await insertCase("2026-01-01");
      await placePerson(caseId, placeId!, "2026-02-01");
      const caught = async (write: () => Promise<unknown>) => write().then(() => expect.fail("the write should fail"), (e: unknown) => e);
      const samePlace = await caught(() => db.prisma.placement.create({ data: { caseId: second, placeId: placeId!, startOn: new Date("2026-03-01") } }));
      expect(constraintViolation(samePlace)).toMatchObject({ code: "23505", constraint: "Placement_one_current_per_place" });
      const sameCase = await caught(() => db.prisma.placement.create({ data: { caseId, placeId: other!, startOn: new Date("2026-03-01") } }));
      expect(constraintViolation(sameCase)).toMatchObject({ code: "23505", constraint: "Placement_one_current_per_case" });
      const dates = await caught(() =>
        db.prisma.placement.create({ data: { caseId: second, placeId: other!, startOn: new Date("2026-03-01"), endOn: new Date("2026-03-01") } }),
      );
      expect(constraintViolation(dates)).toMatchObject({ code: "23514", constraint: "Placement_dates" });
      expect(constraintViolation(new Error("boom"))).toBeNull();
    });
  });
});
