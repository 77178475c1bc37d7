import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema, type GraphQLResolverMap } from "@apollo/subgraph";
import {
  PROVINCES,
  DateScalar,
  provinceSubgraphSdl,
  type Province,
  type ProvinceFigures,
} from "@regional/schema";
import { BREAKDOWN_NAMES } from "@regional/schema";
import { checkPeriod, mergeCapacity, mergeCounts, regionTypeDefs, sumCounters } from "@regional/gateway";
import { parse, type GraphQLSchema } from "graphql";

/**
 * A graph of N provinces for the graph-scale benchmark: synthetic provinces (X001…), the
 * production province SDL template for each, and the production region subgraph rewritten to
 * require all N. The 7-province production schema is untouched; this only derives from it.
 */
export interface SyntheticProvince {
  code: string;
  name: string;
  field: string;
  defaultPort: number;
}

export function syntheticProvinces(n: number): SyntheticProvince[] {
  return Array.from({ length: n }, (_, i) => {
    const k = String(i + 1).padStart(3, "0");
    return { code: `X${k}`, name: `Provincia ${k}`, field: `x${k}`, defaultPort: 5000 + i };
  });
}

/** Splits a @requires selection into its top-level `name { … }` groups. */
function groups(selection: string): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  let i = 0;
  while (i < selection.length) {
    const m = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*\{/y;
    m.lastIndex = i;
    const found = m.exec(selection);
    if (!found) break;
    let depth = 1;
    let j = m.lastIndex;
    for (; j < selection.length && depth > 0; j++) depth += selection[j] === "{" ? 1 : selection[j] === "}" ? -1 : 0;
    out.push({ name: found[1]!, body: selection.slice(m.lastIndex, j - 1) });
    i = j;
  }
  return out;
}

/**
 * The production region SDL with the seven provinces replaced by these: every per-province
 * @external field (figures, transfers…), every @requires selection over them, the ProvinceCode enum.
 * Derived from the text, so new per-province fields in the region follow without changes here.
 */
export function regionTypeDefsFor(provinces: readonly SyntheticProvince[]): string {
  const [first] = PROVINCES;
  let sdl = regionTypeDefs;
  // Blocks of seven @external lines, one per province, named <field><Suffix>.
  const external = new RegExp(`^  ${first.field}([A-Za-z]*): (.+) @external$`, "gm");
  for (const [, suffix, type] of [...regionTypeDefs.matchAll(external)]) {
    const block = PROVINCES.map((p) => `  ${p.field}${suffix}: ${type} @external`).join("\n");
    if (!sdl.includes(block)) throw new Error(`regionTypeDefs: the ${suffix || "figures"} fields are not one block of seven`);
    sdl = sdl.replace(block, provinces.map((p) => `  ${p.field}${suffix}: ${type} @external`).join("\n"));
  }
  sdl = sdl.replace(/@requires\(fields: "([^"]*)"\)/g, (whole, selection: string) => {
    const parts = groups(selection);
    const template = parts.filter((g) => g.name.startsWith(first.field)).map((g) => ({ suffix: g.name.slice(first.field.length), body: g.body }));
    if (template.length === 0) return whole;
    const rebuilt = provinces.flatMap((p) => template.map((t) => `${p.field}${t.suffix} {${t.body}}`)).join(" ");
    return `@requires(fields: "${rebuilt}")`;
  });
  const codes = `enum ProvinceCode {\n${PROVINCES.map((p) => `  ${p.code}`).join("\n")}\n}`;
  if (!sdl.includes(codes)) throw new Error("regionTypeDefs: no ProvinceCode enum of the seven codes");
  return sdl.replace(codes, `enum ProvinceCode {\n${provinces.map((p) => `  ${p.code}`).join("\n")}\n}`);
}

export function provinceSdl(p: SyntheticProvince): string {
  return provinceSubgraphSdl(p as unknown as Province);
}

/**
 * Counters summed, breakdowns and capacity merged with the production functions; every cell is
 * published as it is (the production region also applies disclosure control, which this
 * graph-scale stand-in leaves out: it measures the gateway's planning and fan-out, not the rules).
 */
function combine(figures: readonly ProvinceFigures[]) {
  const breakdowns = Object.fromEntries(
    BREAKDOWN_NAMES.map((b) => [b, mergeCounts(figures.map((f) => f[b])).map((c) => ({ ...c, suppressed: false }))]),
  );
  return { ...sumCounters(figures), ...breakdowns, places: mergeCapacity(figures.map((f) => f.places)) };
}

/** The region subgraph for these provinces, over N. */
export function buildRegionSchemaFor(provinces: readonly SyntheticProvince[]): GraphQLSchema {
  const resolvers = {
    Date: DateScalar,
    Query: { region: (_root: unknown, args: { from: unknown; to: unknown }) => checkPeriod(args.from, args.to) },
    Region: {
      __resolveReference: (reference: Record<string, unknown> & { from: string; to: string }) => {
        const answered = provinces.flatMap((p) => {
          const f = reference[p.field] as ProvinceFigures | null | undefined;
          return f == null ? [] : [{ p, f }];
        });
        return {
          from: reference.from,
          to: reference.to,
          provinces: answered.map(({ p, f }) => ({ province: p.code, name: p.name, ...combine([f]) })),
          missing: provinces.filter((p) => reference[p.field] == null).map((p) => p.code),
          totals: { provincesReporting: answered.length, ...combine(answered.map((a) => a.f)) },
        };
      },
    },
  };
  return buildSubgraphSchema([{ typeDefs: parse(regionTypeDefsFor(provinces)), resolvers: resolvers as unknown as GraphQLResolverMap<unknown> }]);
}

/** Composes the supergraph of these provinces (URLs: `urlOf(field)`) and the region subgraph at regionUrl. */
export function composeFor(provinces: readonly SyntheticProvince[], urlOf: (field: string) => string, regionUrl: string): string {
  const result = composeServices([
    ...provinces.map((p) => ({ name: p.field, url: urlOf(p.field), typeDefs: parse(provinceSdl(p)) })),
    { name: "region", url: regionUrl, typeDefs: parse(regionTypeDefsFor(provinces)) },
  ]);
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join("; ")}`);
  return result.supergraphSdl;
}
