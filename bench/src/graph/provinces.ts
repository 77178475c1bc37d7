import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema, type GraphQLResolverMap } from "@apollo/subgraph";
import {
  PROVINCES,
  DateScalar,
  allProvincesRequires,
  figuresSelection,
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

function requiresFor(provinces: readonly SyntheticProvince[]): string {
  return provinces.map((p) => `${p.field} { ${figuresSelection()} }`).join(" ");
}

/** The production region SDL with the seven provinces replaced by these. */
export function regionTypeDefsFor(provinces: readonly SyntheticProvince[]): string {
  const externals = PROVINCES.map((p) => `  ${p.field}: ProvinceFigures @external`).join("\n");
  const codes = `enum ProvinceCode {\n${PROVINCES.map((p) => `  ${p.code}`).join("\n")}\n}`;
  let sdl = regionTypeDefs;
  for (const [from, to] of [
    [externals, provinces.map((p) => `  ${p.field}: ProvinceFigures @external`).join("\n")],
    [codes, `enum ProvinceCode {\n${provinces.map((p) => `  ${p.code}`).join("\n")}\n}`],
  ] as const) {
    if (!sdl.includes(from)) throw new Error("regionTypeDefs changed shape; update bench/src/graph/provinces.ts");
    sdl = sdl.replace(from, to);
  }
  const requires = allProvincesRequires();
  if (!sdl.includes(requires)) throw new Error("regionTypeDefs changed shape (requires)");
  return sdl.replaceAll(requires, requiresFor(provinces));
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
