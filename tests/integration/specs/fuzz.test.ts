import fc from "fast-check";
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { malformedBodyArb, operationArb, type GeneratedOperation } from "../fixtures/fuzz.ts";
import { startProvince, type ProvinceFixture } from "../fixtures/region.ts";
import { TEST_OPERATOR } from "../fixtures/tokens.ts";

/**
 * A fuzz run against a running province service (real HTTP, PGlite in a temp folder with demo
 * data): 10,000 generated requests over every query and mutation of the operational API, with
 * well-typed and ill-typed variables, several identities, and malformed documents. Asserted:
 * - no answer is an internal error (HTTP 500 or INTERNAL_SERVER_ERROR);
 * - no refused mutation writes anything, and no query does. To see that after each of 10,000
 *   requests at the cost of one small read, the test database gets a write log: a row-level
 *   trigger on every table counts the rows inserted, updated or deleted per table, in the same
 *   transaction as the write, so a write rolled back leaves no count and a committed one always
 *   does. The service is not changed; the log is test instrumentation of its database.
 * The audit trail is left out: it records attempts by design.
 * The seed is fixed, so a failure reproduces; change SEED to explore further.
 * Cost: most requests read the staff registry and write the audit trail through Prisma on PGlite,
 * about 15 ms of CPU each on the 2-core development machine, so the run takes minutes, not
 * seconds; RUNS is the lever (the issue asks for at least 10,000).
 */
const SEED = 20261122;
const RUNS = 10_000;
const PROVINCE = "LO" as const;
const AUDIT_TABLES = new Set(["AuditEntry", "AuditEntryOutcome", "AuditSubject", "_prisma_migrations"]);

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  text: string;
}

type Request = { body: unknown; operation?: GeneratedOperation; who: "coordinator" | "operator" | "none" | "garbage" };

