import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Vite prefers graphql's ESM build, while the Apollo packages require() its CommonJS build:
    // two copies of graphql break instanceof checks. Node itself loads the CommonJS one for both.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: { include: ["src/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 30_000 },
});
