#!/usr/bin/env node
// Runs the Prisma CLI with the JavaScript schema engine. The CLI still tries to download native
// engines before it starts; pointing these variables at an existing file skips that download
// (nothing native runs: the client uses the driver adapter, migrations use the JS engine).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const placeholder = fileURLToPath(import.meta.url);
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
  PRISMA_SCHEMA_DATABASE_URL: process.env.PRISMA_SCHEMA_DATABASE_URL ?? "postgresql://unused@localhost/unused",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
