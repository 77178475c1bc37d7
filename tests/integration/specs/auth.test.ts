/**
 * Who may do what, end to end: seven real province services and the real gateway over HTTP, every
 * cell of the role x endpoint x operation matrix asserted allowed or refused with its code, the
 * cross-province attempts, and each kind of bad token on the wire.
 */
import { randomUUID } from "node:crypto";
import { readSupergraph, startGateway } from "@regional/gateway";
import { operationalAudience, teamIssuer, type ProvinceCode } from "@regional/schema";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../fixtures/databases.ts";
import { graphql, type GraphQLResponse } from "../fixtures/graphql.ts";
import { gatewayEnv, startRegion, type RegionFixture } from "../fixtures/region.ts";
import { audienceOf, TEST_COORDINATOR, type Target, type Who } from "../fixtures/tokens.ts";

type Outcome = "allowed" | "UNAUTHENTICATED" | "FORBIDDEN";

/** The identities of the matrix. `forged` claims to be Bergamo's coordinator (or the gateway, on the federation API). */
const ROLES = ["none", "operator BG", "coordinator BG", "operator LO", "capofila", "gateway service", "forged"] as const;
type RoleName = (typeof ROLES)[number];

interface Operation {
  name: string;
  target: Target;
  /** A fresh request each time (mutations create new names, so an allowed one never collides). */
  request(): { url: (region: RegionFixture) => string; query: string; variables: Record<string, unknown> };
  /** Rows an allowed call adds; a refused one must leave them unchanged. */
  rows?: (region: RegionFixture) => Promise<number>;
}

const BG_OPERATIONAL: Target = { api: "operational", province: "BG" };
const BG_FEDERATION: Target = { api: "federation", province: "BG" };
const GATEWAY: Target = { api: "gateway" };
const bg = (region: RegionFixture) => region.provinces.get("BG")!;
const count = (table: string) => async (region: RegionFixture) =>
  (await bg(region).database.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`))[0]!.n;

const OPERATIONS: Operation[] = [
  {
    name: "BG operational query",
    target: BG_OPERATIONAL,
    request: () => ({ url: (r) => bg(r).operationalUrl, query: `{ cases(first: 5) { nodes { id } } }`, variables: {} }),
  },
  {
    name: "BG operational case mutation",
    target: BG_OPERATIONAL,
    request: () => ({
      url: (r) => bg(r).operationalUrl,
      query: `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`,
      variables: { input: { givenName: "Matrix", familyName: randomUUID().slice(0, 8), gender: "WOMAN", citizenship: "NG" } },
    }),
    rows: count("Person"),
  },
  {
    name: "BG operational structure mutation",
    target: BG_OPERATIONAL,
    request: () => ({
      url: (r) => bg(r).operationalUrl,
      query: `mutation($input: CreateStructureInput!) { createStructure(input: $input) { id } }`,
      variables: { input: { name: `Casa ${randomUUID().slice(0, 8)}`, type: "EMERGENCY_SHELTER", municipality: "Bergamo" } },
    }),
    rows: count("Structure"),
  },
  {
    name: "BG staff-role mutation",
    target: BG_OPERATIONAL,
    request: () => ({
      url: (r) => bg(r).operationalUrl,
      query: `mutation($input: GrantStaffRoleInput!) { grantStaffRole(input: $input) { subject } }`,
      variables: { input: { subject: `matrix-${randomUUID().slice(0, 8)}`, role: "OPERATOR" } },
    }),
    rows: count("StaffGrant"),
  },
  {
    name: "BG federation _entities",
    target: BG_FEDERATION,
    request: () => ({
      url: (r) => bg(r).federationUrl,
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { bergamo { newCases activeCases } } } }`,
      variables: { r: [{ __typename: "Region", from: "2026-01-01", to: "2026-09-30" }] },
    }),
  },
  {
    name: "gateway region query",
    target: GATEWAY,
    request: () => ({
      url: (r) => r.gateway.url,
      query: `{ region(from: "2026-01-01", to: "2026-09-30") { missing totals { provincesReporting newCases } } }`,
      variables: {},
    }),
  },
];

