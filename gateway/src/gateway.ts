import { ApolloGateway, LocalGraphQLDataSource, type GraphQLDataSource } from "@apollo/gateway";
import { PROVINCES, type GatewayEnv } from "@regional/schema";
import type { Logger } from "pino";
import { REGION_SUBGRAPH_NAME } from "./compose.ts";
import { ProvinceDataSource, type SubgraphRequestHook } from "./province-data-source.ts";
import { buildRegionSchema } from "./region/region.resolvers.ts";

export interface GatewayDependencies {
  env: GatewayEnv;
  /** The composed supergraph, normally the committed supergraph.graphql. */
  supergraphSdl: string;
  logger: Logger;
  /** Called before each request to a province: the seam for the gateway's service token (later). */
  onSubgraphRequest?: SubgraphRequestHook | undefined;
}

/**
 * The federation gateway: the committed supergraph, the region subgraph executed in process, and
 * one data source per province at the URL from the configuration. The URLs written in the
 * supergraph are only the defaults it was composed with and are ignored here.
 */
export function createGateway({ env, supergraphSdl, logger, onSubgraphRequest }: GatewayDependencies): ApolloGateway {
  const regionSource = new LocalGraphQLDataSource(buildRegionSchema());
  return new ApolloGateway({
    supergraphSdl,
    logger: logger.child({ component: "gateway" }),
    buildService({ name }): GraphQLDataSource {
      if (name === REGION_SUBGRAPH_NAME) return regionSource;
      const province = PROVINCES.find((p) => p.field === name);
      // A subgraph we cannot route is a supergraph built from something else: refuse to start.
      if (!province) throw new Error(`The supergraph names an unknown subgraph "${name}"`);
      return new ProvinceDataSource({
        province,
        url: env.subgraphUrls[province.code],
        timeoutMs: env.subgraphTimeoutMs,
        logger: logger.child({ component: "province-source" }),
        onRequest: onSubgraphRequest,
      });
    },
  });
}
