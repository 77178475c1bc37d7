/** The gateway package, for the stack launcher and the integration tests. */
export { startGateway, type RunningGateway } from "./server.ts";
export { bootGateway, GatewayStartError } from "./boot.ts";
export { createGatewayAuth, loadGatewayKeys, SERVICE_TOKEN_TTL_SECONDS, type GatewayAuth, type GatewayCaller, type GatewayKeys } from "./auth.ts";
export { createGateway, type GatewayDependencies } from "./gateway.ts";
export {
  ProvinceDataSource,
  REQUEST_ID_HEADER,
  type GatewayContext,
  type SubgraphRequest,
  type SubgraphRequestHook,
  type UnavailableReason,
} from "./province-data-source.ts";
export {
  ACCEPTED_HINTS,
  REGION_SUBGRAPH_NAME,
  REGION_SUBGRAPH_URL,
  SUPERGRAPH_PATH,
  composeSupergraph,
  readSupergraph,
  subgraphDefinitions,
  supergraphProblems,
  type Composition,
  type SubgraphDefinition,
} from "./compose.ts";
export { dateArgumentErrors, dateArgumentsPlugin } from "./date-arguments.ts";
export { regionTypeDefs } from "./region/region.schema.ts";
export { RegionDataSource, REGION_DOCUMENT_CACHE_SIZE, type RegionDataSourceOptions } from "./region/region-data-source.ts";
export { buildRegionSchema, regionResolvers, resolveRegion, type RegionReference, type ResolvedRegion } from "./region/region.resolvers.ts";
export * from "./region/aggregate.ts";
export { badUserInput, checkPeriod, dateProblem, type DateProblem, type PeriodProblem } from "./region/date.ts";
