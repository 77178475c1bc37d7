import { fileURLToPath } from "node:url";
import { KeyConfigurationError } from "@regional/auth";
import { EnvironmentError, loadGatewayEnv, type Environment } from "@regional/schema";
import { pino } from "pino";
import { createGatewayAuth, loadGatewayKeys } from "./auth.ts";
import { SUPERGRAPH_PATH, readSupergraph } from "./compose.ts";
import { startGateway, type RunningGateway } from "./server.ts";

/** A problem the installer must fix (configuration, keys): the message says what. */
export class GatewayStartError extends Error {
  override readonly name = "GatewayStartError";
}

/**
 * Reads the configuration once and starts the gateway from it: its own process (main.ts) or
 * beside the provinces in the local stack's one process. Throws GatewayStartError for what an
 * installer must fix.
 */
export async function bootGateway(environment?: Environment): Promise<RunningGateway> {
  try {
    const env = loadGatewayEnv(environment);
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
    return {
      ...gateway,
      stop: async () => {
        logger.info("stopping");
        await gateway.stop();
      },
    };
  } catch (error) {
    if (error instanceof EnvironmentError) throw new GatewayStartError(error.message, { cause: error });
    if (error instanceof KeyConfigurationError) throw new GatewayStartError(`Invalid keys: ${error.message}`, { cause: error });
    throw error;
  }
}
