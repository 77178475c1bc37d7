import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { migrate, readMigrations } from "@regional/province-service";
import { PROVINCES } from "@regional/schema";
import { createHash } from "node:crypto";
import { generationStatements } from "./generate.ts";

export interface PreparedSize {
  cases: number;
  /** Seven folders, one per province (each holds pglite/ as a service's DATA_DIR expects). */
  provinceDirs: Record<string, string>;
  seedMs: number;
  statementMs: Record<string, number>;
  /** Size of one province's PGlite folder. */
  databaseBytes: number;
  rowCounts: Record<string, number>;
  /** RSS of the generating process once done (PGlite with this database open). */
  generatorRssBytes: number;
}

export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

/** Changes whenever the generator or the migrations change, so stale folders are rebuilt. */
export function dataVersion(generatorSource: string): string {
  const h = createHash("sha256").update(generatorSource);
  for (const m of readMigrations()) h.update(m.name).update(m.checksum);
  return h.digest("hex").slice(0, 12);
}

const sqlRunner = (db: PGlite) => ({
  exec: async (sql: string) => {
    await db.exec(sql);
  },
  query: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
});

const TABLES = ["Person", "Case", "CasePhaseChange", "CaseExploitation", "Interview", "ServiceDelivery", "LegalEvent", "Place", "Placement", "OutreachOuting", "TrainingEvent"];

/** Migrates and fills the current schema of `db` (see generate.ts); returns per-statement times. */
export async function fill(db: PGlite, cases: number, label: string): Promise<Record<string, number>> {
  await migrate(sqlRunner(db));
  const times: Record<string, number> = {};
  for (const statement of generationStatements({ cases, label })) {
    const t = performance.now();
    await db.exec(statement.sql);
    times[statement.name] = Math.round(performance.now() - t);
  }
  // PGlite runs no autovacuum daemon: without this the planner has no statistics at all.
  const t = performance.now();
  await db.exec("VACUUM ANALYZE");
  times["vacuum analyze"] = Math.round(performance.now() - t);
  return times;
}

/**
 * One database per size, generated once (into root/<cases>/template) and copied to seven province
 * folders: PGlite data directories are plain folders. Reused when already there for this data version.
 */
export async function prepareSize(root: string, cases: number, version: string, log: (line: string) => void): Promise<PreparedSize> {
  const base = join(root, String(cases));
  const marker = join(base, "prepared.json");
  if (existsSync(marker)) {
    const prepared = JSON.parse(readFileSync(marker, "utf8")) as PreparedSize & { version: string };
    if (prepared.version === version) {
      log(`data ${cases}: reusing ${base}`);
      return prepared;
    }
  }
  rmSync(base, { recursive: true, force: true });
  const template = join(base, "template");
  mkdirSync(join(template, "pglite"), { recursive: true });
  log(`data ${cases}: generating…`);
  const started = performance.now();
  const db = new PGlite(join(template, "pglite"));
  await db.waitReady;
  const statementMs = await fill(db, cases, "BG");
  const seedMs = Math.round(performance.now() - started);
  const rowCounts: Record<string, number> = {};
  for (const table of TABLES) {
    rowCounts[table] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0]!.n;
  }
  rowCounts.outreachContacts = (await db.query<{ n: number }>(`SELECT coalesce(sum("contacts"),0)::int AS n FROM "OutreachOuting"`)).rows[0]!.n;
  const generatorRssBytes = process.memoryUsage().rss;
  await db.close();
  const databaseBytes = folderBytes(join(template, "pglite"));
  log(`data ${cases}: ${(seedMs / 1000).toFixed(1)} s, ${(databaseBytes / 2 ** 20).toFixed(0)} MiB; copying to seven provinces…`);
  const provinceDirs: Record<string, string> = {};
  for (const p of PROVINCES) {
    const dir = join(base, p.field);
    cpSync(template, dir, { recursive: true });
    provinceDirs[p.code] = dir;
  }
  const prepared: PreparedSize = { cases, provinceDirs, seedMs, statementMs, databaseBytes, rowCounts, generatorRssBytes };
  writeFileSync(marker, JSON.stringify({ ...prepared, version }, null, 2));
  return prepared;
}

/**
 * The centralised baseline's database: one PGlite holding all seven provinces, each in its own
 * schema with the same tables, indexes and migrations as a province (generated, not copied, so
 * the ids differ). Returns the folder and how long it took.
 */
export async function prepareCentral(root: string, cases: number, version: string, log: (line: string) => void): Promise<{ dir: string; seedMs: number; databaseBytes: number }> {
  const base = join(root, String(cases), "central");
  const marker = join(base, "prepared.json");
  if (existsSync(marker)) {
    const prepared = JSON.parse(readFileSync(marker, "utf8")) as { dir: string; seedMs: number; databaseBytes: number; version: string };
    if (prepared.version === version) return prepared;
  }
  rmSync(base, { recursive: true, force: true });
  const dir = join(base, "pglite");
  mkdirSync(dir, { recursive: true });
  log(`data ${cases}: generating the centralised database (7 schemas)…`);
  const started = performance.now();
  const db = new PGlite(dir);
  await db.waitReady;
  for (const p of PROVINCES) {
    await db.exec(`CREATE SCHEMA "${p.field}"; SET search_path TO "${p.field}"`);
    await fill(db, cases, p.code);
  }
  await db.close();
  const prepared = { dir, seedMs: Math.round(performance.now() - started), databaseBytes: folderBytes(dir) };
  writeFileSync(marker, JSON.stringify({ ...prepared, version }, null, 2));
  return prepared;
}
