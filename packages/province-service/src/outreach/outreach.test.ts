import { provinceByCode } from "@regional/schema";
import { GraphQLError } from "graphql";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { testAuth } from "../testing/tokens.ts";
import { prismaOutreachStore } from "./outreach.store.ts";

// Runs the real service (operational and federation APIs) on a migrated in-memory PGlite.
let db: Database;
let service: RunningProvinceService;
const identity = await testAuth("BG");

beforeAll(async () => {
  db = await openDatabase({ kind: "pglite" });
  await migrate(db.sql);
  service = await startProvinceService(
    {
      config: { province: provinceByCode("BG"), nodeEnv: "test" },
      db,
      clock: fixedClock("2026-11-22T10:00:00Z"),
      logger: pino({ level: "silent" }),
      auth: identity.auth,
    },
    { host: "127.0.0.1", port: 0 },
  );
});
afterAll(async () => {
  await service?.stop();
  await db?.close();
});
beforeEach(async () => {
  await db.prisma.outreachOuting.deleteMany();
});

interface GqlResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, path = "/graphql"): Promise<GqlResponse<T>> {
  const res = await fetch(`${service.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(path === "/federation" ? identity.gatewayHeaders : identity.headers) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResponse<T>;
}

const OUTING_FIELDS = `id kind heldOn area operators contacts newContacts accompaniments materials { kind quantity } notes`;
const RECORD = `mutation ($input: RecordOutingInput!) { recordOuting(input: $input) { ${OUTING_FIELDS} } }`;

const streetOuting = {
  kind: "STREET_UNIT",
  heldOn: "2026-11-20",
  area: "Zingonia",
  operators: 2,
  contacts: 12,
  newContacts: 3,
  accompaniments: 1,
  materials: [
    { kind: "LEAFLETS", quantity: 15 },
    { kind: "CONDOMS", quantity: 60 },
  ],
  notes: "B. said she would come to the drop-in on Tuesday",
};

async function record(patch: Record<string, unknown> = {}) {
  const body = await gql(RECORD, { input: { ...streetOuting, ...patch } });
  expect(body.errors).toBeUndefined();
  return body.data!.recordOuting as { id: string } & Record<string, unknown>;
}

const rowCounts = async () => ({ outings: await db.prisma.outreachOuting.count(), materials: await db.prisma.outingMaterial.count() });

describe("recordOuting", () => {
  it("records an anonymous outing with its materials and gives it back", async () => {
    const outing = await record();
    expect(outing).toMatchObject({
      kind: "STREET_UNIT",
      heldOn: "2026-11-20",
      area: "Zingonia",
      operators: 2,
      contacts: 12,
      newContacts: 3,
      accompaniments: 1,
      // in the order of the MaterialKind enum, whatever the input order
      materials: [
        { kind: "LEAFLETS", quantity: 15 },
        { kind: "CONDOMS", quantity: 60 },
      ],
      notes: "B. said she would come to the drop-in on Tuesday",
    });
    const stored = await db.prisma.outreachOuting.findUniqueOrThrow({ where: { id: outing.id }, include: { materials: true } });
    expect(stored.heldOn).toEqual(new Date("2026-11-20T00:00:00Z"));
    expect(stored.materials).toHaveLength(2);
  });

  it("records a drop-in opening with no operator count, no materials and no notes (held today)", async () => {
    const outing = await record({ kind: "DROP_IN", heldOn: "2026-11-22", operators: 0, materials: [], notes: "  " });
    expect(outing).toMatchObject({ kind: "DROP_IN", operators: 0, materials: [], notes: null });
  });

  it.each([
    ["input.newContacts", { contacts: 3, newContacts: 4 }, /cannot exceed contacts/],
    ["input.operators", { operators: 0 }, /at least 1 operator/],
    ["input.heldOn", { heldOn: "2026-11-23" }, /future/],
    ["input.materials.1.kind", { materials: [{ kind: "FOOD", quantity: 2 }, { kind: "FOOD", quantity: 3 }] }, /more than once/],
    ["input.materials.0.quantity", { materials: [{ kind: "FOOD", quantity: 0 }] }, /at least 1/],
    ["input.contacts", { contacts: -1, newContacts: 0 }, /negative/],
    ["input.accompaniments", { accompaniments: -2 }, /negative/],
    ["input.area", { area: "" }, /at least 2/],
  ])("refuses %s and writes nothing", async (field, patch, reason) => {
    await record({ area: "Already there" });
    const before = await rowCounts();
    const body = await gql(RECORD, { input: { ...streetOuting, ...patch } });
    expect(body.data).toBeNull();
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(body.errors![0]!.extensions.reason).toMatch(reason);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a non-integer count at the GraphQL layer and writes nothing", async () => {
    const body = await gql(RECORD, { input: { ...streetOuting, contacts: 2.5 } });
    expect(body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(await rowCounts()).toEqual({ outings: 0, materials: 0 });
  });
});

describe("the database guards behind the rules", () => {
  const base = {
    kind: "INDOOR" as const,
    heldOn: new Date("2026-11-01T00:00:00Z"),
    area: "Via Quarenghi",
    operators: 1,
    contacts: 2,
    newContacts: 1,
    accompaniments: 0,
    materials: [],
    notes: null,
  };

  it("translates a count the CHECK constraint refuses into the domain error, writing nothing", async () => {
    const store = prismaOutreachStore(db.prisma);
    const error = await store.record({ ...base, contacts: 1, newContacts: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "outing-counts" });
    expect(await rowCounts()).toEqual({ outings: 0, materials: 0 });
  });

  it("translates a material kind listed twice into BAD_USER_INPUT and leaves no half-written outing", async () => {
    const store = prismaOutreachStore(db.prisma);
    const error = await store
      .record({ ...base, materials: [{ kind: "FOOD", quantity: 1 }, { kind: "FOOD", quantity: 2 }] })
      .catch((e: unknown) => e);
    expect((error as GraphQLError).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.materials" });
    expect(await rowCounts()).toEqual({ outings: 0, materials: 0 });
  });
});

describe("outings and outing", () => {
  const LIST = `query ($filter: OutreachOutingFilter, $first: Int, $after: String) {
    outings(filter: $filter, first: $first, after: $after) { nodes { id heldOn kind area materials { kind quantity } } pageInfo { endCursor hasNextPage } }
  }`;

  it("lists most recent first, filters by period, kind and area, and pages with cursors", async () => {
    const a = await record({ heldOn: "2026-10-01", area: "Zingonia" });
    const b = await record({ heldOn: "2026-10-08", area: "zingonia " });
    const c = await record({ heldOn: "2026-10-15", area: "Via Borgo Palazzo" });
    const d = await record({ heldOn: "2026-10-15", kind: "DROP_IN", area: "Sportello", materials: [] });

    const all = await gql(LIST);
    expect(all.errors).toBeUndefined();
    const ids = all.data!.outings.nodes.map((n: { id: string }) => n.id);
    expect(ids.slice(0, 2).sort()).toEqual([c.id, d.id].sort()); // same day: ordered by id
    expect(ids.slice(2)).toEqual([b.id, a.id]);
    expect(all.data!.outings.nodes.find((n: { id: string }) => n.id === a.id).materials).toEqual([
      { kind: "LEAFLETS", quantity: 15 },
      { kind: "CONDOMS", quantity: 60 },
    ]);

    const byArea = await gql(LIST, { filter: { area: "ZINGONIA" } });
    expect(byArea.data!.outings.nodes.map((n: { id: string }) => n.id)).toEqual([b.id, a.id]);
    const byKind = await gql(LIST, { filter: { kind: "DROP_IN" } });
    expect(byKind.data!.outings.nodes.map((n: { id: string }) => n.id)).toEqual([d.id]);
    const byPeriod = await gql(LIST, { filter: { from: "2026-10-08", to: "2026-10-14" } });
    expect(byPeriod.data!.outings.nodes.map((n: { id: string }) => n.id)).toEqual([b.id]);
    const boundaries = await gql(LIST, { filter: { from: "2026-10-01", to: "2026-10-08" } });
    expect(boundaries.data!.outings.nodes.map((n: { id: string }) => n.id)).toEqual([b.id, a.id]);

    const first = await gql(LIST, { first: 3 });
    expect(first.data!.outings.pageInfo.hasNextPage).toBe(true);
    const rest = await gql(LIST, { first: 3, after: first.data!.outings.pageInfo.endCursor });
    expect(rest.data!.outings.nodes.map((n: { id: string }) => n.id)).toEqual([a.id]);
    expect(rest.data!.outings.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses a reversed period, a bad cursor and a bad page size", async () => {
    const reversed = await gql(LIST, { filter: { from: "2026-10-08", to: "2026-10-01" } });
    expect(reversed.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.to" });
    const cursor = await gql(LIST, { after: "not-a-cursor" });
    expect(cursor.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const size = await gql(LIST, { first: 0 });
    expect(size.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it("gets one outing by id, with its notes for the province's own team", async () => {
    const outing = await record();
    const body = await gql(`query ($id: ID!) { outing(id: $id) { ${OUTING_FIELDS} } }`, { id: outing.id });
    expect(body.data!.outing).toEqual(outing);
  });

  it("says NOT_FOUND for an unknown id and BAD_USER_INPUT for something that is not an id", async () => {
    const unknown = await gql(`query { outing(id: "5b7e4f4e-8f8e-4a8e-9c1c-2f5d3c0e9a11") { id } }`);
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
    const malformed = await gql(`query { outing(id: "42") { id } }`);
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  });
});

describe("outreachSummary", () => {
  const SUMMARY = `query ($from: Date!, $to: Date!) {
    outreachSummary(from: $from, to: $to) { from to outings contacts newContacts accompaniments materials { kind quantity } }
  }`;

  it("totals the outings of the period, both days included, with materials by kind", async () => {
    await record({ heldOn: "2026-09-30", contacts: 100, newContacts: 50 }); // the day before
    await record({ heldOn: "2026-10-01", contacts: 12, newContacts: 3, accompaniments: 1 });
    await record({
      heldOn: "2026-10-31",
      kind: "INDOOR",
      contacts: 5,
      newContacts: 5,
      accompaniments: 2,
      materials: [
        { kind: "HYGIENE_KITS", quantity: 4 },
        { kind: "CONDOMS", quantity: 10 },
      ],
    });
    await record({ heldOn: "2026-10-15", kind: "DROP_IN", contacts: 0, newContacts: 0, accompaniments: 0, materials: [] });
    const body = await gql(SUMMARY, { from: "2026-10-01", to: "2026-10-31" });
    expect(body.errors).toBeUndefined();
    expect(body.data!.outreachSummary).toEqual({
      from: "2026-10-01",
      to: "2026-10-31",
      outings: 3,
      contacts: 17,
      newContacts: 8,
      accompaniments: 3,
      materials: [
        { kind: "LEAFLETS", quantity: 15 },
        { kind: "CONDOMS", quantity: 70 },
        { kind: "HYGIENE_KITS", quantity: 4 },
      ],
    });
  });

  it("gives zeros for a period without outings", async () => {
    const body = await gql(SUMMARY, { from: "2020-01-01", to: "2020-12-31" });
    expect(body.data!.outreachSummary).toEqual({
      from: "2020-01-01",
      to: "2020-12-31",
      outings: 0,
      contacts: 0,
      newContacts: 0,
      accompaniments: 0,
      materials: [],
    });
  });

  it("refuses a period that ends before it starts", async () => {
    const body = await gql(SUMMARY, { from: "2026-10-31", to: "2026-10-01" });
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
  });
});

describe("what leaves the province", () => {
  it("the federation figures count the outings but carry neither notes nor areas", async () => {
    await record({ heldOn: "2026-10-01", notes: "Nigerian girl, 16, near the station", area: "Stazione" });
    const body = await gql<{ _entities: [{ bergamo: Record<string, unknown> }] }>(
      `{ _entities(representations: [{ __typename: "Region", from: "2026-10-01", to: "2026-10-31" }]) {
          ... on Region { bergamo { outings contacts accompaniments } } } }`,
      {},
      "/federation",
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities[0].bergamo).toEqual({ outings: 1, contacts: 12, accompaniments: 1 });
    const sdl = await gql<{ _service: { sdl: string } }>(`{ _service { sdl } }`, {}, "/federation");
    expect(sdl.data!._service.sdl).toContain("outings: Int!");
    expect(sdl.data!._service.sdl).not.toMatch(/\b(notes|area|heldOn)\b/i);
  });
});
