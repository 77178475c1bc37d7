import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Province, ProvinceCode } from "@regional/schema";
import { GraphQLError, Kind, OperationTypeNode, parse, type DocumentNode, type SelectionSetNode } from "graphql";
import type { Logger } from "pino";
import { actorKey, type GatewayCaller } from "./auth.ts";

/** Per-request context shared by the server, the data sources and the region subgraph. */
export interface GatewayContext {
  /** Sent to the provinces as x-gateway-request-id, so their logs can be joined with ours. */
  requestId: string;
  /** Who is asking (authenticated by the server); the provinces learn it from the gateway's service token. */
  caller: GatewayCaller;
}

/** A subgraph response as the gateway expects it (the type lives in a package we do not depend on directly). */
export type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;

export const REQUEST_ID_HEADER = "x-gateway-request-id";

/** What a hook may change on a request to a province: its headers. */
export interface SubgraphRequest {
  province: ProvinceCode;
  url: string;
  headers: { set(name: string, value: string): void };
  /** Undefined for requests the gateway makes on its own (no incoming operation). */
  context: GatewayContext | undefined;
}

/**
 * Called before every request to a province, after the gateway's service token is attached
 * (createGateway does that); tests use it to look at or change what a province receives.
 * A query that shares an identical one already in flight sends nothing, so it is not called for it.
 */
export type SubgraphRequestHook = (request: SubgraphRequest) => void | Promise<void>;

export type UnavailableReason = "TIMEOUT" | "UNREACHABLE" | "BAD_STATUS" | "BAD_RESPONSE";

export interface ProvinceDataSourceOptions {
  province: Province;
  url: string;
  timeoutMs: number;
  logger: Logger;
  onRequest?: SubgraphRequestHook | undefined;
}

function unavailableReason(error: unknown): UnavailableReason {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "TIMEOUT";
  if (error instanceof GraphQLError) return "BAD_STATUS"; // non-2xx answer, see RemoteGraphQLDataSource.errorFromResponse
  if (error instanceof TypeError) return "UNREACHABLE"; // fetch's "fetch failed": refused, reset, DNS
  return "BAD_RESPONSE";
}

/** Response names of the fields selected on each entity in an `_entities` fetch (inside `... on Region`). */
function entityFieldNames(selectionSet: SelectionSetNode): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.INLINE_FRAGMENT) return entityFieldNames(selection.selectionSet);
    if (selection.kind === Kind.FIELD && selection.name.value !== "__typename") return [(selection.alias ?? selection.name).value];
    return [];
  });
}

/**
 * Makes sure every entity the gateway asked about comes back, with every requested field present
 * (null when the province gave nothing). The gateway drops an entity whose @requires inputs are
 * absent rather than null, and then the region could not even list the province as missing; this
 * covers a province that did not answer at all, answered `data: null`, or nulled an entity.
 * Only `_entities` fetches go to provinces (they own no root fields); other responses pass as they are.
 */
export function completeEntities(
  response: SubgraphResponse,
  document: DocumentNode | undefined,
  representations: unknown,
): SubgraphResponse {
  if (!document || !Array.isArray(representations)) return response;
  const entityFields = document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION
      ? definition.selectionSet.selections.flatMap((s) =>
          s.kind === Kind.FIELD && s.name.value === "_entities" && s.selectionSet ? [s.selectionSet] : [],
        )
      : [],
  );
  if (entityFields.length === 0) return response;
  const nulls = Object.fromEntries(entityFields.flatMap(entityFieldNames).map((name) => [name, null]));
  const received: unknown = response.data?._entities;
  const entities = representations.map((representation: { __typename?: unknown }, i) => {
    const entity = Array.isArray(received) ? (received[i] as Record<string, unknown> | null | undefined) : undefined;
    return { __typename: representation.__typename, ...nulls, ...entity };
  });
  return { ...response, data: { ...response.data, _entities: entities } };
}

/** JSON with every object's keys sorted, so equal variables give equal text whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function isQuery(document: DocumentNode, operationName: string | undefined): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return operation?.operation === OperationTypeNode.QUERY;
}

// The gateway merges a response's objects into its own result and changes them there: every
// request sharing one gets its own copy. `http` (the fetch response, read only) cannot be cloned.
function copyOf(response: SubgraphResponse): SubgraphResponse {
  const { http, ...body } = response;
  return { ...structuredClone(body), ...(http ? { http } : {}) };
}

function operationOf(options: GraphQLDataSourceProcessOptions<GatewayContext>): DocumentNode | undefined {
  if ("document" in options && options.document) return options.document;
  return options.request.query ? parse(options.request.query) : undefined;
}

/**
 * Everything that can make a province's answer differ: the query, its variables, what the planner
 * adds (extensions, headers such as a trace request), and the caller named in the service token,
 * since provinces authorise and audit per caller.
 */
