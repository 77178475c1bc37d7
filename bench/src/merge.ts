#!/usr/bin/env node
// node bench/dist/merge.js <out-date> <results.json>… : one dated results file (and its tables and
// charts) from several partial runs of the same day, e.g. the side-by-side sizes, 10^6 alone, the
// graph scale and the footprint run one after another. Later files win for the same size.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderPng } from "./charts.ts";
import { charts, report, type Results } from "./report.ts";

const [date, ...files] = process.argv.slice(2);
if (!date || files.length === 0) {
  console.error("usage: node bench/dist/merge.js <date> <results.json>…");
  process.exit(2);
}
/** Sizes measured in several runs: a later run's field wins when it holds something (a data-only run has no load). */
function mergeSizes(sizes: Results["sizes"]): Map<number, Results["sizes"][number]> {
  const filled = (v: unknown) =>
    v !== null && v !== undefined && !(typeof v === "number" && Number.isNaN(v)) && !(Array.isArray(v) && v.length === 0) && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);
  const out = new Map<number, Results["sizes"][number]>();
  for (const size of sizes) {
    const previous = out.get(size.cases);
    if (!previous) {
      out.set(size.cases, size);
      continue;
    }
    const merged = { ...previous, ...Object.fromEntries(Object.entries(size).filter(([, v]) => filled(v))) } as typeof size;
    // Variants and processes measured in a later run are added to (or replace) those of an earlier one.
    merged.load = { ...previous.load, ...size.load };
    merged.rss = { ...previous.rss, ...size.rss };
    out.set(size.cases, merged);
  }
  return out;
}

const parts = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as Results);
const merged: Results = {
  ...parts[0]!,
  date,
  runs: parts.map((p, i) => ({ file: files[i]!.split("/").at(-1), settings: p.settings, loadAverage: p.loadAverage, durationS: p.durationS })),
  sizes: [...mergeSizes(parts.flatMap((p) => p.sizes)).values()].sort((a, b) => a.cases - b.cases),
  graph: parts.flatMap((p) => p.graph),
  footprint: parts.map((p) => p.footprint).filter(Boolean).at(-1),
  loadAverage: { start: parts[0]!.loadAverage.start, end: parts.at(-1)!.loadAverage.end },
  durationS: parts.reduce((s, p) => s + (p.durationS ?? 0), 0),
} as Results;
const dir = fileURLToPath(new URL("../results/", import.meta.url));
const base = join(dir, date);
writeFileSync(`${base}.json`, JSON.stringify(merged, null, 2));
writeFileSync(`${base}.md`, report(merged));
for (const [name, spec] of Object.entries(charts(merged))) await renderPng(spec, `${base}-${name}.png`);
console.log(`wrote ${base}.json, .md and charts`);