describe("fuzzing the operational API", () => {
  let province: ProvinceFixture;
  let tables: string[] = [];
  const headers: Record<Request["who"], Record<string, string>> = { coordinator: {}, operator: {}, none: {}, garbage: { authorization: "Bearer not.a.token" } };

  const sql = <T>(text: string) => province.database.db.sql.query<T>(text);
  /** Committed row writes per table (see the write log above). */
  const fingerprint = async () => {
    const rows = await sql<{ name: string; n: string }>(`SELECT name, n::text AS n FROM fuzz_write_log`);
    return Object.fromEntries(rows.map((r) => [r.name, r.n])) as Record<string, string>;
  };
  const changed = (a: Record<string, string>, b: Record<string, string>) => tables.filter((t) => a[t] !== b[t]).map((t) => `${t} ${a[t]} -> ${b[t]}`);

  async function send(request: Request): Promise<Answer> {
    const response = await fetch(province.operationalUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers[request.who] },
      body: typeof request.body === "string" ? request.body : JSON.stringify(request.body),
    });
    const text = await response.text();
    let body: Answer["body"] = null;
    try {
      body = JSON.parse(text) as Answer["body"];
    } catch {
      // recorded as not JSON below
    }
    return { status: response.status, body, text };
  }

  beforeAll(async () => {
    province = await startProvince("pglite", PROVINCE, { demoData: true });
    headers.coordinator = province.coordinator;
    headers.operator = await province.identity.headers({ role: "operator", province: PROVINCE, subject: TEST_OPERATOR }, { api: "operational", province: PROVINCE });
    tables = (
      await sql<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)
    )
      .map((r) => r.name)
      .filter((t) => !AUDIT_TABLES.has(t));
    await sql(`CREATE TABLE fuzz_write_log (name text PRIMARY KEY, n bigint NOT NULL)`);
    await sql(`INSERT INTO fuzz_write_log SELECT unnest($1::text[]), 0`.replace("$1::text[]", `ARRAY[${tables.map((t) => `'${t}'`).join(", ")}]`));
    await sql(
      `CREATE FUNCTION fuzz_note_write() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN UPDATE fuzz_write_log SET n = n + 1 WHERE name = TG_TABLE_NAME; RETURN NULL; END $$`,
    );
    for (const t of tables) {
      await sql(`CREATE TRIGGER fuzz_write_log AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION fuzz_note_write()`);
    }
  });
  afterAll(async () => province?.stop());

  it("sees any committed write in its fingerprint (the check itself works)", async () => {
    const start = await fingerprint();
    await sql(`UPDATE "Structure" SET name = name WHERE id = (SELECT id FROM "Structure" ORDER BY id LIMIT 1)`);
    const updated = await fingerprint();
    expect(changed(start, updated)).toEqual(["Structure 0 -> 1"]);
    // A write rolled back leaves no trace: what a refused mutation may do inside its transaction.
    await province.database.db.prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE "Structure" SET name = name`);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(changed(updated, await fingerprint())).toEqual([]);
  });

  it(`survives ${RUNS} generated requests with no internal error and no partial write`, async () => {
    // The schema as a client sees it (development mode allows introspection).
    const introspection = await send({ body: { query: getIntrospectionQuery() }, who: "coordinator" });
    const schema = buildClientSchema(introspection.body!.data as unknown as IntrospectionQuery);
    const ids = (
      await sql<{ id: string }>(
        ["Person", "Case", "Consent", "Interview", "ServiceDelivery", "LegalEvent", "Structure", "Place", "Placement", "OutreachOuting", "TrainingEvent", "StaffGrant"]
          .filter((t) => tables.includes(t))
          .map((t) => `(SELECT id::text FROM "${t}" ORDER BY id LIMIT 15)`)
          .join(" UNION ALL "),
      )
    ).map((r) => r.id);
    const operations = operationArb(schema, { ids });
    const requests = fc.sample(
      fc.oneof(
        {
          weight: 9,
          arbitrary: fc
            .tuple(operations, fc.constantFrom<Request["who"]>(...Array(17).fill("coordinator"), "operator", "operator", "none", "garbage"))
            .map(([operation, who]): Request => ({ body: { query: operation.query, variables: operation.variables }, operation, who })),
        },
        { weight: 1, arbitrary: malformedBodyArb([getIntrospectionQuery().slice(0, 300), "query { cases(first: 3) { nodes { id } } }"]).map((body): Request => ({ body, who: "coordinator" })) },
      ),
      { numRuns: RUNS, seed: SEED },
    );

    const failures: string[] = [];
    const fail = (what: string, request: Request, answer: Answer) => {
      if (failures.length < 20) failures.push(`${what}: ${JSON.stringify(request.body).slice(0, 400)} -> HTTP ${answer.status} ${answer.text.slice(0, 400)}`);
      else failures.push(what);
    };
    const tally = { refusedMutations: 0, acceptedMutations: 0, queries: 0, malformed: 0, byCode: {} as Record<string, number> };

    let before = await fingerprint();
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      const answer = await send(request);
      const codes = (answer.body?.errors ?? []).map((e) => e.extensions?.code ?? "(none)");
      for (const code of codes) tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
      if (answer.status >= 500) fail(`HTTP ${answer.status}`, request, answer);
      if (codes.includes("INTERNAL_SERVER_ERROR")) fail("INTERNAL_SERVER_ERROR", request, answer);
      if (answer.body === null) fail("not a JSON answer", request, answer);

      const op = request.operation;
      const after = await fingerprint();
      const accepted = op?.kind === "mutation" && answer.body?.data?.[op.field] != null && codes.length === 0;
      if (!op) tally.malformed += 1;
      else if (op.kind === "query") tally.queries += 1;
      else if (accepted) tally.acceptedMutations += 1;
      else tally.refusedMutations += 1;
      const diff = changed(before, after);
      if (!accepted && diff.length > 0) fail(`${op ? `${op.kind} ${op.field}` : "malformed request"} changed ${diff.join(", ")}`, request, answer);
      before = after;
    }

    console.info(`fuzz: ${requests.length} requests, seed ${SEED}`, JSON.stringify(tally));
    expect(failures).toEqual([]);
    // The run reached the domain, not only the parser: mutations were both accepted and refused by the rules.
    expect(tally.acceptedMutations).toBeGreaterThan(50);
    expect(tally.refusedMutations).toBeGreaterThan(1000);
    expect(tally.byCode.BAD_USER_INPUT ?? 0).toBeGreaterThan(100);
    expect(tally.byCode.ILLEGAL_OPERATION ?? 0).toBeGreaterThan(10);
  }, 900_000);
});
