import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { ApolloGateway, type GraphQLDataSource, type SupergraphSdlHook } from "@apollo/gateway";
import { PROVINCES, type GatewayEnv } from "@regional/schema";
import type { Logger } from "pino";
import type { GatewayAuth } from "./auth.ts";
import { REGION_SUBGRAPH_NAME } from "./compose.ts";
import { ProvinceDataSource, type SubgraphRequestHook } from "./province-data-source.ts";
import { RegionDataSource } from "./region/region-data-source.ts";
import { buildRegionSchema } from "./region/region.resolvers.ts";

export interface GatewayDependencies {
  env: GatewayEnv;
  /** The composed supergraph, normally the committed supergraph.graphql. */
  supergraphSdl: string;
  logger: Logger;
  /** Who may ask (capofila, province teams) and the gateway's own service identity towards the provinces. */
  auth: GatewayAuth;
  /** Called before each request to a province, after its service token is attached. */
  onSubgraphRequest?: SubgraphRequestHook | undefined;
  /**
   * Reload the supergraph whenever this file changes (development: `pnpm compose` while the
   * gateway runs). An invalid file is logged and the previous supergraph kept.
   */
  watchSupergraphPath?: string | undefined;
}

/** Debounce: `compose --write` and editors may write a file in several steps. */
const RELOAD_DELAY_MS = 150;

function watchedSupergraph(initialSdl: string, path: string, logger: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = initialSdl;
    let timer: NodeJS.Timeout | undefined;
    const reload = async () => {
      let sdl: string;
      try {
        sdl = await readFile(path, "utf8");
      } catch (error) {
        logger.warn({ path, cause: String(error) }, "supergraph file unreadable; keeping the current one");
        return;
      }
      if (sdl === current) return;
      try {
        update(sdl);
        current = sdl;
        logger.info({ path }, "supergraph reloaded");
      } catch (error) {
        logger.error({ path, cause: error instanceof Error ? error.message : String(error) }, "supergraph not reloaded; keeping the current one");
      }
    };
    // The folder, not the file: a file replaced by rename would silently end a watch on itself.
    const watcher = watch(dirname(path), (_event, file) => {
      if (file !== basename(path)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), RELOAD_DELAY_MS);
    });
    return {
      supergraphSdl: initialSdl,
      cleanup: async () => {
        clearTimeout(timer);
        watcher.close();
      },
    };
  };
}

/**
 * The federation gateway: the committed supergraph, the region subgraph executed in process, and
 * one data source per province at the URL from the configuration. The URLs written in the
 * supergraph are only the defaults it was composed with and are ignored here.
 */
export function createGateway(deps: GatewayDependencies): ApolloGateway {
  const { env, supergraphSdl, onSubgraphRequest, watchSupergraphPath, auth } = deps;
  // Each province gets the gateway's own short-lived token naming the caller, never the caller's token.
  const onRequest: SubgraphRequestHook = async (request) => {
    request.headers.set("authorization", `Bearer ${await auth.serviceToken(request.province, request.context?.caller)}`);
    await onSubgraphRequest?.(request);
  };
  const logger = deps.logger.child({ component: "gateway" });
  const regionSource = new RegionDataSource(buildRegionSchema({ minCell: env.disclosureMinCell }));
  return new ApolloGateway({
    supergraphSdl: watchSupergraphPath ? watchedSupergraph(supergraphSdl, watchSupergraphPath, logger) : supergraphSdl,
    logger,
    buildService({ name }): GraphQLDataSource {
      if (name === REGION_SUBGRAPH_NAME) return regionSource;
      const province = PROVINCES.find((p) => p.field === name);
      // A subgraph we cannot route is a supergraph built from something else: refuse it.
      if (!province) throw new Error(`The supergraph names an unknown subgraph "${name}"`);
      return new ProvinceDataSource({
        province,
        url: env.subgraphUrls[province.code],
        timeoutMs: env.subgraphTimeoutMs,
        logger: deps.logger.child({ component: "province-source" }),
        onRequest,
      });
    },
  });
}
