// (d) The centralised baseline: one PGlite database holding all seven provinces (one schema each,
// same tables, indexes, daily aggregates and SQL as a province), plain SQL behind a minimal HTTP
// endpoint, no GraphQL, no auth. What a centralised system would run, and what this project exists
// to avoid. source "tables" answers from the rows instead (a centralised system without the
// pre-aggregation).
import { PGlite } from "@electric-sql/pglite";
import { aggregateRegion, type FiguresByProvince } from "@regional/gateway";
import { sqlFiguresStore } from "@regional/province-service";
import { PROVINCES } from "@regional/schema";
import { PERIOD, regionResponse } from "../query.ts";
import { config, createJsonServer, readBody, sendJson, serve } from "./http.ts";

const cfg = config<{ port: number; dir: string; source?: "daily" | "tables" }>();
const db = new PGlite(cfg.dir);
await db.waitReady;
const runner = {
  exec: async (sql: string) => {
    await db.exec(sql);
  },
  query: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
};
const stores = PROVINCES.map((p) => ({ code: p.code, store: sqlFiguresStore(runner, { schema: p.field, source: cfg.source ?? "daily" }) }));

// PGlite is one connection: requests are answered one after another, as they would queue for it.
let queue: Promise<unknown> = Promise.resolve();
async function regionFigures(): Promise<string> {
  const byProvince: FiguresByProvince = {};
  for (const { code, store } of stores) byProvince[code] = await store.forPeriod(PERIOD);
  return regionResponse(aggregateRegion(byProvince));
}

const server = createJsonServer((req, res) => {
  void (async () => {
    await readBody(req);
    const answer = queue.then(regionFigures);
    queue = answer.catch(() => undefined);
    try {
      sendJson(res, 200, await answer);
    } catch (error) {
      sendJson(res, 500, JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  })();
});
await serve(server, cfg.port, "/graphql", () => db.close());
