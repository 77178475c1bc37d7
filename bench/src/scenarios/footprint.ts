import { execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PROVINCES } from "@regional/schema";
import { REGION_REQUEST_BODY } from "../query.ts";
import { REPO_ROOT, processMemory } from "../stack/processes.ts";
import type { Settings } from "../settings.ts";

export interface StartResult {
  /** From spawning the launcher to its "ready" line (all eight health checks green), ms. */
  readyMs: number;
  /** RSS per process after start and a few regional queries, bytes. */
  rss: Record<string, number>;
  totalRss: number;
  /** Peak RSS (VmHWM) per process: the start itself (migrations, seeding) may peak higher. */
  peakRss: Record<string, number>;
  totalPeakRss: number;
}

export type StackProcesses = "one" | "per-service";

/** Both ways the launcher runs the stack (STACK_PROCESSES), each from an empty data root and again. */
export interface FootprintResult {
  runs: { processes: StackProcesses; cold: StartResult; warm: StartResult }[];
}

const PORTS = { gateway: 4500, province: 4501 };

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/**
 * The `pnpm start` path without its build step: packages/stack/dist/main.js starts the seven
 * services and the gateway (in its own process, or one process each) and prints when all are
 * healthy. Cold: an empty data root (create, migrate, seed demo data, generate keys); warm: the
 * same data root again.
 */
async function startStack(dataRoot: string, processes: StackProcesses, token: () => string): Promise<StartResult> {
  const env = {
    ...process.env,
    STACK_PROCESSES: processes,
    DATA_ROOT: dataRoot,
    GATEWAY_PORT: String(PORTS.gateway),
    LOG_LEVEL: "warn",
    ...Object.fromEntries(PROVINCES.map((p, i) => [`PORT_${p.code}`, String(PORTS.province + i)])),
  };
  const started = performance.now();
  const launcher = spawn(process.execPath, [join(REPO_ROOT, "packages/stack/dist/main.js")], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in 5 min:\n${lines.slice(-20).join("\n")}`)), 300_000);
    const onLine = (line: string) => {
      lines.push(line);
      if (/stack ready in/i.test(line)) {
        clearTimeout(timer);
        resolve(Math.round(performance.now() - started));
      } else if (/started with problems/i.test(line)) {
        clearTimeout(timer);
        reject(new Error(`stack started with problems:\n${lines.slice(-20).join("\n")}`));
      }
    };
    createInterface({ input: launcher.stdout! }).on("line", onLine);
    createInterface({ input: launcher.stderr! }).on("line", onLine);
  });
  try {
    // A few regional queries, so the gateway and services hold what they hold when in use.
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`http://127.0.0.1:${PORTS.gateway}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token()}` },
        body: REGION_REQUEST_BODY,
      });
      if (!res.ok) throw new Error(`footprint: regional query answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    const pids = [launcher.pid!, ...childrenOf(launcher.pid!)];
    const name = (pid: number) => {
      const cmd = commandOf(pid);
      const service = PROVINCES.find((p) => cmd.includes(`services/${p.field}/`));
      return pid === launcher.pid ? (processes === "one" ? "stack (all eight)" : "launcher") : service ? service.code : cmd.includes("gateway") ? "gateway" : `pid ${pid}`;
    };
    const rss: Record<string, number> = {};
    const peakRss: Record<string, number> = {};
    for (const pid of pids) {
      const m = processMemory(pid);
      rss[name(pid)] = m.rss;
      peakRss[name(pid)] = m.peak;
    }
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    return { readyMs, rss, totalRss: sum(rss), peakRss, totalPeakRss: sum(peakRss) };
  } finally {
    launcher.kill("SIGTERM");
    await new Promise((resolve) => (launcher.exitCode !== null ? resolve(null) : launcher.once("exit", resolve)));
  }
}

export async function runFootprint(settings: Settings, log: (line: string) => void): Promise<FootprintResult> {
  const runs: FootprintResult["runs"] = [];
  for (const processes of ["one", "per-service"] as const) {
    const dataRoot = join(settings.dataRoot, `footprint-${processes}`);
    rmSync(dataRoot, { recursive: true, force: true });
    mkdirSync(dataRoot, { recursive: true });
    // The stack creates its keys in <DATA_ROOT>/keys; the client's token is minted from them, as `pnpm token` does.
    const token = () => mintCapofila(join(dataRoot, "keys"));
    log(`footprint (${processes}): cold start (empty data root: keys, migrations, demo data)…`);
    const cold = await startStack(dataRoot, processes, token);
    log(`footprint (${processes}): cold ready in ${cold.readyMs} ms, ${(cold.totalRss / 2 ** 20).toFixed(0)} MiB RSS`);
    const warm = await startStack(dataRoot, processes, token);
    log(`footprint (${processes}): warm ready in ${warm.readyMs} ms, ${(warm.totalRss / 2 ** 20).toFixed(0)} MiB RSS`);
    runs.push({ processes, cold, warm });
  }
  return { runs };
}

let cached: { dir: string; token: string } | undefined;
function mintCapofila(keysDir: string): string {
  if (cached?.dir === keysDir) return cached.token;
  const token = execFileSync(process.execPath, [join(REPO_ROOT, "packages/stack/dist/token.js"), "--role", "capofila", "--keys", keysDir], {
    encoding: "utf8",
  }).trim();
  cached = { dir: keysDir, token };
  return token;
}
