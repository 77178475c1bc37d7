import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createFieldCipher, migrate, personIdentifiers, readMigrations } from "@regional/province-service";
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

/**
 * People's identifiers are stored sealed (AES-GCM per value, as the service's stores write them);
 * the generator writes them in clear, and this seals them in batches with the service's own
 * functions and the key the bench's services are given. Otherwise every service would seal each
 * row at its first start, one row at a time.
 */
async function sealPersons(db: PGlite, dataKey: string): Promise<void> {
  const identifiers = personIdentifiers(createFieldCipher(Buffer.from(dataKey, "base64")));
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const { rows } = await db.query<{ id: string; givenName: string; familyName: string }>(
      `SELECT "id", "givenName", "familyName" FROM "Person" WHERE "id" > $1::uuid ORDER BY "id" LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) return;
    const sealed = rows.map((r) => ({ id: r.id, ...identifiers.seal(r.id, { givenName: r.givenName, familyName: r.familyName, alias: null, documentNumber: null, phone: null }) }));
    await db.query(
      `UPDATE "Person" p SET "givenName" = r."givenName", "familyName" = r."familyName", "givenNameIndex" = r."givenNameIndex",
              "familyNameIndex" = r."familyNameIndex", "fullNameIndex" = r."fullNameIndex"
       FROM json_to_recordset($1::json) AS r("id" uuid, "givenName" text, "familyName" text, "givenNameIndex" text, "familyNameIndex" text, "fullNameIndex" text)
       WHERE p."id" = r."id"`,
      [JSON.stringify(sealed)],
    );
    after = rows.at(-1)!.id;
  }
}

/**
 * Migrates and fills the current schema of `db` (see generate.ts); returns per-statement times.
 * Bulk rows are written with triggers off (session_replication_role = replica) and the daily
 * figures rebuilt once at the end with the migration's own figures_rebuild(): the same result as
 * the triggers row by row, minus hours at 10^6.
 */
export async function fill(db: PGlite, cases: number, label: string, dataKey: string): Promise<Record<string, number>> {
  await migrate(sqlRunner(db));
  const times: Record<string, number> = {};
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    times[name] = Math.round(performance.now() - t);
  };
  await db.exec("SET session_replication_role = replica");
  for (const statement of generationStatements({ cases, label })) await timed(statement.name, () => db.exec(statement.sql));
  await db.exec("SET session_replication_role = DEFAULT");
  await timed("seal identifiers", () => sealPersons(db, dataKey));
  await timed("figures_rebuild", () => db.exec("SELECT figures_rebuild()"));
  // PGlite runs no autovacuum daemon: without this the planner has no statistics at all.
  await timed("vacuum analyze", () => db.exec("VACUUM ANALYZE"));
  // The bulk load leaves ~2× the data in write-ahead log; two checkpoints let PGlite recycle it,
  // so the folder (copied seven times) holds the database, not its history.
  await db.exec("CHECKPOINT; CHECKPOINT");
  return times;
}

/**
 * One database per size, generated once (into root/<cases>/template) and copied to seven province
 * folders: PGlite data directories are plain folders. Reused when already there for this data version.
 */
export async function prepareSize(
  root: string,
  cases: number,
  version: string,
  dataKey: string,
  log: (line: string) => void,
  options: { copies: boolean } = { copies: true },
): Promise<PreparedSize> {
  const base = join(root, String(cases));
  const marker = join(base, "prepared.json");
  const copyToProvinces = () => {
    const dirs: Record<string, string> = {};
    for (const p of PROVINCES) {
      const dir = join(base, p.field);
      rmSync(dir, { recursive: true, force: true });
      cpSync(join(base, "template"), dir, { recursive: true });
      dirs[p.code] = dir;
    }
    return dirs;
  };
  if (existsSync(marker)) {
    const prepared = JSON.parse(readFileSync(marker, "utf8")) as PreparedSize & { version: string; copied?: boolean };
    if (prepared.version === version) {
      log(`data ${cases}: reusing ${base}`);
      if (options.copies && prepared.copied === false) {
        log(`data ${cases}: copying to seven provinces…`);
        prepared.provinceDirs = copyToProvinces();
        writeFileSync(marker, JSON.stringify({ ...prepared, copied: true }, null, 2));
      }
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
  const statementMs = await fill(db, cases, "BG", dataKey);
  const seedMs = Math.round(performance.now() - started);
  const rowCounts: Record<string, number> = {};
  for (const table of TABLES) {
    rowCounts[table] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0]!.n;
  }
  rowCounts.outreachContacts = (await db.query<{ n: number }>(`SELECT coalesce(sum("contacts"),0)::int AS n FROM "OutreachOuting"`)).rows[0]!.n;
  const generatorRssBytes = process.memoryUsage().rss;
  await db.close();
  const databaseBytes = folderBytes(join(template, "pglite"));
  log(`data ${cases}: ${(seedMs / 1000).toFixed(1)} s, ${(databaseBytes / 2 ** 20).toFixed(0)} MiB${options.copies ? "; copying to seven provinces…" : ""}`);
  const provinceDirs = options.copies ? copyToProvinces() : {};
  const prepared: PreparedSize = { cases, provinceDirs, seedMs, statementMs, databaseBytes, rowCounts, generatorRssBytes };
  writeFileSync(marker, JSON.stringify({ ...prepared, version, copied: options.copies }, null, 2));
  return prepared;
}

/**
 * The centralised baseline's database: one PGlite holding all seven provinces, each in its own
 * schema with the same tables, indexes, triggers and migrations as a province. The first schema is
 * generated; the other six are migrated and then filled by copying its rows table by table (the
 * federated provinces are copies of one generated database too, so both sides hold the same data).
 */
export async function prepareCentral(root: string, cases: number, version: string, dataKey: string, log: (line: string) => void): Promise<{ dir: string; seedMs: number; databaseBytes: number }> {
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
  const [first, ...others] = PROVINCES;
  await db.exec(`CREATE SCHEMA "${first.field}"; SET search_path TO "${first.field}"`);
  await fill(db, cases, first.code, dataKey);
  const tables = (
    await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
      [first.field],
    )
  ).rows.map((r) => r.table_name);
  for (const p of others) {
    await db.exec(`CREATE SCHEMA "${p.field}"; SET search_path TO "${p.field}"`);
    await migrate(sqlRunner(db));
    await db.exec("SET session_replication_role = replica");
    for (const table of tables) {
      // Enum types are per schema: cast each enum column through text to this schema's type.
      const columns = (
        await db.query<{ column_name: string; data_type: string; udt_name: string }>(
          `SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
          [first.field, table],
        )
      ).rows;
      const names = columns.map((c) => `"${c.column_name}"`).join(", ");
      const values = columns.map((c) => (c.data_type === "USER-DEFINED" ? `"${c.column_name}"::text::"${c.udt_name}"` : `"${c.column_name}"`)).join(", ");
      await db.exec(`DELETE FROM "${table}"; INSERT INTO "${table}" (${names}) SELECT ${values} FROM "${first.field}"."${table}"`);
    }
    await db.exec("SET session_replication_role = DEFAULT");
    await db.exec("ANALYZE");
  }
  await db.close();
  const prepared = { dir, seedMs: Math.round(performance.now() - started), databaseBytes: folderBytes(dir) };
  writeFileSync(marker, JSON.stringify({ ...prepared, version }, null, 2));
  return prepared;
}
