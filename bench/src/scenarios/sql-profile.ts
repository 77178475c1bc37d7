import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sqlFiguresStore } from "@regional/province-service";
import { percentile } from "../load.ts";
import { PERIOD } from "../query.ts";

export interface SqlProfile {
  source: "daily" | "tables";
  /** One province's figures snapshot (three queries in one transaction), in process, ms. */
  wallP50: number;
  wallP95: number;
  /** CPU time of this process per snapshot (PGlite runs in it): less sensitive to a busy machine. */
  cpuP50: number;
}

/**
 * The database's share of the regional query, without HTTP, GraphQL or other processes: one
 * province's figures for the benchmark's period, from the daily aggregates (what the service runs)
 * and from the rows (the definition), on the size's template database.
 */
export async function profileSql(templateDir: string, iterations: number): Promise<SqlProfile[]> {
  const db = new PGlite(join(templateDir, "pglite"));
  await db.waitReady;
  const runner = {
    exec: async (sql: string) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
  };
  const out: SqlProfile[] = [];
  try {
    for (const source of ["daily", "tables"] as const) {
      const store = sqlFiguresStore(runner, { source });
      for (let i = 0; i < 10; i++) await store.forPeriod(PERIOD);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        await store.forPeriod(PERIOD);
        wall.push(performance.now() - t);
        const d = process.cpuUsage(c);
        cpu.push((d.user + d.system) / 1000);
      }
      wall.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const r = (x: number) => Math.round(x * 100) / 100;
      out.push({ source, wallP50: r(percentile(wall, 50)), wallP95: r(percentile(wall, 95)), cpuP50: r(percentile(cpu, 50)) });
    }
  } finally {
    await db.close();
  }
  return out;
}
