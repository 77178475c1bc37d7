import { defineConfig } from "vitest/config";

// Real services on real ports with real databases: one file at a time keeps memory and ports calm.
export default defineConfig({
  test: {
    include: ["specs/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
