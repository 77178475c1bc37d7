#!/usr/bin/env node
// Starts the whole regional stack locally: seven province services and the gateway, then waits
// until all are healthy. By default they share this one process (STACK_PROCESSES=one): each still
// has its own configuration, keys, database and port, and they talk over HTTP as in production,
// but PGlite's compiled code and Node itself are paid for once. STACK_PROCESSES=per-service gives
// each its own process, as in production, so that one can be stopped or killed on its own.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  EnvironmentError,
  FEDERATION_PATH,
  HEALTH_PATH,
  OPERATIONAL_PATH,
  PROVINCES,
  childEnvironment,
  loadStackEnv,
  type StackEnv,
} from "@regional/schema";
import { ensureDevelopmentKeys } from "@regional/auth";
import { GatewayStartError, bootGateway } from "@regional/gateway";
import { ProvinceStartError, startProvince } from "@regional/province-service";
import { waitForHealth } from "./health.ts";
import { STACK_ISSUERS, stackKeysDir } from "./keys.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

let env: StackEnv;
try {
  env = loadStackEnv();
} catch (error) {
  if (error instanceof EnvironmentError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const started = performance.now();
// One keys folder for all eight processes, created before any of them starts (each would otherwise
// create what it misses, in its own folder, and they would not trust each other).
const keysDir = stackKeysDir(env, root);
const createdKeys = await ensureDevelopmentKeys(keysDir, STACK_ISSUERS);
if (createdKeys.length > 0) console.log(`Development keys created in ${keysDir} (try: pnpm -s run token --role capofila)`);
/** The started services, of either kind: how to stop each. */
const running: { stop(): Promise<void> }[] = [];
let stopping = false;

/** What every service gets, in its own process or in this one. */
const serviceEnvironment = (overrides: Record<string, string>) =>
  childEnvironment({ LOG_LEVEL: env.logLevel, KEYS_DIR: keysDir, ...overrides });

function launch(name: string, script: string, overrides: Record<string, string>): void {
  const child: ChildProcess = spawn(process.execPath, [script], {
    cwd: root,
    env: serviceEnvironment(overrides),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${name}]`.padEnd(10);
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) console.log(prefix + line);
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`${prefix}exited (${signal ?? code}); the rest of the stack keeps running`);
  });
  running.push({
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  });
}

/** Starts a service in this process; a failure is reported and the others keep starting. */
async function host(name: string, start: () => Promise<{ stop(): Promise<void> }>): Promise<void> {
  try {
    running.push(await start());
  } catch (error) {
    const known = error instanceof ProvinceStartError || error instanceof GatewayStartError;
    console.error(`[${name}] did not start: ${known ? (error as Error).message : String((error as Error).stack ?? error)}`);
  }
}

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping the stack (${signal})…`);
  setTimeout(() => process.exit(0), 5000).unref();
  Promise.allSettled(running.map((r) => r.stop())).then(() => process.exit(0));
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const provinceOverrides = (p: (typeof PROVINCES)[number]) => ({
  HOST: env.host,
  PORT: String(env.provincePorts[p.code]),
  ...(env.dataRoot ? { DATA_DIR: join(env.dataRoot, p.field) } : {}),
});
const gatewayOverrides = {
  HOST: env.host,
  GATEWAY_PORT: String(env.gatewayPort),
  ...(env.dataRoot ? { DATA_DIR: join(env.dataRoot, "gateway") } : {}),
  ...Object.fromEntries(PROVINCES.map((p) => [`PORT_${p.code}`, String(env.provincePorts[p.code])])),
};

if (env.processes === "per-service") {
  for (const p of PROVINCES) launch(p.code, `services/${p.field}/start.mjs`, provinceOverrides(p));
  launch("gateway", "gateway/dist/main.js", gatewayOverrides);
} else {
  // The same entry each services/<name>/start.mjs calls, with the same folder and variables.
  const starting = PROVINCES.map((p) =>
    host(p.code, () =>
      startProvince({ province: p.code, serviceDir: join(root, "services", p.field) }, serviceEnvironment(provinceOverrides(p))),
    ),
  );
  starting.push(host("gateway", () => bootGateway(serviceEnvironment(gatewayOverrides))));
  await Promise.all(starting);
}

const base = (port: number) => `http://${env.host}:${port}`;
const targets = [
  ...PROVINCES.map((p) => ({ name: p.code, url: base(env.provincePorts[p.code]) + HEALTH_PATH })),
  { name: "gateway", url: base(env.gatewayPort) + HEALTH_PATH },
];
// First start seeds seven databases; allow for it.
const results = await Promise.all(targets.map((t) => waitForHealth(t.url, 180_000).then((ok) => ({ ...t, ok }))));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const failed = results.filter((r) => !r.ok);
console.log("");
console.log(failed.length ? `Stack started with problems after ${seconds}s:` : `Regional stack ready in ${seconds}s.`);
console.log(`  gateway (capofila)   ${base(env.gatewayPort)}/graphql`);
for (const p of PROVINCES) {
  const url = base(env.provincePorts[p.code]);
  console.log(`  ${p.name.padEnd(8)} ${p.code}      ${url}${OPERATIONAL_PATH} (operational)  ${url}${FEDERATION_PATH} (federation)`);
}
for (const f of failed) console.log(`  NOT READY: ${f.name} (${f.url})`);
console.log("Press Ctrl+C to stop.");