/** The decided matrix: rows are identities, columns the operations above, in order. */
const EXPECTED: Record<RoleName, Outcome[]> = {
  none: ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED"],
  "operator BG": ["allowed", "allowed", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED", "allowed"],
  "coordinator BG": ["allowed", "allowed", "allowed", "allowed", "UNAUTHENTICATED", "allowed"],
  // Another province's team: nothing of Bergamo's, even with a token addressed to Bergamo; regional figures yes.
  "operator LO": ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "allowed"],
  capofila: ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "allowed"],
  // The gateway's own identity opens the federation API and nothing else.
  "gateway service": ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "allowed", "UNAUTHENTICATED"],
  forged: ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED"],
};

/** The Authorization header an identity presents, always addressed to the endpoint it calls (the strongest attempt). */
async function headersOf(region: RegionFixture, role: RoleName, target: Target): Promise<Record<string, string>> {
  const who: Record<Exclude<RoleName, "none" | "forged">, Who> = {
    "operator BG": { role: "operator", province: "BG" },
    "coordinator BG": { role: "coordinator", province: "BG" },
    "operator LO": { role: "operator", province: "LO" },
    capofila: { role: "capofila" },
    "gateway service": { role: "gateway", act: { sub: "test-capofila", role: "capofila" } },
  };
  if (role === "none") return {};
  if (role === "forged") {
    const claimed: Who = target.api === "federation" ? { role: "gateway" } : target.api === "gateway" ? { role: "capofila" } : { role: "coordinator", province: "BG" };
    return region.identity.headers(claimed, target, { forged: true });
  }
  return region.identity.headers(who[role], target);
}

function outcomeOf(response: GraphQLResponse): Outcome | string {
  const code = response.errors?.[0]?.extensions?.code;
  if (!response.errors?.length && response.data) return "allowed";
  return typeof code === "string" ? code : `unexpected: HTTP ${response.status} ${JSON.stringify(response.errors)}`;
}

