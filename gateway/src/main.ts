#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { KeyConfigurationError } from "@regional/auth";
import { EnvironmentError, loadGatewayEnv } from "@regional/schema";
import { pino } from "pino";
import { createGatewayAuth, loadGatewayKeys } from "./auth.ts";
import { SUPERGRAPH_PATH, readSupergraph } from "./compose.ts";
import { startGateway } from "./server.ts";

/** Entry point: read the configuration once, build the gateway from it, stop cleanly on a signal. */
async function main(): Promise<void> {
  const env = loadGatewayEnv();
  const logger = pino({ name: "gateway", level: env.logLevel });
  const supergraphPath = env.supergraphPath ?? SUPERGRAPH_PATH;
  // The gateway package's data/ folder unless DATA_DIR says otherwise; keys/ inside it (or KEYS_DIR).
  const dataDir = env.dataDir ?? fileURLToPath(new URL("../data", import.meta.url));
  const keys = await loadGatewayKeys(env.auth, { dataDir, production: env.nodeEnv === "production" });
  const gateway = await startGateway({
    env,
    supergraphSdl: readSupergraph(supergraphPath),
    logger,
    auth: createGatewayAuth(keys),
    // In development `pnpm compose` takes effect without a restart.
    watchSupergraphPath: env.nodeEnv === "development" ? supergraphPath : undefined,
  });
  logger.info({ supergraphPath, health: gateway.healthUrl }, "ready");

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "stopping");
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "failed to stop cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  // A configuration problem is the installer's to fix: say what, without a stack trace.
  if (error instanceof EnvironmentError || error instanceof KeyConfigurationError) {
    console.error(error instanceof KeyConfigurationError ? `Invalid keys: ${error.message}` : error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
