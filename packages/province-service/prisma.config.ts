// Prisma CLI configuration: JavaScript schema engine over PGlite (no native engine on these machines).
// Used by `generate` and `migrate diff`; the services apply migrations themselves (src/db/migrate.ts).
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaPGlite(new PGlite()),
});
