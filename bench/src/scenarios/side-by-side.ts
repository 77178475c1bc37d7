import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { composeSupergraph, subgraphDefinitions, REGION_SUBGRAPH_NAME } from "@regional/gateway";
import { FEDERATION_PATH, HEALTH_PATH, PROVINCES, type ProvinceFigures } from "@regional/schema";
import { prepareCentral, prepareSize, type PreparedSize } from "../dataset/prepare.ts";
import { measure, type LoadResult } from "../load.ts";
import { profileSql, type SqlProfile } from "./sql-profile.ts";
import { entitiesBody, REGION_REQUEST_BODY } from "../query.ts";
import { REPO_ROOT, startNode, startServer, type RunningProcess } from "../stack/processes.ts";
import type { Settings } from "../settings.ts";

export const VARIANTS = {
  apollo: "@apollo/gateway (ours, region in process)",
  "apollo-http-region": "@apollo/gateway, region over HTTP",
  "apollo-cached-region": "@apollo/gateway, region in process, parsed once",
  hive: "Hive Gateway (region over HTTP)",
  fanout: "direct fan-out (floor)",
  central: "centralised PGlite (7 schemas, plain SQL, daily aggregates)",
  "central-tables": "centralised PGlite, plain SQL over the rows",
} as const;
export type Variant = keyof typeof VARIANTS;

export interface SizeResult {
  cases: number;
  data: Omit<PreparedSize, "provinceDirs"> & { centralSeedMs?: number; centralDatabaseBytes?: number };
  /** Time from spawning the seven services on prepared data to all healthy. */
  servicesReadyMs: number;
  /** Answers compared: every variant returned the same figures. */
  answersAgree: boolean;
  disagreements: string[];
  load: Partial<Record<Variant, LoadResult[]>>;
  /** RSS after the load, bytes, per process. */
  rss: Record<string, number>;
  /** One province's federation response time alone (sequential, ms): the database + service cost. */
  provinceAlone: LoadResult | undefined;
  /** The figures SQL alone, in process, daily aggregates against rows. */
  sql: SqlProfile[];
}

const PORTS = { province: 4101, apollo: 4200, apolloHttp: 4201, hive: 4202, fanout: 4203, central: 4204, region: 4205 };

export function provinceUrl(i: number): string {
  return `http://127.0.0.1:${PORTS.province + i}${FEDERATION_PATH}`;
}

/** The seven services as deployed: each its own process, on its prepared PGlite folder, no demo data. */
export async function startProvinces(dirs: Record<string, string>, settings: Settings): Promise<{ processes: RunningProcess[]; readyMs: number }> {
  const started = performance.now();
  const settled = await Promise.allSettled(
    PROVINCES.map((p, i) =>
      startNode(p.code, join(REPO_ROOT, "services", p.field, "start.mjs"), {
        env: { ...settings.serviceEnv, PORT: String(PORTS.province + i), DATA_DIR: dirs[p.code]!, DEMO_DATA: "false", LOG_LEVEL: "warn" },
        healthUrl: `http://127.0.0.1:${PORTS.province + i}${HEALTH_PATH}`,
        timeoutMs: 600_000,
      }),
    ),
  );
  const processes = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(processes.map((p) => p.stop()));
    throw failed.reason;
  }
  return { processes, readyMs: Math.round(performance.now() - started) };
}

/** The committed supergraph's subgraphs at the bench's addresses (region over HTTP where a gateway needs it). */
export function writeSupergraph(dir: string): string {
  const urls: Record<string, string> = Object.fromEntries(PROVINCES.map((p, i) => [p.field, provinceUrl(i)]));
  urls[REGION_SUBGRAPH_NAME] = `http://127.0.0.1:${PORTS.region}/graphql`;
  const composition = composeSupergraph(subgraphDefinitions().map((s) => ({ ...s, url: urls[s.name] ?? s.url })));
  if (!composition.supergraphSdl) throw new Error(`composition failed: ${composition.errors.join("; ")}`);
  const path = join(dir, "supergraph.bench.graphql");
  writeFileSync(path, composition.supergraphSdl);
  return path;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return res.json();
}

