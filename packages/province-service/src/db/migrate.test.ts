import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./database.ts";
import { migrate, readMigrations } from "./migrate.ts";

describe("migrate", () => {
  let db: Database | undefined;
  afterEach(async () => db?.close());

  it("applies every committed migration once and records it in Prisma's history", async () => {
    db = await openDatabase({ kind: "pglite" });
    const first = await migrate(db.sql);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const second = await migrate(db.sql);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    const rows = await db.sql.query<{ checksum: string }>(`SELECT checksum FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.checksum)).toEqual(readMigrations().map((m) => m.checksum));
    expect(await db.prisma.case.count()).toBe(0);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
    const tampered = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrate(db.sql, tampered)).rejects.toThrow(/changed after it was applied/);
  });

  it("rolls back a failing migration completely", async () => {
    db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
    const broken = { name: "99999999999999_broken", sql: `CREATE TABLE "Half" (id int); SELECT nonexistent();`, checksum: "x" };
    await expect(migrate(db.sql, [...readMigrations(), broken])).rejects.toThrow();
    const tables = await db.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`);
    expect(tables).toHaveLength(0);
    const history = await db.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [broken.name]);
    expect(history).toHaveLength(0);
  });
});
