// Variants of the project's gateway for fairness and graph scale: the same @apollo/gateway, the
// same ProvinceDataSource and server plugins as startGateway, but with the region subgraph either
// over HTTP (as Hive Gateway must have it) or in process for N synthetic provinces.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ProvinceDataSource, RegionDataSource, buildRegionSchema, createGatewayAuth, dateArgumentsPlugin, loadGatewayKeys, type GatewayAuth, type GatewayContext } from "@regional/gateway";
import { PROVINCES, loadGatewayEnv, type Province, type ProvinceCode } from "@regional/schema";
import express from "express";
import { pino } from "pino";
import { buildRegionSchemaFor, type SyntheticProvince } from "../graph/provinces.ts";
import { config, serve } from "./http.ts";

const cfg = config<{
  port: number;
  supergraphPath: string;
  /** Subgraph name (province field) → federation URL. */
  subgraphs: Record<string, string>;
  /** Region over HTTP at this URL; otherwise in process for `provinces`. */
  regionUrl?: string;
  provinces?: SyntheticProvince[];
  timeoutMs?: number;
  /**
   * The 7-province region subgraph in process through the gateway's RegionDataSource (each distinct
   * query parsed and validated once), as startGateway has it now.
   */
  cachedLocalRegion?: boolean;
  /** With keys: authenticate the client and sign a service token per province request, as startGateway does. */
  keysDir?: string;
  dataDir?: string;
}>();
const auth: GatewayAuth | undefined = cfg.keysDir
  ? createGatewayAuth(await loadGatewayKeys(loadGatewayEnv({ KEYS_DIR: cfg.keysDir }).auth, { dataDir: cfg.dataDir ?? ".", production: false }))
  : undefined;
const logger = pino({ level: "warn" });
// The production gateway's in-process region data source, so the graph scale measures the gateway as deployed.
const localRegion = cfg.provinces
  ? new RegionDataSource(buildRegionSchemaFor(cfg.provinces))
  : cfg.cachedLocalRegion
    ? new RegionDataSource(buildRegionSchema())
    : undefined;
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(cfg.supergraphPath, "utf8"),
  logger,
  buildService({ name, url }): GraphQLDataSource {
    if (name === "region") {
      if (cfg.regionUrl) return new RemoteGraphQLDataSource({ url: cfg.regionUrl });
      if (localRegion) return localRegion;
      throw new Error("no region subgraph configured");
    }
    const target = cfg.subgraphs[name] ?? url;
    if (!target) throw new Error(`no URL for subgraph ${name}`);
    const province = (PROVINCES.find((p) => p.field === name) ??
      cfg.provinces?.find((p) => p.field === name) ?? { code: name, name, field: name, defaultPort: 0 }) as Province;
    return new ProvinceDataSource({
      province,
      url: target,
      timeoutMs: cfg.timeoutMs ?? 3000,
      logger,
      onRequest: auth
        ? async (request) => {
            request.headers.set("authorization", `Bearer ${await auth.serviceToken(request.province as ProvinceCode, request.context?.caller)}`);
          }
        : undefined,
    });
  },
});
const app = express();
app.disable("x-powered-by");
const httpServer = createServer(app);
const server = new ApolloServer<GatewayContext>({
  gateway,
  logger,
  nodeEnv: "production",
  introspection: false,
  stopOnTerminationSignals: false,
  plugins: [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    dateArgumentsPlugin<GatewayContext>(),
  ],
});
await server.start();
let n = 0;
app.use(
  "/graphql",
  express.json({ limit: "1mb" }),
  expressMiddleware(server, {
    context: async ({ req }) => ({ requestId: `bench-${++n}`, caller: auth ? await auth.authenticate(req.headers.authorization) : undefined }) as GatewayContext,
  }),
);
await serve(httpServer, cfg.port, "/graphql", () => server.stop());
