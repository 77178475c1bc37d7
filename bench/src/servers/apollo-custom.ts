// Variants of the project's gateway for fairness and graph scale: the same @apollo/gateway, the
// same ProvinceDataSource and server plugins as startGateway, but with the region subgraph either
// over HTTP (as Hive Gateway must have it) or in process for N synthetic provinces.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ProvinceDataSource, buildRegionSchema, createGatewayAuth, dateArgumentsPlugin, loadGatewayKeys, type GatewayAuth, type GatewayContext } from "@regional/gateway";
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
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
   * The 7-province region subgraph in process through a data source that parses and validates each
   * distinct query once (LocalGraphQLDataSource parses and validates the whole @requires query, with
   * its seven sets of figures, on every request).
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
/** graphql-js execution of a local schema with parsed, validated documents kept per query text. */
class CachedLocalDataSource extends LocalGraphQLDataSource {
  private readonly documents = new Map<string, DocumentNode>();
  constructor(private readonly localSchema: GraphQLSchema) {
    super(localSchema);
  }
  override async process({ request, context }: Parameters<LocalGraphQLDataSource["process"]>[0]) {
    const query = request.query!;
    let document = this.documents.get(query);
    if (!document) {
      document = parse(query);
      const errors = validate(this.localSchema, document);
      if (errors.length > 0) return { errors };
      this.documents.set(query, document);
    }
    return (await execute({
      schema: this.localSchema,
      document,
      variableValues: request.variables ?? null,
      operationName: request.operationName ?? null,
      contextValue: context,
    })) as Awaited<ReturnType<LocalGraphQLDataSource["process"]>>;
  }
}

const localRegion = cfg.provinces
  ? new LocalGraphQLDataSource(buildRegionSchemaFor(cfg.provinces))
  : cfg.cachedLocalRegion
    ? new CachedLocalDataSource(buildRegionSchema())
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
