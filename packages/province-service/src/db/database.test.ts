import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseVersionError, PGLITE_POSTGRES_MAJOR, openDatabase } from "./database.ts";

const root = mkdtempSync(join(tmpdir(), "database-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("embedded PGlite", () => {
  it("runs with the configured shared_buffers and writes the PostgreSQL major it expects", async () => {
    const dir = join(root, "fresh");
    const db = await openDatabase({ kind: "pglite", dir, sharedBuffers: "8MB" });
    try {
      const [row] = await db.sql.query<{ shared_buffers: string }>("SELECT current_setting('shared_buffers') AS shared_buffers");
      expect(row?.shared_buffers).toBe("8MB");
    } finally {
      await db.close();
    }
    // If a PGlite upgrade moves PostgreSQL's major version, this fails and the constant (and the
    // message older data folders get) must follow.
    expect(readFileSync(join(dir, "PG_VERSION"), "utf8").trim()).toBe(PGLITE_POSTGRES_MAJOR);
  });

  it("keeps PGlite's own start parameters (single-user settings) next to ours", async () => {
    const db = await openDatabase({ kind: "pglite" });
    try {
      const [row] = await db.sql.query<{ workers: string; shared_buffers: string }>(
        "SELECT current_setting('max_worker_processes') AS workers, current_setting('shared_buffers') AS shared_buffers",
      );
      expect(row).toEqual({ workers: "0", shared_buffers: "16MB" });
    } finally {
      await db.close();
    }
  });

  it("refuses a data folder written by another PostgreSQL major version, saying what to do, and leaves it as it was", async () => {
    const dir = join(root, "older");
    const db = await openDatabase({ kind: "pglite", dir });
    await db.close();
    writeFileSync(join(dir, "PG_VERSION"), "17\n");
    const error = await openDatabase({ kind: "pglite", dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseVersionError);
    expect((error as Error).message).toContain(`written by PostgreSQL 17; this release embeds PostgreSQL ${PGLITE_POSTGRES_MAJOR}`);
    expect((error as Error).message).toContain("delete that folder");
    expect(readFileSync(join(dir, "PG_VERSION"), "utf8")).toBe("17\n");
  });
});
