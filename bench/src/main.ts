#!/usr/bin/env node
// `pnpm bench`: see BENCHMARKS.md. Writes bench/results/<date>.json, <date>.md and the charts.
import { cpus, loadavg, totalmem } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProvinceFigures } from "@regional/schema";
import { renderPng } from "./charts.ts";
import { report, charts, type Results } from "./report.ts";
import { runFootprint } from "./scenarios/footprint.ts";
import { FALLBACK_FIGURES, runGraph } from "./scenarios/graph-scale.ts";
import { runSize } from "./scenarios/side-by-side.ts";
import { parseSettings, withIdentity } from "./settings.ts";
import { benchIdentity } from "./stack/identity.ts";

const parsed = parseSettings(process.argv.slice(2));
mkdirSync(parsed.dataRoot, { recursive: true });
const settings = withIdentity(parsed, await benchIdentity(parsed.dataRoot));
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)}s] ${line}`);
mkdirSync(settings.resultsDir, { recursive: true });

const results: Results = {
  date: settings.date,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
  // No tokens or keys in the results file.
  settings: (({ dataRoot: _d, resultsDir: _r, serviceEnv: _s, clientHeaders: _c, federationHeaders: _f, keysDir: _k, ...rest }) => rest)(settings),
  loadAverage: { start: loadavg() },
  sizes: [],
  graph: [],
};
const base = join(settings.resultsDir, `${settings.date}${settings.quick ? "-quick" : ""}`);
const save = () => {
  results.durationS = Math.round((Date.now() - started) / 1000);
  results.loadAverage.end = loadavg();
  writeFileSync(`${base}.json`, JSON.stringify(results, null, 2));
};

let sampleFigures: ProvinceFigures | undefined;
if (settings.scenarios.includes("side")) {
  for (const cases of settings.sizes) {
    const { result, sampleFigures: sample } = await runSize(cases, settings, log);
    results.sizes.push(result);
    sampleFigures ??= sample;
    save();
  }
}
if (settings.scenarios.includes("graph")) {
  for (const n of settings.graphSizes) {
    results.graph.push(await runGraph(n, sampleFigures ?? FALLBACK_FIGURES, settings, log));
    save();
  }
}
if (settings.scenarios.includes("footprint")) {
  results.footprint = await runFootprint(settings, log);
  save();
}
save();
writeFileSync(`${base}.md`, report(results));
for (const [name, spec] of Object.entries(charts(results))) {
  await renderPng(spec, `${base}-${name}.png`);
}
log(`results: ${base}.json, ${base}.md and charts`);
