#!/usr/bin/env node
// `pnpm bench`: see BENCHMARKS.md. Writes bench/results/<date>.json and the charts.
import { cpus, totalmem } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSettings } from "./settings.ts";
import { runSize, type SizeResult } from "./scenarios/side-by-side.ts";
import type { ProvinceFigures } from "@regional/schema";

const settings = parseSettings(process.argv.slice(2));
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)}s] ${line}`);
mkdirSync(settings.resultsDir, { recursive: true });

const results: {
  date: string;
  machine: Record<string, unknown>;
  settings: Omit<typeof settings, "dataRoot" | "resultsDir">;
  sizes: SizeResult[];
  durationS?: number;
} = {
  date: settings.date,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
  settings: (({ dataRoot: _d, resultsDir: _r, ...rest }) => rest)(settings),
  sizes: [],
};
const save = () => {
  const path = join(settings.resultsDir, `${settings.date}${settings.quick ? "-quick" : ""}.json`);
  writeFileSync(path, JSON.stringify({ ...results, durationS: Math.round((Date.now() - started) / 1000) }, null, 2));
  return path;
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
log(`results: ${save()}`);
