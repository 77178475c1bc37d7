import type { TopLevelSpec } from "vega-lite";
import { lineChart } from "./charts.ts";
import type { LoadResult } from "./load.ts";
import type { FootprintResult } from "./scenarios/footprint.ts";
import type { GraphResult } from "./scenarios/graph-scale.ts";
import { VARIANTS, type SizeResult, type Variant } from "./scenarios/side-by-side.ts";

export interface Results {
  date: string;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  loadAverage: { start: number[]; end?: number[] };
  sizes: SizeResult[];
  graph: GraphResult[];
  footprint?: FootprintResult;
  durationS?: number;
  /** When merged from several runs (merge.ts): each run's settings and load. */
  runs?: unknown[];
}

// JSON turns NaN (no completed request) into null: both print as a dash.
const missing = (v: number | null | undefined): v is null | undefined => v === undefined || v === null || Number.isNaN(v);
const mib = (bytes: number | null | undefined) => (missing(bytes) ? "–" : `${Math.round(bytes / 2 ** 20)}`);
const n = (v: number | null | undefined, digits = 1) => (missing(v) ? "–" : v.toFixed(digits));
const ratio = (a: number | null | undefined, b: number | null | undefined) => (missing(a) || missing(b) || !b ? "–" : `${(a / b).toFixed(2)}×`);
const human = (cases: number) => (cases >= 1e6 ? `${cases / 1e6}M` : cases >= 1e3 ? `${cases / 1e3}k` : String(cases));

function sqlCell(s: SizeResult, source: "daily" | "tables"): string {
  const p = s.sql?.find((x) => x.source === source);
  return p ? `${n(p.wallP50)} (${n(p.cpuP50)})` : "–";
}

function at(results: LoadResult[] | undefined, connections: number): LoadResult | undefined {
  return results?.find((r) => r.connections === connections);
}

/** The markdown tables of BENCHMARKS.md, from one results file. */
export function report(r: Results): string {
  const out: string[] = [];
  const conc = (r.settings.concurrencies as number[]) ?? [];
  out.push(`# Benchmark results ${r.date}`, "");
  out.push(
    `Machine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. ` +
      `Load average at start ${r.loadAverage.start.map((x) => x.toFixed(2)).join(" ")}, at end ${r.loadAverage.end?.map((x) => x.toFixed(2)).join(" ") ?? "–"}. ` +
      `Each run ${r.settings.durationS} s after ${r.settings.warmupS} s of warm-up. Whole run ${r.durationS ?? "–"} s.`,
    "",
  );
  for (const size of r.sizes) {
    // A data-only size (--variants=none) is in the data-scale table only.
    if (Object.keys(size.load ?? {}).length === 0) continue;
    out.push(`## ${human(size.cases)} cases per province`, "");
    out.push(`Answers of all variants identical: ${size.answersAgree ? "yes" : `NO (${size.disagreements.length})`}.`, "");
    out.push("| variant | connections | req/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|");
    for (const [variant, label] of Object.entries(VARIANTS) as [Variant, string][]) {
      for (const l of size.load[variant] ?? []) {
        out.push(`| ${label} | ${l.connections} | ${n(l.throughput)} | ${n(l.p50)} | ${n(l.p95)} | ${n(l.p99)} | ${l.errors + l.non2xx} |`);
      }
    }
    if (size.provinceAlone) {
      const p = size.provinceAlone;
      out.push(`| one province's federation endpoint alone | 1 | ${n(p.throughput)} | ${n(p.p50)} | ${n(p.p95)} | ${n(p.p99)} | ${p.errors + p.non2xx} |`);
    }
    out.push("", "| ratio (p95) | " + conc.map((c) => `c=${c}`).join(" | ") + " |", "|---|" + conc.map(() => "---:").join("|") + "|");
    const row = (label: string, f: (c: number) => string) => out.push(`| ${label} | ${conc.map(f).join(" | ")} |`);
    const p95 = (v: Variant, c: number) => at(size.load[v], c)?.p95;
    const tput = (v: Variant, c: number) => at(size.load[v], c)?.throughput;
    row("ours / direct fan-out (target ≤ 1.3)", (c) => ratio(p95("apollo", c), p95("fanout", c)));
    row("ours / centralised (target ≤ 1.5 at 100k)", (c) => ratio(p95("apollo", c), p95("central", c)));
    row("ours / centralised over the rows", (c) => ratio(p95("apollo", c), p95("central-tables", c)));
    row("ours / Hive Gateway", (c) => ratio(p95("apollo", c), p95("hive", c)));
    row("ours (region over HTTP) / Hive Gateway", (c) => ratio(p95("apollo-http-region", c), p95("hive", c)));
    row("throughput ours / Hive (target ≥ 1)", (c) => ratio(tput("apollo", c), tput("hive", c)));
    row("throughput ours (region over HTTP) / Hive", (c) => ratio(tput("apollo-http-region", c), tput("hive", c)));
    out.push("");
  }
  if (r.sizes.length) {
    out.push("## Data scale", "");
    const c = conc.includes(8) ? 8 : conc[0]!;
    out.push(
      `| cases per province | seed time (one province) s | database MiB (one province) | services ready s | seven services RSS MiB | ours p95 c=1 ms | ours p95 c=${c} ms | province alone p95 ms | figures SQL daily p50 ms (cpu) | figures SQL from rows p50 ms (cpu) |`,
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const s of r.sizes) {
      const services = Object.entries(s.rss).filter(([k]) => /^[A-Z]{2}$/.test(k)).reduce((a, [, v]) => a + v, 0);
      out.push(
        `| ${human(s.cases)} | ${n(s.data.seedMs / 1000)} | ${mib(s.data.databaseBytes)} | ${missing(s.servicesReadyMs) ? "–" : n(s.servicesReadyMs / 1000)} | ${services ? mib(services) : "–"} | ${n(at(s.load.apollo, 1)?.p95)} | ${n(at(s.load.apollo, c)?.p95)} | ${n(s.provinceAlone?.p95)} | ${sqlCell(s, "daily")} | ${sqlCell(s, "tables")} |`,
      );
    }
    const first = r.sizes[0];
    const last = r.sizes.at(-1);
    if (first && last && first !== last) {
      out.push("", `p95 at ${human(last.cases)} / p95 at ${human(first.cases)} (c=${c}, target ≤ 2): ${ratio(at(last.load.apollo, c)?.p95, at(first.load.apollo, c)?.p95)}`);
    }
    out.push("");
  }
  if (r.graph.length) {
    out.push("## Graph scale (synthetic province subgraphs, canned figures)", "");
    const c = conc.includes(8) ? 8 : conc[0]!;
    out.push(
      `| subgraphs | supergraph KiB | planner setup ms | plan cold ms | plan warm ms | fetches | first request ours ms | ours p95 c=1 | ours p95 c=${c} | ours req/s c=${c} | Hive p95 c=${c} | Hive req/s c=${c} | ours RSS MiB | Hive RSS MiB |`,
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const g of r.graph) {
      out.push(
        `| ${g.subgraphs} | ${n(g.supergraphBytes / 1024, 0)} | ${n(g.plannerSetupMs)} | ${n(g.planColdMs)} | ${n(g.planWarmMs, 2)} | ${g.fetches} | ${n(g.firstRequestMs.apollo)} | ${n(at(g.load.apollo, 1)?.p95)} | ${n(at(g.load.apollo, c)?.p95)} | ${n(at(g.load.apollo, c)?.throughput)} | ${n(at(g.load.hive, c)?.p95)} | ${n(at(g.load.hive, c)?.throughput)} | ${mib(g.gatewayRss.apollo)} | ${mib(g.gatewayRss.hive)} |`,
      );
    }
    out.push("");
  }
  if (r.footprint) {
    out.push("## Footprint (`pnpm start` path, demo data)", "");
    out.push("| processes | start | ready s | total RSS MiB | peak total MiB | RSS per process MiB |", "|---|---|---:|---:|---:|---|");
    for (const run of r.footprint.runs) {
      for (const [label, s] of [["cold", run.cold], ["warm", run.warm]] as const) {
        const each = Object.entries(s.rss).map(([k, v]) => `${k} ${mib(v)}`).join(", ");
        out.push(`| ${run.processes} | ${label} | ${n(s.readyMs / 1000)} | ${mib(s.totalRss)} | ${mib(s.totalPeakRss)} | ${each} |`);
      }
    }
    out.push("");
  }
  return out.join("\n");
}

