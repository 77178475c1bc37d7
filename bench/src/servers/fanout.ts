// (c) The floor for any gateway: on each request, ask the seven federation endpoints in parallel
// (the same _entities request the gateway sends), sum with the region's own rules, answer.
// No parsing, validation or planning of the client's query: it is always the benchmark's query.
// Node's fetch keeps connections alive, as the gateway's does.
import { aggregateRegion, type FiguresByProvince } from "@regional/gateway";
import type { ProvinceFigures } from "@regional/schema";
import { entitiesBody, regionResponse, PERIOD } from "../query.ts";
import { config, createJsonServer, readBody, sendJson, serve } from "./http.ts";

const cfg = config<{ port: number; provinces: { code: string; field: string; url: string; authorization?: string }[] }>();
const bodies = new Map(cfg.provinces.map((p) => [p.code, entitiesBody(p.field, PERIOD)]));

async function figuresOf(p: (typeof cfg.provinces)[number]): Promise<ProvinceFigures | null> {
  try {
    const res = await fetch(p.url, { method: "POST", headers: { "content-type": "application/json", ...(p.authorization ? { authorization: p.authorization } : {}) }, body: bodies.get(p.code)!, signal: AbortSignal.timeout(30_000) });
    const json = (await res.json()) as { data?: { _entities?: Record<string, ProvinceFigures | null>[] } };
    return json.data?._entities?.[0]?.[p.field] ?? null;
  } catch {
    return null;
  }
}

const server = createJsonServer((req, res) => {
  void (async () => {
    await readBody(req);
    const all = await Promise.all(cfg.provinces.map(figuresOf));
    const byProvince = Object.fromEntries(cfg.provinces.map((p, i) => [p.code, all[i]])) as FiguresByProvince;
    sendJson(res, 200, regionResponse(aggregateRegion(byProvince)));
  })();
});
await serve(server, cfg.port, "/graphql");
