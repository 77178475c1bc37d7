/**
 * The audit trail on a real province service: Apollo Server over HTTP with real tokens, on PGlite
 * files in a temporary folder (so a restart is a real reopen), and also on PostgreSQL when
 * TEST_DATABASE_URL names a server. A scripted session of an operator, a refused intruder and a
 * coordinator reading the trail; then restart, append-only, fail-closed, and the federation face.
 */
import { randomBytes } from "node:crypto";
import { printSubgraphSchema } from "@apollo/subgraph";
import { provinceByCode, provinceSubgraphSdl } from "@regional/schema";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import type { Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { federationSchema } from "../federation/federation.ts";
import { prismaFiguresStore } from "../figures/figures.store.ts";
import { TEST_COORDINATOR, testAuth, type TestAuth } from "../testing/tokens.ts";
import { testBackends, testDatabaseHome, type TestDatabaseHome } from "../testing/databases.ts";

const NOW = "2026-11-22T10:00:00.000Z";
const TODAY = NOW.slice(0, 10);
const OPERATOR = "op-anna";
const INTRUDER = "op-not-on-staff";

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}




describe.each(testBackends())("the audit trail on %s", (kind) => {
  let store: TestDatabaseHome;
  let db: Database;
  let service: RunningProvinceService;
  let identity: TestAuth;
  const dataKey = randomBytes(32);

  async function start() {
    db = await store.open();
    await migrate(db.sql);
    service = await startProvinceService(
      {
        config: { province: provinceByCode("BG"), nodeEnv: "test" },
        db,
        clock: fixedClock(NOW),
        logger: pino({ level: "silent" }),
        // The operator is on the staff registry from the start; the intruder never is.
        auth: { ...identity.auth, staffBootstrap: [...identity.auth.staffBootstrap, { subject: OPERATOR, role: "operator" }] },
        dataKey,
      },
      { host: "127.0.0.1", port: 0 },
    );
  }
  async function stop() {
    await service?.stop();
    await db?.close();
  }

  beforeAll(async () => {
    identity = await testAuth("BG");
    store = await testDatabaseHome(kind, "audit");
    await start();
  });
  afterAll(async () => {
    await stop();
    await store?.drop();
  });

  async function call(token: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
    const response = await fetch(`${service.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }
  const operator = async (query: string, variables?: Record<string, unknown>) => call(await identity.token("operator", OPERATOR), query, variables);
  const coordinator = async (query: string, variables?: Record<string, unknown>) => call(await identity.token("coordinator", TEST_COORDINATOR), query, variables);

  const ENTRIES = `query Trail($filter: AuditEntryFilter, $first: Int, $after: String) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      nodes { subject role operationType operationName fields outcome errorCodes personIds caseIds at }
      pageInfo { endCursor hasNextPage }
    }
  }`;
  async function trail(filter: Record<string, unknown> = {}, first = 200) {
    const answer = await coordinator(ENTRIES, { filter, first });
    expect(answer.errors).toBeUndefined();
    return answer.data.auditEntries.nodes as Record<string, unknown>[];
  }

  let personId: string;
  let caseId: string;
  /** The session's entries, oldest first, as the coordinator must read them back. */
  let expected: Record<string, unknown>[];

  it("records a scripted session exactly: who, when, which operation, which person and case, how it ended", async () => {
    const registered = await operator(
      `mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id familyName } }`,
      { input: { givenName: "Joy", familyName: "Adeyemi", gender: "WOMAN", citizenship: "NG" } },
    );
    personId = registered.data.registerPerson.id;
    const opened = await operator(
      `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id reference } }`,
      { input: { personId, openedOn: "2026-11-02", referralSource: "STREET_UNIT", exploitationTypes: ["SEXUAL"], protectionStatus: "NONE" } },
    );
    caseId = opened.data.openCase.id;
    const read = await operator(`query ReadCase($id: ID!) { case(id: $id) { reference person { familyName } } }`, { id: caseId });
    expect(read.data.case.person.familyName).toBe("Adeyemi");
    const listed = await operator(`query People { people { nodes { id givenName } } }`);
    expect(listed.data.people.nodes).toEqual([{ id: personId, givenName: "Joy" }]);
    const closed = await operator(`mutation Close($input: CloseCaseInput!) { closeCase(input: $input) { status } }`, {
      input: { caseId, on: TODAY, outcome: "AUTONOMY" },
    });
    expect(closed.data.closeCase.status).toBe("CLOSED");
    // A second close is refused by the rules: recorded as failed, nothing written.
    const again = await operator(`mutation CloseAgain($input: CloseCaseInput!) { closeCase(input: $input) { status } }`, {
      input: { caseId, on: TODAY, outcome: "AUTONOMY" },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe("ILLEGAL_OPERATION");
    // Someone with a valid team token who is not on the staff registry asks for the case.
    const refused = await call(await identity.token("operator", INTRUDER), `query Peek($id: ID!) { case(id: $id) { reference } }`, { id: caseId });
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(refused.data ?? null).toBeNull();
    // Not personal data: no entry.
    expect((await operator(`{ province { code } }`)).data.province.code).toBe("BG");

    const op = { subject: OPERATOR, role: "operator", errorCodes: [], outcome: "COMPLETED", at: NOW };
    expected = [
      { ...op, operationType: "MUTATION", operationName: "Register", fields: ["registerPerson"], personIds: [personId], caseIds: [] },
      { ...op, operationType: "MUTATION", operationName: "Open", fields: ["openCase"], personIds: [personId], caseIds: [caseId] },
      { ...op, operationType: "QUERY", operationName: "ReadCase", fields: ["case"], personIds: [personId], caseIds: [caseId] },
      { ...op, operationType: "QUERY", operationName: "People", fields: ["people"], personIds: [personId], caseIds: [] },
      { ...op, operationType: "MUTATION", operationName: "Close", fields: ["closeCase"], personIds: [personId], caseIds: [caseId] },
      {
        ...op, operationType: "MUTATION", operationName: "CloseAgain", fields: ["closeCase"],
        outcome: "FAILED", errorCodes: ["ILLEGAL_OPERATION"], personIds: [], caseIds: [caseId],
      },
      {
        ...op, subject: INTRUDER, operationType: "QUERY", operationName: "Peek", fields: ["case"],
        outcome: "REFUSED", errorCodes: ["FORBIDDEN"], personIds: [], caseIds: [caseId],
      },
    ];
    expect(await trail()).toEqual([...expected].reverse());
  });

  it("records reading the trail too, and lets only the coordinator read it", async () => {
    const entries = await trail();
    // The previous test's read of the trail is now the most recent entry.
    expect(entries[0]).toEqual({
      subject: TEST_COORDINATOR, role: "coordinator", operationType: "QUERY", operationName: "Trail", fields: ["auditEntries"],
      outcome: "COMPLETED", errorCodes: [], personIds: [], caseIds: [], at: NOW,
    });
    const denied = await operator(ENTRIES, { filter: { caseId } });
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(denied.data ?? null).toBeNull();
    const [latest] = await trail({ subject: OPERATOR });
    expect(latest).toMatchObject({ operationName: "Trail", fields: ["auditEntries"], outcome: "REFUSED", errorCodes: ["FORBIDDEN"], caseIds: [caseId] });
  });

  it("filters by who, by person, by case and by day, and pages", async () => {
    const names = (entries: Record<string, unknown>[]) => entries.map((e) => e.operationName);
    expect(names(await trail({ subject: INTRUDER }))).toEqual(["Peek"]);
    expect(names(await trail({ personId }))).toEqual(["Close", "People", "ReadCase", "Open", "Register"]);
    // The newest is the operator's refused look at the trail about this case.
    expect(names(await trail({ caseId }))).toEqual(["Trail", "Peek", "CloseAgain", "Close", "ReadCase", "Open"]);
    // Asking the trail about a person is itself recorded against that person.
    expect(names(await trail({ personId, from: TODAY, to: TODAY }))).toEqual(["Trail", "Close", "People", "ReadCase", "Open", "Register"]);
    expect(await trail({ from: "2026-11-23" })).toEqual([]);
    expect(await trail({ to: "2026-11-21" })).toEqual([]);
    const bad = await coordinator(ENTRIES, { filter: { from: "2026-11-23", to: "2026-11-22" } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.to" });

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const answer: Answer = await coordinator(ENTRIES, { filter: { subject: OPERATOR }, first: 3, after });
      const page = answer.data.auditEntries;
      seen.push(...page.nodes.map((n: { operationName: string }) => n.operationName));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(["Trail", ...[...expected].reverse().filter((e) => e.subject === OPERATOR).map((e) => e.operationName)]);
  });

  it("survives a restart", async () => {
    await stop();
    await start();
    const entries = await trail();
    expect(entries.slice(-expected.length)).toEqual([...expected].reverse());
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE are refused by the database itself", async () => {
    const before = await db.sql.query(`SELECT count(*)::int AS n FROM "AuditEntry"`);
    for (const statement of [
      `UPDATE "AuditEntry" SET "actorSubject" = 'someone-else'`,
      `DELETE FROM "AuditEntry" WHERE "actorSubject" = '${INTRUDER}'`,
      `TRUNCATE "AuditEntry" CASCADE`,
      `UPDATE "AuditEntryOutcome" SET "outcome" = 'COMPLETED'`,
      `DELETE FROM "AuditEntryOutcome"`,
      `TRUNCATE "AuditEntryOutcome"`,
      `DELETE FROM "AuditSubject" WHERE "subjectId" = '${personId}'`,
      `UPDATE "AuditSubject" SET "subjectId" = gen_random_uuid()`,
      `TRUNCATE "AuditSubject"`,
    ]) {
      await expect(db.sql.exec(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM "AuditEntry"`)).toEqual(before);
    expect((await trail({ subject: INTRUDER })).map((e) => e.operationName)).toEqual(["Peek"]);
  });

  it("fails closed: no personal data is read or written when the trail cannot be written", async () => {
    // A real failure of the real database: the trail's table refuses every new row for a while.
    await db.sql.exec(`ALTER TABLE "AuditEntry" ADD CONSTRAINT "test_audit_down" CHECK (false) NOT VALID`);
    try {
      const people = async () => (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Person"`))[0]!.n;
      const before = await people();
      const write = await operator(`mutation { registerPerson(input: { givenName: "Ada", familyName: "Okafor", gender: WOMAN, citizenship: "NG" }) { id } }`);
      expect(write.status).toBe(503);
      expect(write.errors?.[0]?.extensions?.code).toBe("AUDIT_UNAVAILABLE");
      expect(write.data ?? null).toBeNull();
      expect(await people()).toBe(before);

      const read = await operator(`query($id: ID!) { person(id: $id) { givenName familyName } }`, { id: personId });
      expect(read.status).toBe(503);
      expect(read.errors).toEqual([{ message: expect.stringContaining("audit trail"), extensions: { code: "AUDIT_UNAVAILABLE" } }]);
      expect(JSON.stringify(read)).not.toContain("Adeyemi");
      // What carries no personal data still works.
      expect((await operator(`{ province { code } }`)).data.province.code).toBe("BG");
    } finally {
      await db.sql.exec(`ALTER TABLE "AuditEntry" DROP CONSTRAINT "test_audit_down"`);
    }
  });

  it("keeps a mutation whose outcome could not be recorded visible, with no outcome", async () => {
    await db.sql.exec(`ALTER TABLE "AuditEntryOutcome" ADD CONSTRAINT "test_outcome_down" CHECK (false) NOT VALID`);
    let newPerson: string;
    try {
      const write = await operator(`mutation Late { registerPerson(input: { givenName: "Ada", familyName: "Okafor", gender: WOMAN, citizenship: "NG" }) { id } }`);
      expect(write.errors).toBeUndefined();
      newPerson = write.data.registerPerson.id;
    } finally {
      await db.sql.exec(`ALTER TABLE "AuditEntryOutcome" DROP CONSTRAINT "test_outcome_down"`);
    }
    const [entry] = await trail({ subject: OPERATOR });
    // Written before it ran: who, what, when; the outcome and the new id never came.
    expect(entry).toMatchObject({ operationName: "Late", fields: ["registerPerson"], outcome: null, personIds: [] });
    expect(newPerson).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is not part of the federation face", () => {
    const sdl = printSubgraphSchema(federationSchema(provinceByCode("BG"), prismaFiguresStore(db.prisma)));
    expect(sdl).not.toMatch(/audit/i);
    expect(provinceSubgraphSdl(provinceByCode("BG"))).not.toMatch(/audit/i);
  });
});
