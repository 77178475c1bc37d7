import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
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
  /** Headers a capofila client sends to a gateway, and the gateway's own to a province. */
  clientHeaders: Record<string, string>;
  federationHeaders: Record<string, string>;
}

const list = (value: string) => value.split(",").map((v) => Number(v.trim())).filter((n) => Number.isFinite(n) && n > 0);

export function parseSettings(argv: readonly string[]): Settings {
  const args = new Map<string, string>();
  for (const a of argv) {
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
    sizes: list(args.get("sizes") ?? (quick ? "1000,10000" : "1000,10000,100000,1000000")),
    concurrencies: list(args.get("concurrency") ?? (quick ? "1,8" : "1,8,32")),
    durationS: Number(args.get("duration") ?? (quick ? 3 : 10)),
    warmupS: Number(args.get("warmup") ?? (quick ? 1 : 3)),
    variants: (args.get("variants") ?? "apollo,apollo-http-region,hive,fanout,central").split(",") as Variant[],
    centralMaxCases: Number(args.get("central-max") ?? 100_000),
    graphSizes: list(args.get("graph") ?? (quick ? "7,20" : "7,20,50,107")),
    scenarios: (args.get("only") ?? "side,graph,footprint").split(",") as Settings["scenarios"],
    dataRoot: join(resultsDir, "tmp", "data"),
    resultsDir,
    date: args.get("date") ?? new Date().toISOString().slice(0, 10),
    dataVersion: dataVersion(generatorSource),
    // Production mode, as deployed; the identifiers key is a fresh random one per run (the bench's
    // data holds no real identifiers; nothing is encrypted that needs reading back later).
    serviceEnv: { NODE_ENV: "production", DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
    clientHeaders: {},
    federationHeaders: {},
  };
}

export const USAGE = `pnpm bench [--quick] [--sizes=1000,10000,100000,1000000] [--concurrency=1,8,32] [--duration=10] [--warmup=3]
           [--variants=apollo,apollo-http-region,hive,fanout,central] [--graph=7,20,50,107] [--only=side,graph,footprint]
           [--central-max=100000] [--date=YYYY-MM-DD]`;

export { REPO_ROOT };
