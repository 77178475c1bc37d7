#!/usr/bin/env node
import { EnvironmentError, loadGatewayEnv } from "@regional/schema";
import { pino } from "pino";
import { SUPERGRAPH_PATH, readSupergraph } from "./compose.ts";
import { startGateway } from "./server.ts";

/** Entry point: read the configuration once, build the gateway from it, stop cleanly on a signal. */
async function main(): Promise<void> {
  const env = loadGatewayEnv();
  const logger = pino({ name: "gateway", level: env.logLevel });
  const supergraphPath = env.supergraphPath ?? SUPERGRAPH_PATH;
  const gateway = await startGateway({
    env,
    supergraphSdl: readSupergraph(supergraphPath),
    logger,
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
  console.error(error instanceof EnvironmentError ? error.message : error);
  process.exit(1);
});