function requestKey(options: GraphQLDataSourceProcessOptions<GatewayContext>): string {
  const { query, operationName, variables, extensions, http } = options.request;
  return stableJson([
    query,
    operationName ?? null,
    variables ?? null,
    extensions ?? null,
    http ? [...http.headers] : null,
    actorKey(requestContext(options)?.caller),
  ]);
}

// The gateway passes {} as context for its own requests (health checks), ours otherwise.
function requestContext(options: GraphQLDataSourceProcessOptions<GatewayContext>): GatewayContext | undefined {
  const context: Partial<GatewayContext> | undefined = options.context;
  return typeof context?.requestId === "string" ? (context as GatewayContext) : undefined;
}

/**
 * One province's federation endpoint. Every request is bounded by the timeout, and any failure is
 * turned into a labelled GraphQL error instead of an exception, so the province's field is null,
 * @requires still runs, and the region answers with that province in `missing`.
 *
 * A query identical to one already in flight (same text, variables and caller as the province sees
 * it) waits for that one's answer or failure instead of being sent again. Nothing is kept once it
 * arrives: this spares a province concurrent duplicates, it is not a cache. Mutations are always sent.
 */
export class ProvinceDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly province: Province;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly onRequest: SubgraphRequestHook | undefined;
  /** Queries sent and not answered yet, by requestKey; `sharers` counts the requests waiting on each. */
  private readonly inFlight = new Map<string, { response: Promise<SubgraphResponse>; sharers: number }>();

  constructor(options: ProvinceDataSourceOptions) {
    super({ url: options.url });
    this.province = options.province;
    this.timeoutMs = options.timeoutMs;
    this.logger = options.logger.child({ province: options.province.code });
    this.onRequest = options.onRequest;
    // Node's fetch with a deadline that covers connecting, waiting and reading the body alike.
    this.fetcher = ((url: string, init: RequestInit) =>
      fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) })) as unknown as RemoteGraphQLDataSource["fetcher"];
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = options.request.http!.headers;
    const context = requestContext(options);
    if (context) headers.set(REQUEST_ID_HEADER, context.requestId);
    await this.onRequest?.({ province: this.province.code, url: this.url, headers, context });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const document = operationOf(options);
    const response =
      document && isQuery(document, options.request.operationName)
        ? await this.sharedFetch(requestKey(options), options)
        : await this.fetchFigures(options);
    return completeEntities(response, document, options.request.variables?.representations);
  }

  /** The answer of the identical query in flight, or of this one sent now; each caller gets its own copy. */
  private async sharedFetch(key: string, options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const running = this.inFlight.get(key);
    if (running) {
      running.sharers++;
      return copyOf(await running.response);
    }
    // Registered before the first await, so a request arriving meanwhile finds it.
    const sent = { response: this.fetchFigures(options).finally(() => this.inFlight.delete(key)), sharers: 0 };
    this.inFlight.set(key, sent);
    const response = await sent.response;
    // The entry is gone by now, so no one can join later: unshared, the original is ours alone.
    return sent.sharers === 0 ? response : copyOf(response);
  }

  /** The province's own answer, or a labelled error when there was none (no exception: see process). */
  private async fetchFigures(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const started = performance.now();
    try {
      return await super.process(options);
    } catch (error) {
      const reason = unavailableReason(error);
      const { code, name } = this.province;
      this.logger.warn(
        {
          url: this.url,
          reason,
          ms: Math.round(performance.now() - started),
          requestId: requestContext(options)?.requestId,
          cause: error instanceof Error ? error.message : String(error),
        },
        "province did not answer",
      );
      const message =
        reason === "TIMEOUT"
          ? `${name} (${code}) did not answer within ${this.timeoutMs} ms`
          : `${name} (${code}) could not be reached (${reason})`;
      return { errors: [{ message, extensions: { code: "PROVINCE_UNAVAILABLE", province: code, reason } }] };
    }
  }
}
