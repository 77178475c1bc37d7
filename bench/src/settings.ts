import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { BenchIdentity } from "./stack/identity.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dataVersion } from "./dataset/prepare.ts";
import { REPO_ROOT } from "./stack/processes.ts";
import type { Variant } from "./scenarios/side-by-side.ts";

export interface Settings {
  quick: boolean;
  sizes: number[];
  concurrencies: number[];
  durationS: number;
  warmupS: number;
  variants: Variant[];
  /** The centralised database holds 7× the rows; above this size it is not built. */
  centralMaxCases: number;
  graphSizes: number[];
  scenarios: ("side" | "graph" | "footprint")[];
  dataRoot: string;
  resultsDir: string;
  date: string;
  dataVersion: string;
  /** Environment of the province services (besides port, data folder, demo data off). */
  serviceEnv: Record<string, string>;
  /** Headers a capofila client sends to a gateway. */
  clientHeaders: Record<string, string>;
  /** Headers of a direct request to a province's federation API (the gateway's service token), by code. */
  federationHeaders: Record<string, Record<string, string>>;
  keysDir: string;
}

const list = (value: string) => value.split(",").map((v) => Number(v.trim())).filter((n) => Number.isFinite(n) && n > 0);

export function parseSettings(argv: readonly string[]): Settings {
  const args = new Map<string, string>();
  // `pnpm bench -- --quick` may pass the separator through.
  for (const a of argv.filter((x) => x !== "--")) {
    const [k, v] = a.replace(/^--/, "").split("=", 2) as [string, string | undefined];
    args.set(k, v ?? "true");
  }
  const unknown = [...args.keys()].filter((k) => !["quick", "sizes", "concurrency", "duration", "warmup", "variants", "graph", "only", "date", "central-max"].includes(k));
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(", ")}\n${USAGE}`);
  const quick = args.has("quick");
  const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));
  const generatorSource = readFileSync(fileURLToPath(new URL("./dataset/generate.js", import.meta.url)), "utf8");
  return {
    quick,
    sizes: list(args.get("sizes") ?? (quick ? "1000,10000" : "1000,10000,100000")),
    concurrencies: list(args.get("concurrency") ?? (quick ? "1,8" : "1,8,32")),
    durationS: Number(args.get("duration") ?? (quick ? 3 : 10)),
    warmupS: Number(args.get("warmup") ?? (quick ? 1 : 3)),
    variants: (args.get("variants") === "none" ? [] : (args.get("variants") ?? "apollo,apollo-http-region,hive,fanout,central,central-tables").split(",")) as Variant[],
    centralMaxCases: Number(args.get("central-max") ?? 100_000),
    graphSizes: list(args.get("graph") ?? (quick ? "7,20" : "7,20,50,107")),
    scenarios: (args.get("only") ?? "side,graph,footprint").split(",") as Settings["scenarios"],
    dataRoot: join(resultsDir, "tmp", "data"),
    resultsDir,
    date: args.get("date") ?? new Date().toISOString().slice(0, 10),
    dataVersion: dataVersion(generatorSource),
    // Filled in by withIdentity().
    serviceEnv: {},
    clientHeaders: {},
    federationHeaders: {},
    keysDir: "",
  };
}

export const USAGE = `pnpm bench [--quick] [--sizes=1000,10000,100000] [--concurrency=1,8,32] [--duration=10] [--warmup=3]
           [--variants=apollo,apollo-http-region,hive,fanout,central] [--graph=7,20,50,107] [--only=side,graph,footprint]
           [--central-max=100000] [--date=YYYY-MM-DD]`;

export { REPO_ROOT };

/** Keys, tokens and the data key (see stack/identity.ts), folded into the settings. */
export function withIdentity(settings: Settings, identity: BenchIdentity): Settings {
  return {
    ...settings,
    // The data must be sealed with the key the services get: a new key means new data.
    dataVersion: `${settings.dataVersion}-${createHash("sha256").update(identity.dataKey).digest("hex").slice(0, 6)}`,
    serviceEnv: { NODE_ENV: "development", KEYS_DIR: identity.keysDir, DATA_ENCRYPTION_KEY: identity.dataKey },
    clientHeaders: { authorization: `Bearer ${identity.capofilaToken}` },
    federationHeaders: Object.fromEntries(Object.entries(identity.serviceTokens).map(([code, token]) => [code, { authorization: `Bearer ${token}` }])),
    keysDir: identity.keysDir,
  };
}
