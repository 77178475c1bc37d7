/**
 * Identity on a real province service (Apollo Server over HTTP, migrated in-memory PGlite): who
 * gets in, what the staff registry changes, and how refusals look on the wire.
 */
import { generateKeyRing, signToken } from "@regional/auth";
import { federationAudience, GATEWAY_ISSUER, operationalAudience, provinceByCode, teamIssuer } from "@regional/schema";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import type { Database } from "../db/database.ts";
import { migratedTestDatabase, testBackends } from "../testing/databases.ts";
import { TEST_COORDINATOR, testAuth, type TestAuth } from "../testing/tokens.ts";

interface Answer {
  status: number;
  headers: Headers;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string; rule?: string; field?: string } }[];
}

let db: Database;
let dropDatabase: () => Promise<void> = async () => undefined;
let service: RunningProvinceService;
let identity: TestAuth;
const start = () =>
  startProvinceService(
    { config: { province: provinceByCode("BG"), nodeEnv: "test" }, db, clock: fixedClock("2026-11-22T10:00:00Z"), logger: pino({ level: "silent" }), auth: identity.auth },
    { host: "127.0.0.1", port: 0 },
  );

async function call(query: string, token: string | undefined, variables: Record<string, unknown> = {}, path = "/graphql"): Promise<Answer> {
  const response = await fetch(`${service.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

const as = (role: "operator" | "coordinator", subject: string) => identity.token(role, subject);
const coordinatorToken = () => as("coordinator", TEST_COORDINATOR);
const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

const GRANT = `mutation($s: String!, $r: StaffRole!) { grantStaffRole(input: { subject: $s, role: $r }) { subject role grantedBy active } }`;
const REVOKE = `mutation($s: String!) { revokeStaffRole(input: { subject: $s }) { subject role revokedBy active } }`;
const STAFF = `{ staff { subject role grantedBy } }`;
const MISSING_ID = "00000000-0000-4000-8000-000000000000";
const SET_PLACE_ACTIVE = `mutation($id: ID!) { setPlaceActive(placeId: $id, active: false) { id } }`;

describe.each(testBackends())("identity on a province service on %s", (backend) => {
beforeAll(async () => {
  identity = await testAuth("BG");
  ({ db, drop: dropDatabase } = await migratedTestDatabase(backend, "staff", { maxConnections: 6 }));
  service = await start();
});
afterAll(async () => {
  await service?.stop();
  await dropDatabase();
});

describe("authentication on the operational API", () => {
  it("keeps GET /health open", async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
  });

  it("refuses a request without a token with 401 UNAUTHENTICATED and a Bearer challenge", async () => {
    const answer = await call(`{ province { code } }`, undefined);
    expect(answer.status).toBe(401);
    expect(codeOf(answer)).toBe("UNAUTHENTICATED");
    expect(answer.errors?.[0]?.extensions?.reason).toBe("missing");
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(answer.data).toBeUndefined();
  });

  it("refuses another province's team token, even one addressed to this API", async () => {
    const lodi = await testAuth("LO");
    const ring = await generateKeyRing([teamIssuer("LO")]);
    const lodiForBergamo = await signToken(
      ring.signing(teamIssuer("LO")),
      { subject: TEST_COORDINATOR, role: "coordinator", province: "LO", audience: operationalAudience("BG") },
      { ttlSeconds: 600 },
    );
    for (const token of [await lodi.token("coordinator", TEST_COORDINATOR), lodiForBergamo]) {
      const answer = await call(`{ province { code } }`, token);
      expect(answer.status).toBe(401);
      expect(codeOf(answer)).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses the gateway's service token on the operational API, and a team token on the federation API", async () => {
    const onOperational = await call(`{ province { code } }`, identity.gatewayHeaders.authorization!.slice("Bearer ".length));
    expect(onOperational.status).toBe(401);
    expect(codeOf(onOperational)).toBe("UNAUTHENTICATED");
    const onFederation = await call(`{ _service { sdl } }`, await coordinatorToken(), {}, "/federation");
    expect(onFederation.status).toBe(401);
    expect(codeOf(onFederation)).toBe("UNAUTHENTICATED");
    const gateway = await call(`{ _service { sdl } }`, identity.gatewayHeaders.authorization!.slice("Bearer ".length), {}, "/federation");
    expect(gateway.errors).toBeUndefined();
  });

  it("refuses a team token whose province claim names another province", async () => {
    const token = await signToken(
      identity.ring.signing(teamIssuer("BG")),
      { subject: TEST_COORDINATOR, role: "coordinator", province: "LO", audience: operationalAudience("BG") },
      { ttlSeconds: 600 },
    );
    const answer = await call(`{ province { code } }`, token);
    expect(codeOf(answer)).toBe("UNAUTHENTICATED");
    expect(answer.errors?.[0]?.extensions?.reason).toBe("bad-claims");
  });

  it("refuses forged tokens: the right issuer's name, a key it does not have", async () => {
    const forger = await generateKeyRing([teamIssuer("BG"), GATEWAY_ISSUER]);
    const forged = await signToken(
      forger.signing(teamIssuer("BG")),
      { subject: TEST_COORDINATOR, role: "coordinator", province: "BG", audience: operationalAudience("BG") },
      { ttlSeconds: 600 },
    );
    expect(codeOf(await call(`{ province { code } }`, forged))).toBe("UNAUTHENTICATED");
    const gatewayForged = await signToken(forger.signing(GATEWAY_ISSUER), { subject: "gw", role: "gateway", audience: federationAudience("BG") }, { ttlSeconds: 600 });
    expect(codeOf(await call(`{ _service { sdl } }`, gatewayForged, {}, "/federation"))).toBe("UNAUTHENTICATED");
  });

  it("refuses a gateway token that does not carry the gateway role, with FORBIDDEN", async () => {
    const token = await signToken(identity.ring.signing(GATEWAY_ISSUER), { subject: "gw", role: "capofila", audience: federationAudience("BG") }, { ttlSeconds: 600 });
    const answer = await call(`{ _service { sdl } }`, token, {}, "/federation");
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe("FORBIDDEN");
  });

  it("tells the caller who they are", async () => {
    const answer = await call(`{ me { subject province role } }`, await coordinatorToken());
    expect(answer.data?.me).toEqual({ subject: TEST_COORDINATOR, province: "BG", role: "COORDINATOR" });
  });
});

describe("the staff registry", () => {
  it("starts with the configured coordinator", async () => {
    const answer = await call(STAFF, await coordinatorToken());
    expect(answer.data?.staff).toEqual([{ subject: TEST_COORDINATOR, role: "COORDINATOR", grantedBy: "bootstrap" }]);
  });

  it("refuses a valid token whose subject is not on staff, with FORBIDDEN", async () => {
    const answer = await call(`{ province { code } }`, await as("operator", "stranger"));
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe("FORBIDDEN");
    expect(answer.errors?.[0]?.extensions?.reason).toBe("not-on-staff");
  });

  it("lets a coordinator grant a role; the operator then works on cases and is refused coordinators' operations", async () => {
    const granted = await call(GRANT, await coordinatorToken(), { s: "anna.operatrice", r: "OPERATOR" });
    expect(granted.data?.grantStaffRole).toEqual({ subject: "anna.operatrice", role: "OPERATOR", grantedBy: TEST_COORDINATOR, active: true });
    const operator = await as("operator", "anna.operatrice");
    expect((await call(`{ cases { nodes { id } } }`, operator)).errors).toBeUndefined();

    const place = await call(SET_PLACE_ACTIVE, operator, { id: MISSING_ID });
    expect(place.status).toBe(403);
    expect(codeOf(place)).toBe("FORBIDDEN");
    // The coordinator asking the same thing learns the place does not exist; the operator did not.
    expect(codeOf(await call(SET_PLACE_ACTIVE, await coordinatorToken(), { id: MISSING_ID }))).toBe("NOT_FOUND");

    expect(codeOf(await call(STAFF, operator))).toBe("FORBIDDEN");
    expect(codeOf(await call(GRANT, operator, { s: "anna.operatrice", r: "COORDINATOR" }))).toBe("FORBIDDEN");
    // Claiming more than the registry grants does not help.
    const claimed = await call(STAFF, await as("coordinator", "anna.operatrice"));
    expect(codeOf(claimed)).toBe("FORBIDDEN");
    expect(claimed.errors?.[0]?.extensions?.reason).toBe("role-not-granted");
  });

  it("takes effect at once when a role is revoked, and keeps the history", async () => {
    await call(GRANT, await coordinatorToken(), { s: "leaving.soon", r: "OPERATOR" });
    const token = await as("operator", "leaving.soon");
    expect((await call(`{ province { code } }`, token)).errors).toBeUndefined();
    const revoked = await call(REVOKE, await coordinatorToken(), { s: "leaving.soon" });
    expect(revoked.data?.revokeStaffRole).toEqual({ subject: "leaving.soon", role: "OPERATOR", revokedBy: TEST_COORDINATOR, active: false });
    expect(codeOf(await call(`{ province { code } }`, token))).toBe("FORBIDDEN");
    const history = await call(`{ staff(includeRevoked: true) { subject active } }`, await coordinatorToken());
    expect(history.data?.staff).toContainEqual({ subject: "leaving.soon", active: false });
  });

  it("never lets the last coordinator go, and changes a role by replacing the grant", async () => {
    const last = await call(REVOKE, await coordinatorToken(), { s: TEST_COORDINATOR });
    expect(codeOf(last)).toBe("ILLEGAL_OPERATION");
    expect(last.errors?.[0]?.extensions?.rule).toBe("last-coordinator");
    const demote = await call(GRANT, await coordinatorToken(), { s: TEST_COORDINATOR, r: "OPERATOR" });
    expect(demote.errors?.[0]?.extensions?.rule).toBe("last-coordinator");

    await call(GRANT, await coordinatorToken(), { s: "second.coordinator", r: "COORDINATOR" });
    const promoted = await call(GRANT, await coordinatorToken(), { s: "anna.operatrice", r: "COORDINATOR" });
    expect(promoted.data?.grantStaffRole.role).toBe("COORDINATOR");
    const active = await call(STAFF, await coordinatorToken());
    expect(active.data?.staff.filter((s: { subject: string }) => s.subject === "anna.operatrice")).toHaveLength(1);
    // Back down to operator now that there are other coordinators.
    expect((await call(GRANT, await coordinatorToken(), { s: "anna.operatrice", r: "OPERATOR" })).errors).toBeUndefined();
  });

  it("refuses a malformed subject and revoking someone who holds nothing, writing nothing", async () => {
    const before = await db.prisma.staffGrant.count();
    const bad = await call(GRANT, await coordinatorToken(), { s: "two words", r: "OPERATOR" });
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.extensions?.field).toBe("input.subject");
    expect(codeOf(await call(REVOKE, await coordinatorToken(), { s: "nobody.here" }))).toBe("ILLEGAL_OPERATION");
    expect(await db.prisma.staffGrant.count()).toBe(before);
  });

  it("does not bring back a revoked bootstrap subject on restart", async () => {
    await call(GRANT, await coordinatorToken(), { s: "third.coordinator", r: "COORDINATOR" });
    await call(REVOKE, await as("coordinator", "third.coordinator"), { s: TEST_COORDINATOR });
    await service.stop();
    service = await start();
    expect(codeOf(await call(`{ province { code } }`, await coordinatorToken()))).toBe("FORBIDDEN");
    expect((await call(`{ province { code } }`, await as("coordinator", "third.coordinator"))).errors).toBeUndefined();
  });

  it("lets only one of two coordinators who revoke each other at once succeed", async () => {
    // Leave exactly two coordinators: each may remove the other, not both.
    const boss = await as("coordinator", "third.coordinator");
    for (const s of ["duel.a", "duel.b"]) expect((await call(GRANT, boss, { s, r: "COORDINATOR" })).errors).toBeUndefined();
    for (const s of (await call(STAFF, boss)).data!.staff as { subject: string; role: string }[]) {
      if (s.role === "COORDINATOR" && !s.subject.startsWith("duel.")) {
        expect((await call(REVOKE, await as("coordinator", "duel.a"), { s: s.subject })).errors).toBeUndefined();
      }
    }
    const [a, b] = await Promise.all([
      call(REVOKE, await as("coordinator", "duel.a"), { s: "duel.b" }),
      call(REVOKE, await as("coordinator", "duel.b"), { s: "duel.a" }),
    ]);
    // The loser is refused either by the rule (it got past authentication first) or because the
    // winner's revocation was already in place when it was authenticated.
    const outcomes = [a, b].map((r) => (r.errors ? (r.errors[0]!.extensions!.rule ?? r.errors[0]!.extensions!.reason) : "revoked")).sort();
    expect(outcomes.filter((o) => o === "revoked")).toHaveLength(1);
    expect(["last-coordinator", "not-on-staff"]).toContain(outcomes.find((o) => o !== "revoked"));
    expect(await db.prisma.staffGrant.count({ where: { role: "COORDINATOR", revokedAt: null } })).toBe(1);
  });
});
});
