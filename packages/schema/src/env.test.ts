import { describe, expect, it } from "vitest";
import { EnvironmentError, loadGatewayEnv, loadProvinceEnv, loadStackEnv } from "./env.ts";

describe("environment", () => {
  it("gives each province its default port and local host", () => {
    const env = loadProvinceEnv({}, { PROVINCE: "LO" });
    expect(env).toMatchObject({ province: "LO", host: "127.0.0.1", port: 4005, databaseUrl: undefined, demoData: true });
  });

  it("turns demo data off by default in production", () => {
    expect(loadProvinceEnv({ NODE_ENV: "production" }, { PROVINCE: "BG" }).demoData).toBe(false);
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