export function charts(r: Results): Record<string, TopLevelSpec> {
  const specs: Record<string, TopLevelSpec> = {};
  const conc = (r.settings.concurrencies as number[]) ?? [];
  const c = conc.includes(8) ? 8 : conc[0]!;
  if (r.sizes.length) {
    const rows = r.sizes.flatMap((s) =>
      (Object.entries(VARIANTS) as [Variant, string][]).flatMap(([v, label]) => {
        const l = at(s.load[v], c);
        return l && !missing(l.p95) ? [{ cases: s.cases, p95: l.p95, variant: label }] : [];
      }),
    );
    specs["data-scale"] = lineChart({
      title: `Regional query p95 against cases per province (${c} connections)`,
      rows,
      x: { field: "cases", title: "cases per province", log: true },
      y: { field: "p95", title: "p95 latency (ms)", log: true },
      series: "variant",
    });
  }
  const sqlRows = r.sizes.flatMap((s) =>
    (s.sql ?? []).map((p) => ({ cases: s.cases, cpu: p.cpuP50, source: p.source === "daily" ? "from the daily aggregates (service)" : "from the rows (definition)" })),
  );
  if (sqlRows.length) {
    specs["sql-scale"] = lineChart({
      title: "One province's figures SQL: CPU per snapshot against cases per province",
      rows: sqlRows,
      x: { field: "cases", title: "cases per province", log: true },
      y: { field: "cpu", title: "CPU ms per figures snapshot (median)", log: true },
      series: "source",
    });
  }
  if (r.graph.length) {
    const rows = r.graph.flatMap((g) => [
      ...(["apollo", "hive"] as const).flatMap((gw) => {
        const l = at(g.load[gw], c);
        return l && !missing(l.p95) ? [{ subgraphs: g.subgraphs, ms: l.p95, series: `${gw === "apollo" ? "@apollo/gateway" : "Hive Gateway"} p95 (${c} connections)` }] : [];
      }),
      { subgraphs: g.subgraphs, ms: g.planColdMs, series: "query planning, cold (@apollo/query-planner)" },
    ]);
    specs["graph-scale"] = lineChart({
      title: "Regional query against the number of province subgraphs",
      rows,
      x: { field: "subgraphs", title: "province subgraphs" },
      y: { field: "ms", title: "milliseconds", log: true },
      series: "series",
    });
  }
  return specs;
}
