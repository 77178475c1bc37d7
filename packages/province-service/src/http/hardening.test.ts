import { randomBytes } from "node:crypto";
import { FEDERATION_PATH, OPERATIONAL_PATH, provinceByCode } from "@regional/schema";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { testAuth, type TestAuth } from "../testing/tokens.ts";
import { GENERIC_ERROR_MESSAGE, OPERATIONAL_LIMITS } from "./hardening.ts";

/**
 * The real service on a real PGlite, over HTTP: operation limits, body limit, CSRF prevention,
 * and what production mode hides (introspection, internal errors, the landing page).
 */
const silent = pino({ level: "silent" });

interface Body {
  data?: any;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

async function start(nodeEnv: "production" | "test", identity: TestAuth): Promise<{ service: RunningProvinceService; db: Database }> {
  const db = await openDatabase({ kind: "pglite" });
  await migrate(db.sql);
  const service = await startProvinceService(
    {
      config: { province: provinceByCode("BG"), nodeEnv },
      db,
      clock: fixedClock("2026-11-22T10:00:00Z"),
      logger: silent,
      auth: identity.auth,
      dataKey: randomBytes(32),
    },
    { host: "127.0.0.1", port: 0 },
  );
  return { service, db };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Body; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Body = {};
  try {
    parsed = JSON.parse(text) as Body;
  } catch {
    // not JSON: the assertions below say so
  }
  return { status: response.status, body: parsed, text };
}

// What the province's own UI asks for a case file: the deepest screen we have.
const CASE_FILE = /* GraphQL */ `
  query CaseFile($first: Int) {
    cases(first: $first) {
      nodes {
        id reference status openedOn closedOn exitOutcome phase programme referralSource protectionStatus
        identification identifiedOn ageBand minorAtOpening exploitationTypes createdAt updatedAt
        phases { id phase startedOn }
        person {
          id givenName familyName alias birthDate gender citizenship documentNumber phone
          consents { id kind givenOn revokedOn active case { id reference } }
          cases { id reference status openedOn closedOn phase phases { phase startedOn } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const STRUCTURE_BOARD = /* GraphQL */ `
  {
    structures(first: 50) {
      nodes {
        id name type municipality active
        occupancy { on total occupied free }
        places { id label target active currentPlacement { id startOn endOn case { id reference person { id givenName familyName } } } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** person → cases → person → … as deep as asked: what an attacker sends to multiply work. */
function recursive(levels: number): string {
  let inner = "id";
  for (let i = 0; i < levels; i++) inner = i % 2 === 0 ? `cases { id person { ${inner} } }` : `id ${inner}`;
  return `{ people(first: 50) { nodes { ${inner} } } }`;
}

describe("hardening of a province service (development mode)", () => {
  let identity: TestAuth;
  let service: RunningProvinceService;
  let db: Database;
  let url: string;
  const gql = (query: string, variables: Record<string, unknown> = {}) => post(url, { query, variables }, identity.headers);

  beforeAll(async () => {
    identity = await testAuth("BG");
    ({ service, db } = await start("test", identity));
    url = `${service.url}${OPERATIONAL_PATH}`;
    // A person with a case, through the API, so the deep queries below have something to walk.
    const person = await gql(`mutation { registerPerson(input: { givenName: "Amina", familyName: "Okafor", gender: WOMAN, citizenship: "NG" }) { id } }`);
    expect(person.body.errors).toBeUndefined();
    const opened = await gql(
      `mutation($id: ID!) { openCase(input: { personId: $id, openedOn: "2026-10-01", referralSource: STREET_UNIT, exploitationTypes: [SEXUAL], protectionStatus: ASYLUM_SEEKER }) { id } }`,
      { id: person.body.data.registerPerson.id },
    );
    expect(opened.body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await service?.stop();
    await db?.close();
  });

  it("answers the UI's deepest queries comfortably within the limits", async () => {
    const file = await gql(CASE_FILE, { first: 50 });
    expect(file.status).toBe(200);
    expect(file.body.errors).toBeUndefined();
    expect(file.body.data.cases.nodes[0].person.cases).toHaveLength(1);
    const board = await gql(STRUCTURE_BOARD);
    expect(board.body.errors).toBeUndefined();
    // and a recursion a little deeper than any screen needs still passes
    expect((await gql(recursive(6))).body.errors).toBeUndefined();
  });

  it("refuses an operation nested deeper than the limit, before running it", async () => {
    const res = await gql(recursive(OPERATIONAL_LIMITS.maxDepth + 2));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.map((e) => e.message).join(" ")).toMatch(/depth limit of 10 exceeded/i);
    expect(res.body.data).toBeUndefined();
  });

  it("refuses too many aliases", async () => {
    const aliases = Array.from({ length: OPERATIONAL_LIMITS.maxAliases + 5 }, (_, i) => `a${i}: province { code }`).join(" ");
    const res = await gql(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it("refuses too many directives", async () => {
    const directives = Array.from({ length: OPERATIONAL_LIMITS.maxDirectives + 5 }, () => "@include(if: true)").join(" ");
    const res = await gql(`{ province ${directives} { code } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.[0]?.message).toMatch(/directives/i);
  });

  it("refuses a document with too many tokens while parsing", async () => {
    const fields = Array.from({ length: OPERATIONAL_LIMITS.maxTokens }, () => "__typename").join(" ");
    const res = await gql(`{ ${fields} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(res.body.errors?.[0]?.message).toMatch(/more th\w+ 3000 tokens/i);
  });

  it("refuses an operation too costly, even when shallow enough", async () => {
    // Every list field of a case file, forty times over through fragments: within depth and aliases.
    const fragments = Array.from({ length: 40 }, (_, i) => `...F${i}`).join(" ");
    const defs = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Case { id phases { id phase startedOn } person { id consents { id kind case { id phases { id } } } cases { id phases { phase } } } }`,
    ).join("\n");
    const res = await gql(`{ cases(first: 50) { nodes { ${fragments} } } }\n${defs}`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.[0]?.message).toMatch(/cost/i);
  });

  it("refuses a body over the limit with 413 and a clear JSON message", async () => {
    const res = await post(url, { query: "{ province { code } }", variables: { padding: "x".repeat(300 * 1024) } }, identity.headers);
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(res.body.errors?.[0]?.message).toMatch(/too large/);
  });

  it("answers a body that is not JSON with 400 and JSON, not an HTML page", async () => {
    const res = await post(url, "{ not json", identity.headers);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(res.text).not.toMatch(/<html|at \w+ \(/i);
  });

  it("keeps CSRF prevention on: a simple cross-site request is refused", async () => {
    // A form post (text/plain) and a GET without a preflight header are what a browser sends cross-site unasked.
    const form = await fetch(url, { method: "POST", headers: { "content-type": "text/plain", ...identity.headers }, body: '{"query":"{ province { code } }"}' });
    expect(form.status).toBe(400);
    expect(await form.text()).toMatch(/CSRF/);
    const get = await fetch(`${url}?query=${encodeURIComponent("{ province { code } }")}`, { headers: identity.headers });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const preflighted = await fetch(`${url}?query=${encodeURIComponent("{ province { code } }")}`, {
      headers: { ...identity.headers, "apollo-require-preflight": "true" },
    });
    expect(preflighted.status).toBe(200);
  });

  // The three below were internal errors found by the fuzz run (tests/integration/specs/fuzz.test.ts).
  it("refuses a subscription as a validation error, not an internal one", async () => {
    const res = await gql("subscription { __typename }");
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.[0]?.message).toMatch(/no subscription operations/);
  });

  it("answers an automatic persisted query as not supported, not as an internal error", async () => {
    const res = await post(url, { query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, identity.headers);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
  });

  it("refuses a NUL character in any string as bad input, and writes nothing", async () => {
    const before = await db.prisma.structure.count();
    const res = await gql(`mutation($input: CreateStructureInput!) { createStructure(input: $input) { id } }`, {
      input: { name: "Casa Aurora", type: "SEMI_AUTONOMY", municipality: "Crema\u0000" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.municipality" });
    const literal = await gql(`{ people(filter: { search: "Ami\\u0000" }) { nodes { id } } }`);
    expect(literal.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await db.prisma.structure.count()).toBe(before);
  });

  it("does not serve a landing page that loads anything from the internet", async () => {
    for (const path of [OPERATIONAL_PATH, FEDERATION_PATH]) {
      const page = await fetch(`${service.url}${path}`, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toMatch(/https?:\/\//);
    }
  });
});

describe("hardening of a province service (production mode)", () => {
  let identity: TestAuth;
  let service: RunningProvinceService;
  let db: Database;
  let url: string;
  const gql = (query: string, variables: Record<string, unknown> = {}, path = OPERATIONAL_PATH, headers?: Record<string, string>) =>
    post(`${service.url}${path}`, { query, variables }, headers ?? identity.headers);

  beforeAll(async () => {
    identity = await testAuth("BG");
    ({ service, db } = await start("production", identity));
    url = `${service.url}${OPERATIONAL_PATH}`;
  });
  afterAll(async () => {
    await service?.stop();
    await db?.close().catch(() => undefined);
  });

  it("refuses introspection on both faces", async () => {
    const operational = await gql("{ __schema { types { name } } }");
    expect(operational.status).toBe(400);
    expect(operational.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(operational.body.errors?.[0]?.message).toMatch(/introspection/i);
    const federation = await gql("{ __type(name: \"Region\") { name } }", {}, FEDERATION_PATH, identity.gatewayHeaders);
    expect(federation.status).toBe(400);
    expect(federation.body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it("does not suggest field names (they would describe the schema)", async () => {
    const res = await gql("{ peple { nodes { id } } }");
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it("keeps the message and details of a client error, without a stack trace", async () => {
    const res = await gql(`mutation { registerPerson(input: { givenName: "", familyName: "X", gender: WOMAN, citizenship: "NG" }) { id } }`);
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error?.extensions?.field).toBeDefined();
    expect(error?.extensions?.stacktrace).toBeUndefined();
  });

  it("does not serve a landing page that loads anything from the internet", async () => {
    const page = await fetch(url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toMatch(/https?:\/\//);
  });

  // Last: it breaks the database under the running service.
  it("masks an internal error: generic message, no stack trace, no database text", async () => {
    await db.close();
    const res = await gql("{ cases(first: 5) { nodes { id } } }");
    const error = res.body.errors?.[0];
    expect(error).toBeDefined();
    expect(error).toMatchObject({ message: GENERIC_ERROR_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(Object.keys(error!.extensions!)).toEqual(["code"]);
    expect(res.text).not.toMatch(/prisma|pglite|closed|stack|\.ts:/i);
  });
});
