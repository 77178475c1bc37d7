import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Supergraph, operationFromDocument } from "@apollo/federation-internals";
import { QueryPlanner } from "@apollo/query-planner";
import type { ProvinceFigures } from "@regional/schema";
import { parse } from "graphql";
import { composeFor, syntheticProvinces } from "../graph/provinces.ts";
import { measure, type LoadResult } from "../load.ts";
import { REGION_QUERY, REGION_REQUEST_BODY } from "../query.ts";
import { startServer, type RunningProcess } from "../stack/processes.ts";
import type { Settings } from "../settings.ts";

export interface GraphResult {
  subgraphs: number;
  /** Supergraph SDL size, bytes. */
  supergraphBytes: number;
  /** Supergraph.build + new QueryPlanner (what a gateway does when it loads a supergraph), ms. */
  plannerSetupMs: number;
  /** buildQueryPlan for the regional query: the first (cold) and the median of 20 more, ms. */
  planColdMs: number;
  planWarmMs: number;
  /** The plan's fetches to provinces (parallel) and to the region. */
  fetches: number;
  /** Through the gateway: the first request (plans) and the warm latency. */
  firstRequestMs: Partial<Record<"apollo" | "hive", number>>;
  load: Partial<Record<"apollo" | "hive", LoadResult[]>>;
  /** Gateway RSS after the load, bytes. */
  gatewayRss: Partial<Record<"apollo" | "hive", number>>;
}

const PORTS = { fixtures: 4300, region: 4301, apollo: 4302, hive: 4303 };

/** Figures for the fixtures when the side-by-side run gave none: plausible, every list non-empty. */
export const FALLBACK_FIGURES: ProvinceFigures = {
  contacts: 900, outings: 110, accompaniments: 30, newCases: 80, activeCases: 320, closedCases: 70, personsAssessed: 60,
  personsIdentified: 40, permitsRequested: 25, permitsGranted: 12, jobPlacements: 20, trainingEvents: 3, trainingParticipants: 90,
  transfersIn: 2, transfersOut: 1, placesTotal: 40, placesOccupied: 31, placesFree: 9, placesHeld: 0,
  byPhase: [{ key: "RESIDENTIAL_RECEPTION", count: 120 }, { key: "IDENTIFICATION", count: 90 }, { key: "FIRST_CONTACT", count: 110 }],
  byGender: [{ key: "WOMAN", count: 230 }, { key: "MAN", count: 70 }, { key: "TRANS_NON_BINARY", count: 20 }],
  byAgeBand: [{ key: "AGE_21_25", count: 120 }, { key: "AGE_26_30", count: 100 }, { key: "AGE_18_20", count: 60 }, { key: "AGE_31_40", count: 40 }],
  byCitizenship: [{ key: "NG", count: 140 }, { key: "RO", count: 60 }, { key: "AL", count: 40 }, { key: "MA", count: 40 }, { key: "PK", count: 40 }],
  byExploitationType: [{ key: "SEXUAL", count: 200 }, { key: "LABOUR_AGRICULTURE", count: 80 }, { key: "BEGGING", count: 40 }],
  byReferralSource: [{ key: "STREET_UNIT", count: 150 }, { key: "POLICE", count: 90 }, { key: "CAS", count: 80 }],
  exitsByOutcome: [{ key: "AUTONOMY", count: 40 }, { key: "DROPPED_OUT", count: 30 }],
  places: [
    { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 10, occupied: 8, free: 2 },
    { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 30, occupied: 23, free: 7 },
  ],
} as unknown as ProvinceFigures;

function planTimes(sdl: string): Pick<GraphResult, "plannerSetupMs" | "planColdMs" | "planWarmMs" | "fetches"> {
  let t = performance.now();
  const supergraph = Supergraph.build(sdl);
  const planner = new QueryPlanner(supergraph);
  const apiSchema = supergraph.apiSchema();
  const plannerSetupMs = performance.now() - t;
  const document = parse(REGION_QUERY);
  const plan = () => planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName: "Region" }));
  t = performance.now();
  const first = plan();
  const planColdMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    plan();
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const fetches = (JSON.stringify(first).match(/"kind":"Fetch"/g) ?? []).length;
  const r = (n: number) => Math.round(n * 100) / 100;
  return { plannerSetupMs: r(plannerSetupMs), planColdMs: r(planColdMs), planWarmMs: r(warm[10]!), fetches };
}

async function firstRequest(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: REGION_REQUEST_BODY });
  const body = (await res.json()) as { errors?: unknown[]; data?: { region?: { totals?: { provincesReporting?: number } } } };
  if (body.errors || !body.data?.region) throw new Error(`graph scale: the gateway answered ${JSON.stringify(body).slice(0, 300)}`);
  return Math.round((performance.now() - t) * 100) / 100;
}

/**
 * The same query over N synthetic province subgraphs (the production SDL template, canned figures
 * served by one fixture process) and the region subgraph rewritten for N: what the gateway pays for
 * a bigger graph, apart from the provinces' own work.
 */
export async function runGraph(n: number, figures: ProvinceFigures, settings: Settings, log: (line: string) => void): Promise<GraphResult> {
  const provinces = syntheticProvinces(n);
  const urlOf = (field: string) => `http://127.0.0.1:${PORTS.fixtures}/${field}`;
  const regionUrl = `http://127.0.0.1:${PORTS.region}/graphql`;
  const sdl = composeFor(provinces, urlOf, regionUrl);
  const supergraphPath = join(settings.dataRoot, `supergraph.${n}.graphql`);
  writeFileSync(supergraphPath, sdl);
  const plans = planTimes(sdl);
  log(`graph ${n}: planner setup ${plans.plannerSetupMs} ms, plan cold ${plans.planColdMs} ms, warm ${plans.planWarmMs} ms, ${plans.fetches} fetches`);

  const running: RunningProcess[] = [];
  try {
    running.push(await startServer("fixtures", "fixtures", { port: PORTS.fixtures, provinces, figures }));
    running.push(await startServer("region", "region", { port: PORTS.region, provinces }));
    const gateways = {
      apollo: await startServer("apollo", "apollo-custom", { port: PORTS.apollo, supergraphPath, subgraphs: {}, provinces }),
      hive: await startServer("hive", "hive", { port: PORTS.hive, supergraphPath }),
    };
    running.push(gateways.apollo, gateways.hive);
    const result: GraphResult = { subgraphs: n, supergraphBytes: Buffer.byteLength(sdl), ...plans, firstRequestMs: {}, load: {}, gatewayRss: {} };
    for (const [name, proc] of Object.entries(gateways) as ["apollo" | "hive", RunningProcess & { ready: string }][]) {
      result.firstRequestMs[name] = await firstRequest(proc.ready);
      result.load[name] = [];
      for (const connections of settings.concurrencies) {
        const r = await measure({ url: proc.ready, body: REGION_REQUEST_BODY, connections, durationS: settings.durationS, warmupS: settings.warmupS });
        log(`graph ${n} ${name.padEnd(6)} c=${String(connections).padStart(2)}: ${r.throughput} req/s  p50 ${r.p50}  p95 ${r.p95}  p99 ${r.p99} ms  errors ${r.errors + r.non2xx}`);
        result.load[name].push(r);
      }
      result.gatewayRss[name] = proc.memory().rss;
    }
    return result;
  } finally {
    await Promise.all(running.map((p) => p.stop()));
  }
}
