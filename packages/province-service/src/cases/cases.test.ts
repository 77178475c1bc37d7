/**
 * The cases module through the real operational API: Apollo Server over HTTP, on a migrated
 * in-memory PGlite, and also on PostgreSQL when TEST_DATABASE_URL names a server (as in CI),
 * where concurrent requests really run at the same time.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provinceByCode } from "@regional/schema";
import { createProvinceApp, type ProvinceApp } from "../app.ts";
import { fixedClock } from "../clock.ts";
import type { Database } from "../db/database.ts";
import { migratedTestDatabase, testBackends, type TestBackend } from "../testing/databases.ts";
import { testAuth } from "../testing/tokens.ts";

const TODAY = "2026-11-22";
const identity = await testAuth("BG");

interface GqlError {
  message: string;
  extensions: { code: string; field?: string; reason?: string; rule?: string };
}
interface GqlResult<T = any> {
  data?: T;
  errors?: GqlError[];
}

interface Harness {
  db: Database;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

async function startHarness(kind: TestBackend): Promise<Harness> {
  const backend = await migratedTestDatabase(kind, "cases", { maxConnections: 6 });
  const provinceApp: ProvinceApp = await createProvinceApp({
    config: { province: provinceByCode("BG"), nodeEnv: "test" },
    db: backend.db,
    clock: fixedClock(`${TODAY}T10:00:00Z`),
    logger: pino({ level: "silent" }),
    auth: identity.auth,
  });
  const server: Server = await new Promise((resolve) => {
    const s = provinceApp.app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    db: backend.db,
    gql: async (query, variables = {}) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...identity.headers }, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GqlResult;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await provinceApp.stop();
      await backend.drop();
    },
  };
}

const CASE_FIELDS = `
  id reference status openedOn closedOn exitOutcome phase programme referralSource protectionStatus
  identification identifiedOn ageBand minorAtOpening exploitationTypes createdAt
  person { id familyName }
  phases { phase startedOn }
`;

const REGISTER = `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id givenName familyName alias birthDate citizenship phone documentNumber } }`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_FIELDS} } }`;
const MOVE = `mutation($input: MoveCaseToPhaseInput!) { moveCaseToPhase(input: $input) { ${CASE_FIELDS} } }`;
const IDENTIFY = `mutation($input: RecordIdentificationOutcomeInput!) { recordIdentificationOutcome(input: $input) { ${CASE_FIELDS} } }`;
const CLOSE = `mutation($input: CloseCaseInput!) { closeCase(input: $input) { ${CASE_FIELDS} } }`;
const DETAILS = `mutation($input: UpdateCaseDetailsInput!) { updateCaseDetails(input: $input) { ${CASE_FIELDS} } }`;
const PROGRAMME = `mutation($input: SetProgrammeInput!) { setProgramme(input: $input) { ${CASE_FIELDS} } }`;
const UPDATE_PERSON = `mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { id familyName birthDate alias cases { reference ageBand minorAtOpening } } }`;
const CASES = `query($filter: CaseFilter, $first: Int, $after: String) { cases(filter: $filter, first: $first, after: $after) { nodes { id reference openedOn status exploitationTypes } pageInfo { endCursor hasNextPage } } }`;
const PEOPLE = `query($filter: PersonFilter, $first: Int, $after: String) { people(filter: $filter, first: $first, after: $after) { nodes { id givenName familyName } pageInfo { endCursor hasNextPage } } }`;

/** Everything this module writes (and the placements it ends), to prove a refusal wrote nothing. */
async function snapshot(db: Database): Promise<unknown> {
  const tables = ["Person", "Case", "CasePhaseChange", "CaseExploitation", "Placement"];
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = await db.sql.query(`SELECT * FROM "${t}" ORDER BY 1, 2`);
  return JSON.parse(JSON.stringify(out));
}

