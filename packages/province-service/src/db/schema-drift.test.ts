import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type SqlRunner } from "./database.ts";
import { migrate } from "./migrate.ts";

const packageDir = fileURLToPath(new URL("../../", import.meta.url));

function prismaCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["scripts/prisma.mjs", ...args], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
}

/** Columns, types, nullability, defaults and enum values: what the application depends on. */
async function shape(sql: SqlRunner) {
  const columns = await sql.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`,
  );
  const enums = await sql.query(
    `SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`,
  );
  const indexes = await sql.query<{ indexname: string }>(
    `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
  );
  return { columns, enums, indexes: indexes.map((i) => i.indexname) };
}

describe("the committed migrations and schema.prisma", () => {
  const dir = mkdtempSync(join(tmpdir(), "regional-drift-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("describe the same database (no change to schema.prisma without a migration)", async () => {
    const fromSchema = prismaCli(["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"]);
    expect(fromSchema.status, fromSchema.stderr).toBe(0);

    const migrated = await openDatabase({ kind: "pglite" });
    const pushed = await openDatabase({ kind: "pglite" });
    try {
      await migrate(migrated.sql);
      await pushed.sql.exec(fromSchema.stdout);
      const a = await shape(migrated.sql);
      const b = await shape(pushed.sql);
      expect(a.columns).toEqual(b.columns);
      expect(a.enums).toEqual(b.enums);
      // Migrations may add what Prisma cannot express (partial unique indexes); never lack one it can.
      expect(a.indexes).toEqual(expect.arrayContaining(b.indexes));
    } finally {
      await migrated.close();
      await pushed.close();
    }
  });

  it("are recorded so that `prisma migrate status` agrees with what the service applied", async () => {
    const dbDir = join(dir, "pglite");
    const db = await openDatabase({ kind: "pglite", dir: dbDir });
    await migrate(db.sql);
    await db.close();
    const status = prismaCli(["migrate", "status"], { PRISMA_PGLITE_DIR: dbDir });
    expect(status.stdout + status.stderr).toContain("Database schema is up to date!");
    expect(status.status).toBe(0);
  });
});
