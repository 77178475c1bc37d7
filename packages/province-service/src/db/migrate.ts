import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlRunner } from "./database.ts";

/**
 * Applies the committed Prisma migrations (prisma/migrations/<name>/migration.sql) in order and
 * records them in Prisma's own `_prisma_migrations` table, with the same checksum Prisma computes,
 * so `prisma migrate status` and later `prisma migrate deploy` agree with what ran here.
 * Why not `prisma migrate deploy`: through the pg driver adapter it fails on a real server
 * (prisma/orm#27403), and the same code path for PGlite and PostgreSQL is what CI can prove.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/** Prisma's advisory lock key, so two processes migrating one server never interleave. */
const ADVISORY_LOCK_KEY = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export async function migrate(sql: SqlRunner, migrations = readMigrations()): Promise<MigrationReport> {
  await sql.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  await sql.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    const rows = await sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous?.finished_at) {
        if (previous.checksum !== m.checksum) {
          throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead.`);
        }
        report.alreadyApplied.push(m.name);
        continue;
      }
      if (previous) {
        throw new Error(`Migration ${m.name} started earlier and did not finish; inspect the database before retrying.`);
      }
      const id = randomUUID();
      // One transaction per migration: a failing migration leaves no trace and no half-applied schema.
      await sql.exec(`BEGIN;\n${m.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
        VALUES ('${id}', '${m.checksum}', '${m.name.replace(/'/g, "''")}', now(), 1);\nCOMMIT;`).catch(async (error: unknown) => {
        await sql.exec("ROLLBACK").catch(() => undefined);
        throw error;
      });
      report.applied.push(m.name);
    }
    return report;
  } finally {
    await sql.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
}