function data<T = any>(result: GqlResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

function refusal(result: GqlResult): GqlError["extensions"] {
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!.extensions;
}

let people = 0;
function personInput(overrides: Record<string, unknown> = {}) {
  people += 1;
  return { givenName: `Given${people}`, familyName: `Family${people}`, gender: "WOMAN", citizenship: "NG", ...overrides };
}

function caseInput(personId: string, overrides: Record<string, unknown> = {}) {
  return { personId, openedOn: "2026-03-01", referralSource: "STREET_UNIT", exploitationTypes: ["SEXUAL"], protectionStatus: "NONE", ...overrides };
}


describe.each(testBackends())("cases module on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  async function register(overrides: Record<string, unknown> = {}): Promise<string> {
    return data(await h.gql(REGISTER, { input: personInput(overrides) })).registerPerson.id;
  }
  async function openFor(personId: string, overrides: Record<string, unknown> = {}) {
    return data(await h.gql(OPEN, { input: caseInput(personId, overrides) })).openCase;
  }

  /** A placement written as the capacity module would, to see what closing does to it. */
  async function placeCase(caseId: string, startOn: string) {
    const structure = await h.db.prisma.structure.create({ data: { name: `Casa ${randomBytes(4).toString("hex")}`, type: "RESIDENTIAL_COMMUNITY", municipality: "Bergamo" } });
    const place = await h.db.prisma.place.create({ data: { structureId: structure.id, label: "1", target: "WOMEN" } });
    return h.db.prisma.placement.create({ data: { caseId, placeId: place.id, startOn: new Date(`${startOn}T00:00:00Z`) } });
  }

  it("follows a case from opening to closing: open, move, identify, close", async () => {
    const personId = await register({ birthDate: "2008-12-01", familyName: "Okoro" });
    const opened = await openFor(personId, { openedOn: "2026-03-01", exploitationTypes: ["SEXUAL", "BEGGING"] });
    expect(opened).toMatchObject({
      reference: expect.stringMatching(/^BG-2026-\d{4}$/),
      status: "OPEN",
      openedOn: "2026-03-01",
      closedOn: null,
      exitOutcome: null,
      phase: "FIRST_CONTACT",
      programme: null,
      identification: "PENDING",
      ageBand: "AGE_0_17",
      minorAtOpening: true,
      exploitationTypes: ["SEXUAL", "BEGGING"],
      person: { id: personId, familyName: "Okoro" },
      phases: [{ phase: "FIRST_CONTACT", startedOn: "2026-03-01" }],
    });

    const identifying = data(await h.gql(MOVE, { input: { caseId: opened.id, phase: "IDENTIFICATION", on: "2026-03-05" } })).moveCaseToPhase;
    expect(identifying).toMatchObject({ phase: "IDENTIFICATION", programme: null });

    const identified = data(await h.gql(IDENTIFY, { input: { caseId: opened.id, outcome: "IDENTIFIED", on: "2026-03-20" } })).recordIdentificationOutcome;
    expect(identified).toMatchObject({ identification: "IDENTIFIED", identifiedOn: "2026-03-20", phase: "IDENTIFICATION" });

    const protectedCase = data(await h.gql(MOVE, { input: { caseId: opened.id, phase: "IMMEDIATE_PROTECTION", on: "2026-03-21" } })).moveCaseToPhase;
    expect(protectedCase.programme).toBe("ART_13");
    const reception = data(await h.gql(MOVE, { input: { caseId: opened.id, phase: "RESIDENTIAL_RECEPTION", on: "2026-04-01" } })).moveCaseToPhase;
    expect(reception.programme).toBe("ART_18");
    expect(reception.phases).toEqual([
      { phase: "FIRST_CONTACT", startedOn: "2026-03-01" },
      { phase: "IDENTIFICATION", startedOn: "2026-03-05" },
      { phase: "IMMEDIATE_PROTECTION", startedOn: "2026-03-21" },
      { phase: "RESIDENTIAL_RECEPTION", startedOn: "2026-04-01" },
    ]);

    const placement = await placeCase(opened.id, "2026-04-01");
    const closed = data(await h.gql(CLOSE, { input: { caseId: opened.id, on: "2026-10-01", outcome: "AUTONOMY" } })).closeCase;
    expect(closed).toMatchObject({ status: "CLOSED", closedOn: "2026-10-01", exitOutcome: "AUTONOMY", phase: "RESIDENTIAL_RECEPTION" });
    // Leaving the programme ends the stay in the shelter on the same day.
    const ended = await h.db.prisma.placement.findUniqueOrThrow({ where: { id: placement.id } });
    expect(ended.endOn).toEqual(new Date("2026-10-01T00:00:00Z"));

    const read = data(await h.gql(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id: opened.id })).case;
    expect(read).toEqual(closed);
    const person = data(await h.gql(`query($id: ID!) { person(id: $id) { cases { reference status } } }`, { id: personId })).person;
    expect(person.cases).toEqual([{ reference: opened.reference, status: "CLOSED" }]);

    // A new path for the same person may start once the first is closed.
    const again = await openFor(personId, { openedOn: "2026-10-01" });
    expect(again.reference).not.toBe(opened.reference);
    expect(again.ageBand).toBe("AGE_0_17");
  });

  it("numbers references per year of opening and keeps them unique when opened at once", async () => {
    const lastYear = await openFor(await register(), { openedOn: "2025-12-30" });
    expect(lastYear.reference).toBe("BG-2025-0001");
    const persons = await Promise.all(Array.from({ length: 8 }, () => register()));
    const opened = await Promise.all(persons.map((id) => h.gql(OPEN, { input: caseInput(id, { openedOn: "2026-06-01" }) })));
    const references = opened.map((r) => data(r).openCase.reference as string);
    expect(new Set(references).size).toBe(8);
    for (const r of references) expect(r).toMatch(/^BG-2026-\d{4}$/);
  });

  it("lets only one of several simultaneous openings for one person through", async () => {
    const personId = await register();
    const before = await h.db.prisma.case.count();
    const results = await Promise.all(Array.from({ length: 5 }, () => h.gql(OPEN, { input: caseInput(personId) })));
    const succeeded = results.filter((r) => r.data?.openCase);
    expect(succeeded).toHaveLength(1);
    for (const r of results.filter((x) => !x.data?.openCase)) {
      expect(refusal(r)).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "person-has-open-case", field: "input.personId" });
    }
    expect(await h.db.prisma.case.count()).toBe(before + 1);
  });

  describe("refusals leave the data exactly as it was", () => {
    async function expectRefused(query: string, variables: Record<string, unknown>, expected: Partial<GqlError["extensions"]>) {
      const before = await snapshot(h.db);
      const extensions = refusal(await h.gql(query, variables));
      expect(extensions).toMatchObject(expected);
      expect(extensions.reason).toEqual(expect.any(String));
      expect(await snapshot(h.db)).toEqual(before);
      return extensions;
    }

    it("closing a closed case", async () => {
      const c = await openFor(await register());
      data(await h.gql(CLOSE, { input: { caseId: c.id, on: "2026-05-01", outcome: "DROPPED_OUT" } }));
      await expectRefused(CLOSE, { input: { caseId: c.id, on: "2026-06-01", outcome: "AUTONOMY" } }, { code: "ILLEGAL_OPERATION", rule: "case-already-closed" });
      await expectRefused(MOVE, { input: { caseId: c.id, phase: "IDENTIFICATION", on: "2026-06-01" } }, { code: "ILLEGAL_OPERATION", rule: "case-closed" });
      await expectRefused(DETAILS, { input: { caseId: c.id, referralSource: "POLICE" } }, { rule: "case-closed" });
      await expectRefused(IDENTIFY, { input: { caseId: c.id, outcome: "IDENTIFIED", on: "2026-04-01" } }, { rule: "case-closed" });
      await expectRefused(PROGRAMME, { input: { caseId: c.id, programme: "ART_18" } }, { rule: "case-closed" });
    });

    it("a phase dated before the case opened, or before the current phase", async () => {
      const c = await openFor(await register(), { openedOn: "2026-03-01" });
      await expectRefused(
        MOVE,
        { input: { caseId: c.id, phase: "IDENTIFICATION", on: "2026-02-28" } },
        { code: "ILLEGAL_OPERATION", rule: "phase-date-before-opening", field: "input.on" },
      );
      data(await h.gql(MOVE, { input: { caseId: c.id, phase: "IDENTIFICATION", on: "2026-03-10" } }));
      await expectRefused(
        MOVE,
        { input: { caseId: c.id, phase: "IMMEDIATE_PROTECTION", on: "2026-03-09" } },
        { rule: "phase-date-before-previous-phase", field: "input.on" },
      );
      await expectRefused(MOVE, { input: { caseId: c.id, phase: "IDENTIFICATION", on: "2026-03-11" } }, { rule: "same-phase", field: "input.phase" });
      await expectRefused(CLOSE, { input: { caseId: c.id, on: "2026-03-09", outcome: "DROPPED_OUT" } }, { rule: "close-date-before-previous-phase", field: "input.on" });
      await expectRefused(CLOSE, { input: { caseId: c.id, on: "2026-02-01", outcome: "DROPPED_OUT" } }, { rule: "close-date-before-opening", field: "input.on" });
    });

    it("two open cases for one person", async () => {
      const personId = await register();
      const first = await openFor(personId);
      const extensions = await expectRefused(OPEN, { input: caseInput(personId, { openedOn: "2026-04-01" }) }, {
        code: "ILLEGAL_OPERATION",
        rule: "person-has-open-case",
        field: "input.personId",
      });
      expect(extensions.reason).toContain(first.reference);
    });

    it("a case opened inside the person's previous case or before their birth", async () => {
      const personId = await register({ birthDate: "2000-01-01" });
      const c = await openFor(personId, { openedOn: "2026-03-01" });
      data(await h.gql(CLOSE, { input: { caseId: c.id, on: "2026-05-01", outcome: "DROPPED_OUT" } }));
      await expectRefused(OPEN, { input: caseInput(personId, { openedOn: "2026-04-30" }) }, { rule: "overlaps-previous-case", field: "input.openedOn" });
      await expectRefused(OPEN, { input: caseInput(personId, { openedOn: "1999-12-31" }) }, { rule: "opened-before-birth", field: "input.openedOn" });
    });

    it("bad input, with code, field and reason", async () => {
      const personId = await register();
      await expectRefused(OPEN, { input: caseInput(personId, { exploitationTypes: [] }) }, {
        code: "BAD_USER_INPUT",
        field: "input.exploitationTypes",
        reason: "must list at least one exploitation type",
      });
      await expectRefused(OPEN, { input: caseInput(personId, { exploitationTypes: ["SEXUAL", "SEXUAL"] }) }, { code: "BAD_USER_INPUT", field: "input.exploitationTypes" });
      await expectRefused(OPEN, { input: caseInput(personId, { openedOn: "2026-11-23" }) }, {
        code: "BAD_USER_INPUT",
        field: "input.openedOn",
        reason: "cannot be in the future",
      });
      await expectRefused(OPEN, { input: caseInput("not-a-uuid") }, { code: "BAD_USER_INPUT", field: "input.personId" });
      await expectRefused(REGISTER, { input: personInput({ citizenship: "XY" }) }, { code: "BAD_USER_INPUT", field: "input.citizenship" });
      await expectRefused(REGISTER, { input: personInput({ familyName: "  " }) }, { code: "BAD_USER_INPUT", field: "input.familyName" });
      await expectRefused(REGISTER, { input: personInput({ birthDate: "1899-12-31" }) }, { code: "BAD_USER_INPUT", field: "input.birthDate" });
      await expectRefused(REGISTER, { input: personInput({ phone: "ring ring" }) }, { code: "BAD_USER_INPUT", field: "input.phone" });
      await expectRefused(UPDATE_PERSON, { id: personId, input: { familyName: null } }, { code: "BAD_USER_INPUT", field: "input.familyName" });
      await expectRefused(IDENTIFY, { input: { caseId: personId, outcome: "PENDING", on: TODAY } }, { code: "BAD_USER_INPUT", field: "input.outcome" });
    });

    it("unknown ids", async () => {
      const unknown = "6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a4b";
      await expectRefused(OPEN, { input: caseInput(unknown) }, { code: "NOT_FOUND" });
      await expectRefused(CLOSE, { input: { caseId: unknown, on: TODAY, outcome: "AUTONOMY" } }, { code: "NOT_FOUND" });
      await expectRefused(UPDATE_PERSON, { id: unknown, input: { alias: "Blessing" } }, { code: "NOT_FOUND" });
      expect(data(await h.gql(`query($id: ID!) { case(id: $id) { id } person(id: $id) { id } }`, { id: unknown }))).toEqual({ case: null, person: null });
    });

    it("the reserved TRANSFERRED outcome and a contradictory exit", async () => {
      const c = await openFor(await register());
      await expectRefused(CLOSE, { input: { caseId: c.id, on: TODAY, outcome: "TRANSFERRED" } }, { rule: "transfer-outcome-reserved", field: "input.outcome" });
      data(await h.gql(IDENTIFY, { input: { caseId: c.id, outcome: "IDENTIFIED", on: "2026-04-01" } }));
      await expectRefused(IDENTIFY, { input: { caseId: c.id, outcome: "NOT_IDENTIFIED", on: "2026-05-01" } }, { rule: "identification-already-decided" });
      await expectRefused(CLOSE, { input: { caseId: c.id, on: TODAY, outcome: "NOT_IDENTIFIED" } }, { rule: "exit-contradicts-identification" });
      await expectRefused(CLOSE, { input: { caseId: c.id, on: "2026-03-31", outcome: "AUTONOMY" } }, { rule: "close-date-before-identification" });
    });

    it("closing on the day the current placement started (neither the case nor the placement changes)", async () => {
      const c = await openFor(await register());
      await placeCase(c.id, "2026-06-01");
      await expectRefused(CLOSE, { input: { caseId: c.id, on: "2026-06-01", outcome: "DROPPED_OUT" } }, {
        rule: "placement-starts-on-closing-day",
        field: "input.on",
      });
      await expectRefused(CLOSE, { input: { caseId: c.id, on: "2026-05-31", outcome: "DROPPED_OUT" } }, { rule: "close-date-before-placement-start" });
      const closed = data(await h.gql(CLOSE, { input: { caseId: c.id, on: "2026-06-02", outcome: "DROPPED_OUT" } })).closeCase;
      expect(closed.status).toBe("CLOSED");
    });

    it("a birth date after one of the person's cases opened", async () => {
      const personId = await register();
      await openFor(personId, { openedOn: "2026-03-01" });
      await expectRefused(UPDATE_PERSON, { id: personId, input: { birthDate: "2026-03-02" } }, { rule: "birth-date-after-case-opened", field: "input.birthDate" });
    });
  });

  it("updates case details and the programme by hand", async () => {
    const c = await openFor(await register());
    const updated = data(await h.gql(DETAILS, { input: { caseId: c.id, exploitationTypes: ["LABOUR_AGRICULTURE", "BEGGING"], protectionStatus: "ASYLUM_SEEKER" } }))
      .updateCaseDetails;
    expect(updated).toMatchObject({ exploitationTypes: ["LABOUR_AGRICULTURE", "BEGGING"], protectionStatus: "ASYLUM_SEEKER", referralSource: "STREET_UNIT" });
    expect(data(await h.gql(PROGRAMME, { input: { caseId: c.id, programme: "ART_13" } })).setProgramme.programme).toBe("ART_13");
    // An explicit programme on a move wins over the one the phase implies.
    const moved = data(await h.gql(MOVE, { input: { caseId: c.id, phase: "TERRITORIAL_CARE", on: "2026-04-01", programme: "ART_13" } })).moveCaseToPhase;
    expect(moved.programme).toBe("ART_13");
    expect(data(await h.gql(PROGRAMME, { input: { caseId: c.id, programme: null } })).setProgramme.programme).toBeNull();
  });

  it("re-derives the age band of the person's cases when the birth date is learned later", async () => {
    const personId = await register();
    const c = await openFor(personId, { openedOn: "2026-03-01" });
    expect(c).toMatchObject({ ageBand: "UNKNOWN", minorAtOpening: false });
    const updated = data(await h.gql(UPDATE_PERSON, { id: personId, input: { birthDate: "2009-03-02", alias: "Sunny" } })).updatePerson;
    expect(updated).toMatchObject({ birthDate: "2009-03-02", alias: "Sunny", cases: [{ reference: c.reference, ageBand: "AGE_0_17", minorAtOpening: true }] });
    const cleared = data(await h.gql(UPDATE_PERSON, { id: personId, input: { birthDate: null, alias: "" } })).updatePerson;
    expect(cleared).toMatchObject({ birthDate: null, alias: null, cases: [{ ageBand: "UNKNOWN", minorAtOpening: false }] });
  });

  describe("lists", () => {
    let fresh: Harness;
    beforeAll(async () => {
      fresh = await startHarness(kind);
    });
    afterAll(async () => fresh?.close());

    it("pages over 120 cases with cursors, every case once, most recently opened first", async () => {
      const types = ["SEXUAL", "LABOUR_AGRICULTURE", "BEGGING"];
      const ids: string[] = [];
      for (let i = 0; i < 120; i++) {
        const personId = data(await fresh.gql(REGISTER, { input: personInput() })).registerPerson.id;
        // Ten opening days, so many cases share a day and the id must break the tie.
        const openedOn = `2026-0${1 + (i % 9)}-${String(1 + (i % 10)).padStart(2, "0")}`;
        ids.push(data(await fresh.gql(OPEN, { input: caseInput(personId, { openedOn, exploitationTypes: [types[i % 3]] }) })).openCase.id);
      }
      const seen: { id: string; openedOn: string }[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: any = data(await fresh.gql(CASES, { first: 7, after })).cases;
        pages += 1;
        seen.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
        expect(pages).toBeLessThan(30);
      }
      expect(pages).toBe(Math.ceil(120 / 7));
      expect(seen).toHaveLength(120);
      expect(new Set(seen.map((c) => c.id))).toEqual(new Set(ids));
      const sorted = [...seen].sort((a, b) => (a.openedOn === b.openedOn ? (a.id < b.id ? -1 : 1) : a.openedOn > b.openedOn ? -1 : 1));
      expect(seen.map((c) => c.id)).toEqual(sorted.map((c) => c.id));

      // Filtered pages walk the same way.
      const begging: string[] = [];
      after = null;
      for (;;) {
        const page: any = data(await fresh.gql(CASES, { filter: { exploitationType: "BEGGING" }, first: 9, after })).cases;
        begging.push(...page.nodes.map((c: any) => c.id));
        for (const c of page.nodes) expect(c.exploitationTypes).toEqual(["BEGGING"]);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(new Set(begging).size).toBe(40);
      expect(begging).toHaveLength(40);
      // 240 audited writes through HTTP: give a loaded CI machine room (this is not a latency check).
    }, 120_000);

    it("filters cases by status, phase, period and person", async () => {
      const all = data(await fresh.gql(CASES, { first: 200 })).cases.nodes as { id: string; openedOn: string }[];
      const march = data(await fresh.gql(CASES, { filter: { openedFrom: "2026-03-01", openedTo: "2026-03-31" }, first: 200 })).cases.nodes;
      expect(march.length).toBe(all.filter((c) => c.openedOn.startsWith("2026-03")).length);
      expect(march.length).toBeGreaterThan(0);
      const target = all[5]!;
      data(await fresh.gql(CLOSE, { input: { caseId: target.id, on: TODAY, outcome: "DROPPED_OUT" } }));
      expect(data(await fresh.gql(CASES, { filter: { status: "CLOSED" } })).cases.nodes.map((c: any) => c.id)).toEqual([target.id]);
      expect(data(await fresh.gql(CASES, { filter: { status: "OPEN" }, first: 200 })).cases.nodes).toHaveLength(119);
      expect(data(await fresh.gql(CASES, { filter: { phase: "IDENTIFICATION" } })).cases.nodes).toEqual([]);
      const personId = (await fresh.db.prisma.case.findUniqueOrThrow({ where: { id: target.id } })).personId;
      expect(data(await fresh.gql(CASES, { filter: { personId } })).cases.nodes.map((c: any) => c.id)).toEqual([target.id]);
      const bad = refusal(await fresh.gql(CASES, { filter: { openedFrom: "2026-04-01", openedTo: "2026-03-01" } }));
      expect(bad).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.openedTo" });
      expect(refusal(await fresh.gql(CASES, { after: "garbage" }))).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    });

    it("finds people by an exact name, alias, document or phone (whatever the case, accents and spacing), and by either citizenship code", async () => {
      // Names are encrypted at rest and found through keyed hashes of their normalised form: an
      // exact match still works, prefix search and ordering by name no longer can.
      const add = async (input: Record<string, unknown>) => data(await fresh.gql(REGISTER, { input: personInput(input) })).registerPerson.id as string;
      const joy = await add({ givenName: "Joy", familyName: "Adeyemi", alias: "Blessing", citizenship: "NGA", documentNumber: "AA 1234567", phone: "+39 333 123 4567" });
      const ada = await add({ givenName: "Ada", familyName: "Adeyemi", citizenship: "NG" });
      const ana = await add({ givenName: "Ana_Maria", familyName: "Popescu", citizenship: "RO" });
      const anx = await add({ givenName: "Anxmaria", familyName: "Ionescu", citizenship: "ROU" });
      const LISTED = `query($filter: PersonFilter) { people(filter: $filter, first: 200) { nodes { id createdAt } } }`;
      const search = async (filter: Record<string, unknown>) => {
        const nodes = data(await fresh.gql(LISTED, { filter })).people.nodes as { id: string; createdAt: string }[];
        // Most recently registered first, the id breaking ties.
        const order = [...nodes].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt > b.createdAt ? -1 : 1));
        expect(nodes).toEqual(order);
        return nodes.map((p) => p.id).sort();
      };
      const ids = (...list: string[]) => list.sort();

      expect(await search({ search: "adeyemi" })).toEqual(ids(ada, joy));
      expect(await search({ search: "  ADÉYEMI " })).toEqual(ids(ada, joy));
      expect(await search({ search: "joy adeyemi" })).toEqual([joy]);
      expect(await search({ search: "Adeyemi  Joy" })).toEqual([joy]);
      expect(await search({ search: "joy" })).toEqual([joy]);
      expect(await search({ search: "blessing" })).toEqual([joy]);
      expect(await search({ search: "aa1234567" })).toEqual([joy]);
      expect(await search({ search: "0039 333 1234567" })).toEqual([joy]);
      expect(await search({ search: "ana_maria popescu" })).toEqual([ana]);
      // Exact only: prefixes and fragments find nobody; LIKE wildcards are plain characters.
      expect(await search({ search: "ade" })).toEqual([]);
      expect(await search({ search: "joy ade" })).toEqual([]);
      expect(await search({ search: "yemi" })).toEqual([]);
      expect(await search({ search: "ana_" })).toEqual([]);
      expect(await search({ search: "a%" })).toEqual([]);
      expect(await search({ search: "adeyemi", citizenship: "NG" })).toEqual(ids(ada, joy));
      expect(await search({ search: "adeyemi", citizenship: "RO" })).toEqual([]);
      expect(await search({ citizenship: "ro" })).toEqual(ids(anx, ana));
      expect(refusal(await fresh.gql(PEOPLE, { filter: { citizenship: "QQ" } }))).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.citizenship" });

      const everyone: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = data(await fresh.gql(PEOPLE, { first: 25, after })).people;
        everyone.push(...page.nodes.map((p: any) => p.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(everyone).toHaveLength(124);
      expect(new Set(everyone).size).toBe(124);
    });
  });
});