/** Everything but the order of equal-count cells must agree between the variants. */
function canonical(answer: unknown): string {
  return JSON.stringify(answer, (_key, value: unknown) => value);
}

export async function runSize(cases: number, settings: Settings, log: (line: string) => void): Promise<{ result: SizeResult; sampleFigures: ProvinceFigures | undefined }> {
  const dataRoot = settings.dataRoot;
  mkdirSync(dataRoot, { recursive: true });
  const dataKey = settings.serviceEnv.DATA_ENCRYPTION_KEY!;
  const prepared = await prepareSize(dataRoot, cases, settings.dataVersion, dataKey, log, { copies: settings.variants.length > 0 });
  const withCentral = cases <= settings.centralMaxCases && (settings.variants.includes("central") || settings.variants.includes("central-tables"));
  const central = withCentral ? await prepareCentral(dataRoot, cases, settings.dataVersion, dataKey, log) : undefined;

  const template = join(dataRoot, String(cases), "template");
  const sql = await profileSql(template, settings.quick ? 10 : 30);
  log(`size ${cases}: figures SQL in process: ${sql.map((p) => `${p.source} p50 ${p.wallP50} ms (cpu ${p.cpuP50} ms)`).join(", ")}`);

  const { provinceDirs: _dirs, ...data } = prepared;
  if (settings.variants.length === 0) {
    // Data and SQL only (--variants=none): no processes.
    return {
      result: { cases, data, servicesReadyMs: Number.NaN, answersAgree: true, disagreements: [], load: {}, rss: {}, provinceAlone: undefined, sql },
      sampleFigures: undefined,
    };
  }

  const running: RunningProcess[] = [];
  const stopAll = async () => {
    await Promise.all(running.map((p) => p.stop()));
  };
  try {
    log(`size ${cases}: starting the seven services…`);
    const provinces = await startProvinces(prepared.provinceDirs, settings);
    running.push(...provinces.processes);
    log(`size ${cases}: services ready in ${provinces.readyMs} ms`);
    const supergraphPath = writeSupergraph(dataRoot);
    const subgraphUrls = Object.fromEntries(PROVINCES.map((p, i) => [p.code, provinceUrl(i)]));
    const subgraphsByField = Object.fromEntries(PROVINCES.map((p, i) => [p.field, provinceUrl(i)]));

    const urls: Partial<Record<Variant, string>> = {};
    const start = async (variant: Variant, name: string, script: string, config: unknown) => {
      if (!settings.variants.includes(variant)) return;
      const proc = await startServer(name, script, config, 600_000);
      running.push(proc);
      urls[variant] = proc.ready;
    };
    const needsRegion = settings.variants.includes("hive") || settings.variants.includes("apollo-http-region");
    if (needsRegion) running.push(await startServer("region", "region", { port: PORTS.region }));
    if (settings.variants.includes("apollo")) {
      // The deployed entry point itself (gateway/dist/main.js: startGateway, its keys, its auth).
      const proc = await startNode("apollo", join(REPO_ROOT, "gateway/dist/main.js"), {
        env: {
          ...settings.serviceEnv,
          GATEWAY_PORT: String(PORTS.apollo),
          // A late province would be answered as missing: the bench measures latency, not timeouts.
          SUBGRAPH_TIMEOUT_MS: "30000",
          DATA_DIR: join(dataRoot, "gateway"),
          LOG_LEVEL: "warn",
          ...Object.fromEntries(Object.entries(subgraphUrls).map(([code, url]) => [`SUBGRAPH_URL_${code}`, url])),
        },
        healthUrl: `http://127.0.0.1:${PORTS.apollo}${HEALTH_PATH}`,
      });
      running.push(proc);
      urls.apollo = `http://127.0.0.1:${PORTS.apollo}/graphql`;
    }
    await start("apollo-http-region", "apollo-http-region", "apollo-custom", {
      port: PORTS.apolloHttp,
      supergraphPath,
      subgraphs: subgraphsByField,
      regionUrl: `http://127.0.0.1:${PORTS.region}/graphql`,
      keysDir: settings.keysDir,
      dataDir: join(dataRoot, "gateway"),
      timeoutMs: 30_000,
    });
    await start("apollo-cached-region", "apollo-cached-region", "apollo-custom", {
      port: PORTS.apolloHttp + 20,
      supergraphPath,
      subgraphs: subgraphsByField,
      cachedLocalRegion: true,
      keysDir: settings.keysDir,
      dataDir: join(dataRoot, "gateway"),
      timeoutMs: 30_000,
    });
    const tokenOf = (code: string) => settings.federationHeaders[code]?.authorization ?? "";
    await start("hive", "hive", "hive", {
      port: PORTS.hive,
      supergraphPath,
      subgraphHeaders: Object.fromEntries(PROVINCES.map((p) => [p.field, { authorization: tokenOf(p.code) }])),
    });
    await start("fanout", "fanout", "fanout", {
      port: PORTS.fanout,
      provinces: PROVINCES.map((p, i) => ({ code: p.code, field: p.field, url: provinceUrl(i), authorization: tokenOf(p.code) })),
    });
    if (central) await start("central", "central", "central", { port: PORTS.central, dir: central.dir });
    // A second PGlite on the same folder would corrupt it: the rows variant opens a copy.
    if (central && settings.variants.includes("central-tables")) {
      const copy = `${central.dir}-tables`;
      rmSync(copy, { recursive: true, force: true });
      cpSync(central.dir, copy, { recursive: true });
      await start("central-tables", "central-tables", "central", { port: PORTS.central + 10, dir: copy, source: "tables" });
    }

    // Same question, same answer: compare every variant's answer before timing any of them.
    const answers = new Map<Variant, string>();
    for (const [variant, url] of Object.entries(urls) as [Variant, string][]) {
      answers.set(variant, canonical(await post(url, REGION_REQUEST_BODY, settings.clientHeaders)));
    }
    const reference = answers.get("apollo") ?? [...answers.values()][0];
    const disagreements = [...answers].filter(([, a]) => a !== reference).map(([v, a]) => `${v}: ${a.slice(0, 300)}`);
    if (disagreements.length) log(`size ${cases}: ANSWERS DIFFER\n  reference ${reference?.slice(0, 300)}\n  ${disagreements.join("\n  ")}`);

    const sample = (await post(provinceUrl(0), entitiesBody(PROVINCES[0].field), settings.federationHeaders[PROVINCES[0].code])) as {
      data?: { _entities?: Record<string, ProvinceFigures>[] };
    };
    const sampleFigures = sample.data?._entities?.[0]?.[PROVINCES[0].field];

    log(`size ${cases}: one province alone…`);
    const provinceAlone = await measure({
      url: provinceUrl(0),
      body: entitiesBody(PROVINCES[0].field),
      headers: settings.federationHeaders[PROVINCES[0].code] ?? {},
      connections: 1,
      durationS: settings.durationS,
      warmupS: settings.warmupS,
    });

    const load: Partial<Record<Variant, LoadResult[]>> = {};
    for (const variant of settings.variants) {
      const url = urls[variant];
      if (!url) continue;
      load[variant] = [];
      for (const connections of settings.concurrencies) {
        const r = await measure({ url, body: REGION_REQUEST_BODY, headers: settings.clientHeaders, connections, durationS: settings.durationS, warmupS: settings.warmupS });
        log(`size ${cases} ${variant.padEnd(18)} c=${String(connections).padStart(2)}: ${r.throughput} req/s  p50 ${r.p50}  p95 ${r.p95}  p99 ${r.p99} ms  errors ${r.errors + r.non2xx}`);
        load[variant].push(r);
      }
    }
    const rss = Object.fromEntries(running.map((p) => [p.name, p.memory().rss]));
    return {
      result: {
        cases,
        data: { ...data, ...(central ? { centralSeedMs: central.seedMs, centralDatabaseBytes: central.databaseBytes } : {}) },
        servicesReadyMs: provinces.readyMs,
        answersAgree: disagreements.length === 0,
        disagreements,
        load,
        rss,
        provinceAlone,
        sql,
      },
      sampleFigures,
    };
  } finally {
    await stopAll();
  }
}
