import { describe, expect, it } from "vitest";
import { EnvironmentError, loadGatewayEnv, loadProvinceEnv, loadStackEnv } from "./env.ts";

/** A well-formed key for tests (32 bytes); never a real one. */
const KEY = Buffer.alloc(32, 1).toString("base64");

describe("environment", () => {
  it("gives each province its default port and local host", () => {
    const env = loadProvinceEnv({}, { PROVINCE: "LO" });
    expect(env).toMatchObject({ province: "LO", host: "127.0.0.1", port: 4005, databaseUrl: undefined, demoData: true });
  });

  it("turns demo data off by default in production", () => {
    expect(loadProvinceEnv({ NODE_ENV: "production", DATA_ENCRYPTION_KEY: KEY }, { PROVINCE: "BG" }).demoData).toBe(false);
  });

  it("takes the data encryption key as base64 of 32 bytes, and requires it in production only", () => {
    expect(loadProvinceEnv({ DATA_ENCRYPTION_KEY: KEY }, { PROVINCE: "BG" }).dataEncryptionKey).toEqual(Buffer.from(KEY, "base64"));
    expect(loadProvinceEnv({}, { PROVINCE: "BG" }).dataEncryptionKey).toBeUndefined();
    const problems = (env: Record<string, string>) => {
      try {
        loadProvinceEnv(env, { PROVINCE: "BG" });
      } catch (e) {
        return (e as EnvironmentError).problems;
      }
      return [];
    };
    // Listed together with the other problems, so an installer fixes everything in one go.
    const missing = problems({ NODE_ENV: "production", PORT: "99999" });
    expect(missing.some((p) => p.startsWith("DATA_ENCRYPTION_KEY:") && p.includes("production"))).toBe(true);
    expect(missing.some((p) => p.startsWith("PORT"))).toBe(true);
    const short = Buffer.alloc(16, 7).toString("base64");
    for (const bad of [short, "not base64!", `${KEY}AAAA`]) {
      const found = problems({ DATA_ENCRYPTION_KEY: bad });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^DATA_ENCRYPTION_KEY: must be the base64 of exactly 32 bytes/);
      expect(found[0]).not.toContain(bad); // a secret is never echoed into logs
    }
  });

  it("lists every problem at once", () => {
    let error: unknown;
    try {
      loadProvinceEnv({ PROVINCE: "MI", PORT: "99999", DATABASE_URL: "mysql://x", DEMO_DATA: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const problems = (error as EnvironmentError).problems.join("\n");
    for (const variable of ["PROVINCE", "PORT", "DATABASE_URL", "DEMO_DATA"]) expect(problems).toContain(variable);
  });

  it("gives embedded PGlite a small buffer cache unless told otherwise, in PostgreSQL's own units", () => {
    expect(loadProvinceEnv({}, { PROVINCE: "BG" }).pgliteSharedBuffers).toBe("16MB");
    expect(loadProvinceEnv({ PGLITE_SHARED_BUFFERS: "512kB" }, { PROVINCE: "BG" }).pgliteSharedBuffers).toBe("512kB");
    for (const bad of ["16", "16mb", "0MB", "16 MB", "-1MB"]) {
      expect(() => loadProvinceEnv({ PGLITE_SHARED_BUFFERS: bad }, { PROVINCE: "BG" }), bad).toThrow(/PGLITE_SHARED_BUFFERS: a size such as/);
    }
  });

  it("runs the local stack in one process unless asked for one process per service", () => {
    expect(loadStackEnv({}).processes).toBe("one");
    expect(loadStackEnv({ STACK_PROCESSES: "per-service" }).processes).toBe("per-service");
    expect(() => loadStackEnv({ STACK_PROCESSES: "two" })).toThrow(/STACK_PROCESSES/);
  });

  it("points the gateway at the provinces' local federation endpoints unless told otherwise", () => {
    const env = loadGatewayEnv({ PORT_BS: "5002", SUBGRAPH_URL_PV: "https://pavia.example.org/federation" });
    expect(env.port).toBe(4000);
    expect(env.subgraphUrls.BG).toBe("http://127.0.0.1:4001/federation");
    expect(env.subgraphUrls.BS).toBe("http://127.0.0.1:5002/federation");
    expect(env.subgraphUrls.PV).toBe("https://pavia.example.org/federation");
  });

  it("treats empty variables as unset", () => {
    expect(loadStackEnv({ GATEWAY_PORT: "", PORT_MN: "" })).toMatchObject({ gatewayPort: 4000, provincePorts: { MN: 4006 } });
  });
});

describe("identity configuration", () => {
  it("names a province's issuers and audiences by convention, and bootstraps the development staff outside production", () => {
    const { auth } = loadProvinceEnv({}, { PROVINCE: "LO" });
    expect(auth).toMatchObject({
      keysDir: undefined,
      teamIssuer: "regional-lo-team",
      gatewayIssuer: "regional-gateway",
      operationalAudience: "regional-lo-operational",
      federationAudience: "regional-lo-federation",
      staffBootstrap: [
        { subject: "dev-coordinator", role: "coordinator" },
        { subject: "dev-operator", role: "operator" },
      ],
    });
    expect(loadProvinceEnv({ NODE_ENV: "production", DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") }, { PROVINCE: "LO" }).auth.staffBootstrap).toEqual([]);
  });

  it("takes issuers, key files and the first staff from the environment, listing every bad staff entry", () => {
    const { auth } = loadProvinceEnv(
      { TEAM_ISSUER: "https://idp.lodi.example/realms/team", TEAM_JWKS: "/etc/regional/team.jwks", STAFF_BOOTSTRAP: "lucia.bianchi:coordinator, auth0|42:operator" },
      { PROVINCE: "LO" },
    );
    expect(auth).toMatchObject({
      teamIssuer: "https://idp.lodi.example/realms/team",
      teamJwksPath: "/etc/regional/team.jwks",
      staffBootstrap: [
        { subject: "lucia.bianchi", role: "coordinator" },
        { subject: "auth0|42", role: "operator" },
      ],
    });
    let error: unknown;
    try {
      loadProvinceEnv({ STAFF_BOOTSTRAP: "anna:boss,:operator,ok:operator" }, { PROVINCE: "LO" });
    } catch (e) {
      error = e;
    }
    const problems = (error as EnvironmentError).problems.filter((p) => p.startsWith("STAFF_BOOTSTRAP"));
    expect(problems).toHaveLength(2);
  });

  it("gives the gateway every province's team issuer and federation audience, each overridable", () => {
    const { auth } = loadGatewayEnv({ TEAM_ISSUER_BG: "https://idp.bergamo.example", TEAM_JWKS_BG: "/etc/bg.jwks", FEDERATION_AUDIENCE_PV: "pavia-federation" });
    expect(auth.teams.BG).toEqual({ issuer: "https://idp.bergamo.example", jwksPath: "/etc/bg.jwks" });
    expect(auth.teams.LO).toEqual({ issuer: "regional-lo-team", jwksPath: undefined });
    expect(auth.federationAudiences).toMatchObject({ BG: "regional-bg-federation", PV: "pavia-federation" });
    expect(auth).toMatchObject({ audience: "regional-gateway-api", gatewayIssuer: "regional-gateway", capofila: { issuer: "regional-capofila" } });
  });
});
