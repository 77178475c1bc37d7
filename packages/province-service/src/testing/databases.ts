// Also exported as @regional/province-service/testing, for the integration fixtures.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTestEnv } from "@regional/schema";
import pg from "pg";
import { openDatabase, type Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";

export type TestBackend = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server (as in CI). */
export function testBackends(): TestBackend[] {
  return loadTestEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];
}

/** Where a test's database lives, so that it can be closed and opened again (a restart). */
export interface TestDatabaseHome {
  /** The PGlite folder (undefined on PostgreSQL): tests that read the files at rest look there. */
  dir: string | undefined;
  /** The database's URL on PostgreSQL (undefined on PGlite), e.g. for a service started as a child process. */
  url: string | undefined;
  open(): Promise<Database>;
  /** Deletes the folder or the database; close what was opened first. */
  drop(): Promise<void>;
}

/** A new home: PGlite files in a temporary folder, or a new database on the test server. */
export async function testDatabaseHome(kind: TestBackend, label: string, options: { maxConnections?: number } = {}): Promise<TestDatabaseHome> {
  if (kind === "pglite") {
    const root = mkdtempSync(join(tmpdir(), `regional-${label}-`));
    const dir = join(root, "pglite");
    return { dir, url: undefined, open: () => openDatabase({ kind: "pglite", dir }), drop: async () => rmSync(root, { recursive: true, force: true }) };
  }
  const serverUrl = loadTestEnv().testDatabaseUrl;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `${label}_${randomBytes(5).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    dir: undefined,
    url: url.toString(),
    open: () => openDatabase({ kind: "postgres", url: url.toString(), maxConnections: options.maxConnections ?? 4 }),
    drop: async () => {
      // Not WITH (FORCE): that also tries to end an autovacuum worker, which an unprivileged role
      // may not, and fails now and then. DROP DATABASE stops autovacuum there by itself.
      await admin(serverUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND usename = current_user AND pid <> pg_backend_pid()`);
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

/** A migrated database for one suite: PGlite in memory, or a new database on the test server. */
export async function migratedTestDatabase(
  kind: TestBackend,
  label: string,
  options: { maxConnections?: number } = {},
): Promise<{ db: Database; drop(): Promise<void> }> {
  if (kind === "pglite") {
    const db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
    return { db, drop: () => db.close() };
  }
  const home = await testDatabaseHome(kind, label, options);
  const db = await home.open();
  await migrate(db.sql);
  return {
    db,
    drop: async () => {
      await db.close();
      await home.drop();
    },
  };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