describe.each(backends())("who may do what, on %s", (backend) => {
  let region: RegionFixture;
  beforeAll(async () => {
    region = await startRegion(backend, { demoData: false });
    // An operator on Bergamo's staff registry (the coordinator was bootstrapped from configuration).
    const grant = await graphql(
      bg(region).operationalUrl,
      `mutation { grantStaffRole(input: { subject: "test-operator", role: OPERATOR }) { subject } }`,
      {},
      bg(region).coordinator,
    );
    expect(grant.errors).toBeUndefined();
  });
  afterAll(async () => region?.stop());

  describe.each(ROLES)("%s", (role) => {
    it.each(OPERATIONS.map((operation, column) => ({ operation, column, expected: EXPECTED[role][column]! })))(
      "$operation.name: $expected",
      async ({ operation, expected }) => {
        const request = operation.request();
        const before = await operation.rows?.(region);
        const response = await graphql(request.url(region), request.query, request.variables, await headersOf(region, role, operation.target));
        expect(outcomeOf(response)).toBe(expected);
        if (expected === "UNAUTHENTICATED") expect(response.status).toBe(401);
        if (expected === "FORBIDDEN") expect(response.status).toBe(403);
        if (expected !== "allowed") {
          expect(response.data ?? undefined).toBeUndefined();
          if (before !== undefined) expect(await operation.rows!(region)).toBe(before);
        } else if (before !== undefined) {
          expect(await operation.rows!(region)).toBe(before + 1);
        }
        if (operation.target.api === "gateway" && expected === "allowed") {
          expect((response.data as { region: { missing: string[] } }).region.missing).toEqual([]);
        }
      },
    );
  });

  it("refuses an operator's structure mutation the same way whether the structure exists or not", async () => {
    const created = await graphql(
      bg(region).operationalUrl,
      `mutation { createStructure(input: { name: "Casa Esistente", type: RESIDENTIAL_COMMUNITY, municipality: "Crema" }) { id } }`,
      {},
      bg(region).coordinator,
    );
    const existing = (created.data as { createStructure: { id: string } }).createStructure.id;
    const operator = await region.identity.headers({ role: "operator", province: "BG" }, BG_OPERATIONAL);
    const update = `mutation($id: ID!) { updateStructure(input: { id: $id, name: "Renamed" }) { id name } }`;
    const onExisting = await graphql(bg(region).operationalUrl, update, { id: existing }, operator);
    const onMissing = await graphql(bg(region).operationalUrl, update, { id: randomUUID() }, operator);
    expect([onExisting.status, onMissing.status]).toEqual([403, 403]);
    expect(onExisting.errors).toEqual(onMissing.errors);
    expect(onExisting.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // The coordinator does learn the difference: the operator's refusal came before any lookup.
    expect((await graphql(bg(region).operationalUrl, update, { id: randomUUID() }, bg(region).coordinator)).errors?.[0]?.extensions?.code).toBe(
      "NOT_FOUND",
    );
  });

  it("lets no province's token into another province's operational API, whatever its role and audience", async () => {
    for (const [from, to] of [["LO", "BG"], ["BG", "LO"], ["PV", "MN"]] as [ProvinceCode, ProvinceCode][]) {
      for (const role of ["operator", "coordinator"] as const) {
        for (const target of [{ api: "operational", province: to }, { api: "operational", province: from }, GATEWAY] as Target[]) {
          const headers = await region.identity.headers({ role, province: from, subject: TEST_COORDINATOR }, target);
          const response = await graphql(region.provinces.get(to)!.operationalUrl, `{ me { subject } cases { nodes { id } } }`, {}, headers);
          expect(response.status, `${role} ${from} -> ${to} (${audienceOf(target)})`).toBe(401);
          expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
        }
      }
    }
  });

  it("reaches no operational data through the gateway, even pointed at an operational endpoint", async () => {
    // A misconfigured gateway whose Bergamo URL is Bergamo's operational API: its service token is
    // not a Bergamo team token, so Bergamo refuses it and the region answers without Bergamo.
    const urls = Object.fromEntries([...region.provinces].map(([code, p]) => [code, p.federationUrl])) as Record<ProvinceCode, string>;
    urls.BG = bg(region).operationalUrl;
    const gateway = await startGateway({ env: gatewayEnv(urls), supergraphSdl: readSupergraph(), logger: pino({ level: "silent" }), auth: region.identity.gatewayAuth() });
    try {
      const response = await graphql(gateway.url, `{ region(from: "2026-01-01", to: "2026-09-30") { missing totals { provincesReporting } } }`, {}, region.capofila);
      expect((response.data as { region: { missing: string[] } }).region.missing).toEqual(["BG"]);
      expect(response.errors?.some((e) => e.extensions?.code === "PROVINCE_UNAVAILABLE" && e.extensions?.province === "BG")).toBe(true);
    } finally {
      await gateway.stop();
    }
  });

  describe("each kind of bad token on Bergamo's operational API", () => {
    const me = `{ me { subject } }`;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const cases: [string, () => Promise<string>, string][] = [
      ["expired", async () => region.identity.token({ role: "coordinator", province: "BG" }, BG_OPERATIONAL, { ttlSeconds: -120 }), "expired"],
      [
        "not yet valid",
        async () => region.identity.token({ role: "coordinator", province: "BG" }, BG_OPERATIONAL, { notBefore: new Date(Date.now() + 600_000) }),
        "not-yet-valid",
      ],
      ["wrong audience", async () => region.identity.token({ role: "coordinator", province: "BG" }, GATEWAY), "wrong-audience"],
      ["wrong issuer", async () => region.identity.token({ role: "coordinator", province: "LO" }, BG_OPERATIONAL), "unknown-issuer"],
      [
        "unsigned (alg: none)",
        async () => {
          const now = Math.floor(Date.now() / 1000);
          const claims = { iss: teamIssuer("BG"), sub: TEST_COORDINATOR, aud: operationalAudience("BG"), role: "coordinator", province: "BG", iat: now, exp: now + 600 };
          return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
        },
        "algorithm",
      ],
      [
        "tampered",
        async () => {
          const [head, body, signature] = (await region.identity.token({ role: "operator", province: "BG" }, BG_OPERATIONAL)).split(".");
          const claims = JSON.parse(Buffer.from(body!, "base64url").toString());
          return `${head}.${b64({ ...claims, sub: TEST_COORDINATOR, role: "coordinator" })}.${signature}`;
        },
        "bad-signature",
      ],
      ["forged", async () => region.identity.token({ role: "coordinator", province: "BG" }, BG_OPERATIONAL, { forged: true }), "bad-signature"],
      ["not a JWT", async () => "abc.def", "malformed"],
    ];
    it.each(cases)("%s: 401 UNAUTHENTICATED", async (_name, make, reason) => {
      const response = await graphql(bg(region).operationalUrl, me, {}, { authorization: `Bearer ${await make()}` });
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason });
      expect(response.data ?? undefined).toBeUndefined();
    });
  });

  it("keeps GET /health open on every service and the gateway", async () => {
    for (const p of region.provinces.values()) expect((await fetch(p.healthUrl)).status).toBe(200);
    expect((await fetch(region.gateway.healthUrl)).status).toBe(200);
  });
});
