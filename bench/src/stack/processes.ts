import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const SERVERS_DIR = fileURLToPath(new URL("../servers/", import.meta.url));

export interface RunningProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resident memory now (VmRSS) and at its peak (VmHWM), in bytes. */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

export function processMemory(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

export interface SpawnOptions {
  env?: Record<string, string>;
  args?: string[];
  /** Resolves when a stdout line starts with this (our own servers print "READY <url>"). */
  readyLine?: string;
  /** Or: polls this URL until it answers 200. */
  healthUrl?: string;
  timeoutMs?: number;
  /** Lines of output kept for the error message when the process fails to start. */
  onLine?: (line: string) => void;
}

/** Starts `node script` and waits until it is ready; returns the rest of the READY line, if any. */
export async function startNode(name: string, script: string, options: SpawnOptions = {}): Promise<RunningProcess & { ready: string }> {
  const child = spawn(process.execPath, [script, ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    options.onLine?.(line);
  };
  let readyRest: string | undefined;
  let readyResolve: ((rest: string) => void) | undefined;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    keep(line);
    if (options.readyLine && line.startsWith(options.readyLine)) {
      readyRest = line.slice(options.readyLine.length).trim();
      readyResolve?.(readyRest);
    }
  });
  createInterface({ input: child.stderr! }).on("line", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const timeoutMs = options.timeoutMs ?? 120_000;
  const ready = new Promise<string>((resolve, reject) => {
    readyResolve = resolve;
    if (readyRest !== undefined) resolve(readyRest);
    if (options.healthUrl) {
      const url = options.healthUrl;
      const deadline = Date.now() + timeoutMs;
      const poll = async () => {
        while (Date.now() < deadline && child.exitCode === null) {
          try {
            const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
            if (res.ok) return resolve("");
          } catch {
            // not yet
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        reject(new Error(`${name} not healthy at ${url}`));
      };
      void poll();
    }
    setTimeout(() => reject(new Error(`${name} not ready within ${timeoutMs} ms`)), timeoutMs).unref();
  });
  let readyText: string;
  try {
    readyText = await Promise.race([
      ready,
      exited.then((code) => {
        throw new Error(`${name} exited (${code}) before it was ready`);
      }),
    ]);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n  ${tail.join("\n  ")}`);
  }
  const pid = child.pid!;
  return {
    name,
    pid,
    child,
    ready: readyText,
    memory: () => processMemory(pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Our own server scripts (bench/dist/servers/<name>.js) take one JSON argument and print "READY <url>". */
export function startServer(name: string, script: string, config: unknown, timeoutMs?: number): Promise<RunningProcess & { ready: string }> {
  return startNode(name, `${SERVERS_DIR}${script}.js`, { args: [JSON.stringify(config)], readyLine: "READY ", ...(timeoutMs ? { timeoutMs } : {}) });
}
