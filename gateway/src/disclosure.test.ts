import { loadGatewayEnv, PROVINCES, type ProvinceCode, type ProvinceFigures } from "@regional/schema";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSupergraph } from "./compose.ts";
import { startGateway, type RunningGateway } from "./server.ts";
import { figures } from "./testing/figures.ts";
import { startFixtureProvince, type FixtureProvince } from "./testing/province-fixture.ts";
import { testGatewayAuth } from "./testing/auth.ts";

const identity = await testGatewayAuth();

/**
 * Disclosure control through the running gateway: what a capofila client receives over HTTP.
 * Lodi has one man among its active cases; every other province has plenty of everyone.
 */
const provinceFigures = (code: ProvinceCode): ProvinceFigures =>
  code === "LO"
    ? figures({ activeCases: 13, byGender: [{ key: "WOMAN", count: 12 }, { key: "MAN", count: 1 }] })
    : figures({ activeCases: 60, byGender: [{ key: "WOMAN", count: 40 }, { key: "MAN", count: 20 }] });

const QUERY = /* GraphQL */ `
  {
    region(from: "2026-01-01", to: "2026-03-31") {
      totals { activeCases byGender { key count suppressed } }
      provinces { province activeCases byGender { key count suppressed } }
    }
  }
`;

type Cell = { key: string; count: number | null; suppressed: boolean };

const fixtures: FixtureProvince[] = [];
beforeAll(async () => {
  for (const p of PROVINCES) fixtures.push(await startFixtureProvince(p, provinceFigures(p.code)));
});
afterAll(async () => {
  await Promise.all(fixtures.map((f) => f.stop()));
});

async function gatewayWith(extra: Record<string, string>): Promise<RunningGateway> {
  const env = loadGatewayEnv({
    GATEWAY_PORT: "0",
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    ...Object.fromEntries(fixtures.map((f) => [`SUBGRAPH_URL_${f.province.code}`, f.url])),
    ...extra,
  });
  return startGateway({ env, supergraphSdl: readSupergraph(), logger: pino({ level: "silent" }), auth: identity.auth });
}

async function region(gateway: RunningGateway) {
  const response = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...identity.capofilaHeaders },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await response.json()) as { data: { region: any }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data.region as {
    totals: { activeCases: number; byGender: Cell[] };
    provinces: { province: ProvinceCode; activeCases: number; byGender: Cell[] }[];
  };
}

describe("disclosure control at the gateway", () => {
  it("hides Lodi's lone man, the cell that would give him away, and keeps counters exact", async () => {
    const gateway = await gatewayWith({});
    try {
      const r = await region(gateway);
      const lodi = r.provinces.find((p) => p.province === "LO")!;
      expect(lodi.activeCases).toBe(13);
      expect(lodi.byGender).toEqual([
        { key: "MAN", count: null, suppressed: true },
        { key: "WOMAN", count: null, suppressed: true },
      ]);
      expect(r.totals.activeCases).toBe(6 * 60 + 13);
      // Regional MAN (121) minus the six other provinces' published MAN (120) would be Lodi's:
      // so either the regional MAN or another province's MAN is hidden as well.
      const regionalMan = r.totals.byGender.find((c) => c.key === "MAN")!;
      const otherMen = r.provinces.filter((p) => p.province !== "LO").map((p) => p.byGender.find((c) => c.key === "MAN")!);
      expect(regionalMan.suppressed || otherMen.some((c) => c.suppressed)).toBe(true);
      for (const cell of [...r.totals.byGender, ...r.provinces.flatMap((p) => p.byGender)]) {
        expect(cell.suppressed).toBe(cell.count === null);
        if (!cell.suppressed) expect(cell.count).toBeGreaterThanOrEqual(5);
      }
    } finally {
      await gateway.stop();
    }
  });

  it("uses DISCLOSURE_MIN_CELL from the configuration", async () => {
    const gateway = await gatewayWith({ DISCLOSURE_MIN_CELL: "1" });
    try {
      const lodi = (await region(gateway)).provinces.find((p) => p.province === "LO")!;
      expect(lodi.byGender).toEqual([
        { key: "WOMAN", count: 12, suppressed: false },
        { key: "MAN", count: 1, suppressed: false },
      ]);
    } finally {
      await gateway.stop();
    }
  });

  it("refuses a minimum cell that is not a positive integer, with the other problems", () => {
    expect(() => loadGatewayEnv({ DISCLOSURE_MIN_CELL: "0", GATEWAY_PORT: "x" })).toThrow(/DISCLOSURE_MIN_CELL[\s\S]*GATEWAY_PORT|GATEWAY_PORT[\s\S]*DISCLOSURE_MIN_CELL/);
    expect(loadGatewayEnv({}).disclosureMinCell).toBe(5);
  });
});
