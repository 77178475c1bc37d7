import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { HEALTH_PATH, OPERATIONAL_PATH } from "@regional/schema";
import express from "express";
import { dateArgumentsPlugin } from "./date-arguments.ts";
import { createGateway, type GatewayDependencies } from "./gateway.ts";
import { GATEWAY_BODY_LIMIT, gatewayHardening, httpErrorHandler } from "./hardening.ts";
import type { GatewayContext } from "./province-data-source.ts";

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (the real port when env.port is 0). */
  url: string;
  /** GET answers 200 while the gateway serves, 503 while it stops. */
  healthUrl: string;
  port: number;
  /** Stops accepting requests, lets the ones in flight finish, then closes the server. */
  stop(): Promise<void>;
}

// A caller may pass its own correlation id; anything else gets a fresh one.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === "string" && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the capofila's endpoint: Apollo Server over the federation gateway, on env.host:env.port
 * (port 0 picks a free one), with GET /health. Everything it needs comes in as arguments.
 */
export async function startGateway(deps: GatewayDependencies): Promise<RunningGateway> {
  const { env, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);
  const production = env.nodeEnv === "production";

  // Operation limits, error masking in production, no landing page (hardening.ts).
  const hardening = gatewayHardening<GatewayContext>({ production, logger });
  const server = new ApolloServer<GatewayContext>({
    gateway: createGateway(deps),
    logger: logger.child({ component: "apollo-server" }),
    nodeEnv: env.nodeEnv,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    // The entry point owns the process's signals (see main.ts); a library must not exit it.
    stopOnTerminationSignals: false,
    // csrfPrevention stays at its default (on).
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Nothing about the capofila's queries leaves this machine, whatever APOLLO_KEY says.
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      dateArgumentsPlugin<GatewayContext>(),
      ...hardening.plugins,
    ],
    ...hardening.options,
  });
  await server.start();

  let serving = false;
  app.get(HEALTH_PATH, (_req, res) => {
    res.status(serving ? 200 : 503).json({ status: serving ? "ok" : "unavailable" });
  });
  app.use(
    OPERATIONAL_PATH,
    express.json({ limit: GATEWAY_BODY_LIMIT }),
    expressMiddleware(server, {
      // Capofila or a province team's member; anyone else is refused before any province is asked.
      context: async ({ req }) => ({
        requestId: requestIdOf(req.headers["x-request-id"]),
        caller: await deps.auth.authenticate(req.headers.authorization),
      }),
    }),
  );

  // JSON answers for bodies over the limit or not JSON, never Express's HTML error page.
  app.use(httpErrorHandler(logger));

  let port: number;
  try {
    port = await listen(httpServer, env.port, env.host);
  } catch (error) {
    await server.stop();
    throw error;
  }
  serving = true;
  const origin = `http://${env.host.includes(":") ? `[${env.host}]` : env.host}:${port}`;
  const url = `${origin}${OPERATIONAL_PATH}`;
  logger.info({ url, subgraphTimeoutMs: env.subgraphTimeoutMs }, "gateway listening");

  let stopping: Promise<void> | undefined;
  return {
    url,
    healthUrl: `${origin}${HEALTH_PATH}`,
    port,
    stop() {
      serving = false;
      // Apollo Server stops the gateway and, through the drain plugin, closes the HTTP server.
      stopping ??= server.stop().then(() => logger.info("gateway stopped"));
      return stopping;
    },
  };
}
