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
  adapter: async () => new PrismaPGlite(pgliteDir ? new PGlite(pgliteDir) : new PGlite()),
});
