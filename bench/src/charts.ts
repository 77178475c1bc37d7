import { writeFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Renders a Vega-Lite spec to PNG (SVG through resvg: no browser, no canvas build). */
export async function renderPng(spec: TopLevelSpec, path: string): Promise<void> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG(2);
  view.finalize();
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: "white" }).render().asPng();
  writeFileSync(path, png);
  writeFileSync(path.replace(/\.png$/, ".svg"), svg);
}

type Row = Record<string, string | number>;

export function lineChart(options: {
  title: string;
  rows: Row[];
  x: { field: string; title: string; log?: boolean };
  y: { field: string; title: string; log?: boolean };
  series: string;
}): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title,
    width: 560,
    height: 320,
    data: { values: options.rows },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: options.x.field, type: "quantitative", title: options.x.title, scale: options.x.log ? { type: "log" } : {}, axis: { grid: true } },
      y: { field: options.y.field, type: "quantitative", title: options.y.title, scale: options.y.log ? { type: "log" } : {} },
      color: { field: options.series, type: "nominal", title: null, legend: { orient: "bottom", columns: 2, labelLimit: 400 } },
    },
    config: { font: "DejaVu Sans" },
  } as TopLevelSpec;
}
