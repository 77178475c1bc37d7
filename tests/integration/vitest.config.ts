import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

// Real services on real ports with real databases: one file at a time keeps memory and ports calm.
export default defineConfig({
  // One copy of graphql: Vite would load its ESM build while Apollo require()s the CommonJS one.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    include: ["specs/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
