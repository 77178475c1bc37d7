import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { FEDERATION_PATH, HEALTH_PATH, OPERATIONAL_PATH, type Province } from "@regional/schema";
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { authenticateGateway, authenticateTeam, type ProvinceAuth } from "./auth/authenticate.ts";
import { accessGuardPlugin } from "./auth/guard.ts";
import { auditPlugin } from "./audit/audit.plugin.ts";
import type { Clock } from "./clock.ts";
import { serviceIdentifiers } from "./crypto/service-identifiers.ts";
import type { Database } from "./db/database.ts";
import { federationSchema } from "./federation/federation.ts";
import { prismaFiguresStore, type FiguresStore } from "./figures/figures.store.ts";
import type { OperationalContext } from "./operational/context.ts";
import { operationalResolvers } from "./operational/resolvers.ts";
import { operationalTypeDefs } from "./operational/typeDefs.ts";
import { createStores } from "./stores.ts";
import { BODY_LIMIT, FEDERATION_LIMITS, OPERATIONAL_LIMITS, hardening, httpErrorHandler } from "./http/hardening.ts";
import { PEER_MESSAGES_PATH, transfersModule, type TransferDeps } from "./transfers/transfers.module.ts";

export interface ProvinceServiceConfig {
  province: Province;
  nodeEnv: "development" | "production" | "test";
}

/** Everything the service needs from outside; nothing is read from globals. */
export interface ProvinceServiceDeps {
  config: ProvinceServiceConfig;
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Key of the people's identifiers encrypted at rest (32 bytes); see crypto/service-identifiers.ts when absent. */
  dataKey?: Buffer | undefined;
  /** Trusted issuers and audiences of the two faces, and the configured first staff. */
  auth: ProvinceAuth;
  /** Signing key and peers of the transfer workflow; without them transfers stay queued (tests of other modules). */
  transfers?: TransferDeps | undefined;
}

export interface ProvinceApp {
  app: express.Express;
  figures: FiguresStore;
  stop(): Promise<void>;
}

/** The composition root: two GraphQL faces over one database, plus a health check. */
export async function createProvinceApp({ config, db, clock, logger, auth, dataKey, transfers: transferDeps }: ProvinceServiceDeps): Promise<ProvinceApp> {
  const production = config.nodeEnv === "production";
  const transfers = transfersModule(config.province.code, transferDeps, { clock, logger, dataKey });
  const stores = createStores(db, clock, serviceIdentifiers({ dataKey, nodeEnv: config.nodeEnv, logger }), transfers.settings);
  const bootstrapped = await stores.staff.bootstrap(auth.staffBootstrap, clock.now());
  if (bootstrapped.length > 0) logger.info({ subjects: bootstrapped }, "staff registry bootstrapped from configuration");
  const figures = prismaFiguresStore(db.prisma);

  // Operation limits, error masking, no landing page (http/hardening.ts).
  const operationalHardening = hardening<OperationalContext>({ production, logger, limits: OPERATIONAL_LIMITS });
  const federationHardening = hardening({ production, logger, limits: FEDERATION_LIMITS });
  const operational = new ApolloServer<OperationalContext>({
    typeDefs: operationalTypeDefs,
    resolvers: operationalResolvers,
    plugins: [accessGuardPlugin<OperationalContext>()],
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    // Whoever runs the service stops it on a signal (run.ts, the stack), in order: server, then database.
    stopOnTerminationSignals: false,
    ...operationalHardening.options,
  });
  // Every read and write of personal data on this face is recorded (audit/audit.plugin.ts).
  operational.addPlugin(auditPlugin<OperationalContext>({ audit: stores.audit, clock, logger }));
  const federation = new ApolloServer({
    schema: federationSchema(config.province, figures, stores.transfers),
    // Traces would tell the gateway how long each resolver took; it needs figures, nothing more.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    stopOnTerminationSignals: false,
    ...federationHardening.options,
  });
  for (const plugin of operationalHardening.plugins) operational.addPlugin(plugin);
  for (const plugin of federationHardening.plugins) federation.addPlugin(plugin);
  await Promise.all([operational.start(), federation.start()]);

  const app = express();
  app.disable("x-powered-by");
  app.get(HEALTH_PATH, async (_req, res) => {
    try {
      await db.sql.query("SELECT 1");
      res.json({ status: "ok", province: config.province.code });
    } catch (error) {
      logger.error({ err: error }, "health check failed");
      res.status(503).json({ status: "unavailable", province: config.province.code });
    }
  });
  const json = express.json({ limit: BODY_LIMIT });
  // Peer provinces: authenticated by each message's signature, not by a bearer token.
  const peer = transfers.attach(stores.transfers);
  app.post(PEER_MESSAGES_PATH, express.json({ limit: "1mb" }), peer.inbox);
  app.use(
    OPERATIONAL_PATH,
    json,
    expressMiddleware(operational, {
      // UNAUTHENTICATED unless the token is this province team's; the registry says what role backs it.
      context: async ({ req }) => {
        const token = await authenticateTeam(auth, config.province, req.headers.authorization);
        const caller = { ...token, grantedRole: await stores.staff.activeRole(token.subject) };
        return { province: config.province, clock, logger, stores, caller };
      },
    }),
  );
  app.use(
    FEDERATION_PATH,
    json,
    expressMiddleware(federation, {
      // The gateway's service token only; it names the person on whose behalf it asks (act).
      context: async ({ req }) => {
        const caller = await authenticateGateway(auth, req.headers.authorization);
        logger.debug({ act: caller.act }, "federation request");
        return { caller };
      },
    }),
  );
  // JSON answers for bodies over the limit or not JSON, never Express's HTML error page.
  app.use(httpErrorHandler(logger));

  return {
    app,
    figures,
    stop: async () => {
      await Promise.all([operational.stop(), federation.stop(), peer.stop()]);
    },
  };
}

export interface RunningProvinceService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and returns how to stop cleanly. */
export async function startProvinceService(
  deps: ProvinceServiceDeps,
  listen: { host: string; port: number },
): Promise<RunningProvinceService> {
  const provinceApp = await createProvinceApp(deps);
  const server: Server = await new Promise((resolve, reject) => {
    const s = provinceApp.app.listen(listen.port, listen.host, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${listen.host}:${port}`;
  deps.logger.info({ url, province: deps.config.province.code }, "province service listening");
  return {
    url,
    port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await provinceApp.stop();
    },
  };
}
