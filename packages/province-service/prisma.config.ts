// Prisma CLI configuration: JavaScript schema engine over PGlite (no native engine on these machines).
// Used by `generate`, `migrate diff` and `migrate status`; the services apply migrations themselves
// (src/db/migrate.ts). PRISMA_PGLITE_DIR points the CLI at a database folder, e.g. to check status.
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { loadPrismaCliEnv } from "@regional/schema";

const { pgliteDir } = loadPrismaCliEnv();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => {
    letPgliteTimersNotHoldNodeOpen();
    return new PrismaPGlite(pgliteDir ? new PGlite(pgliteDir) : new PGlite());
  },
});

/**
 * An open PGlite keeps Node running: PostgreSQL re-arms a 10 s itimer, which PGlite's runtime
 * turns into a plain setTimeout. The CLI never disposes its adapter, so it would never exit after
 * its command. Only in this CLI process: let those timers (and only those) not hold Node open.
 */
function letPgliteTimersNotHoldNodeOpen(): void {
  const setTimeoutWithRef = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeoutWithRef>) => {
    const timer = setTimeoutWithRef(...args);
    if (new Error().stack?.includes("__setitimer_js")) timer.unref();
    return timer;
  }) as typeof setTimeoutWithRef;
}
