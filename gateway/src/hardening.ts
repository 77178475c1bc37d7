import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ErrorRequestHandler } from "express";
import { GraphQLError, type GraphQLFormattedError, type ValidationRule } from "graphql";
import type { Logger } from "pino";

/**
 * Limits and error hygiene of the capofila's endpoint (the province services have their own, in
 * packages/province-service/src/http/hardening.ts; the two are kept alike on purpose). The
 * regional graph is shallow: region { provinces { byGender { key count } } } is depth 4, and the
 * full dashboard query (every counter and breakdown, totals and provinces) costs about 1,000.
 */
export const GATEWAY_LIMITS = { maxDepth: 8, maxAliases: 15, maxTokens: 2000, maxCost: 5000, maxDirectives: 10 } as const;

/** JSON bodies larger than this are refused with 413. */
export const GATEWAY_BODY_LIMIT = "100kb";

/** Codes whose message is for the client, kept in production (PROVINCE_UNAVAILABLE names the missing province). */
const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  "BAD_USER_INPUT",
  "ILLEGAL_OPERATION",
  "NOT_FOUND",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "PROVINCE_UNAVAILABLE",
]);

export const GENERIC_ERROR_MESSAGE = "Internal server error";

/** In production: unexpected errors become INTERNAL_SERVER_ERROR with a generic message (the real one is logged); no stack traces. */
export function maskErrors(production: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === "string" && CLIENT_ERROR_CODES.has(code)) {
      if (!production) return formatted;
      const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: unwrapResolverError(error), path: formatted.path, code }, "unexpected error in a GraphQL request");
    if (!production) return formatted;
    return { message: GENERIC_ERROR_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

/** Refuses an operation whose root type the graph does not have (a subscription): otherwise an internal error at execution. */
export const SupportedOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = node.operation === "query" ? schema.getQueryType() : node.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: [node] }));
  },
});

/**
 * Options to spread into the ApolloServer constructor and plugins to add to it. graphql-armor's
 * limits run as validation rules (400, GRAPHQL_VALIDATION_FAILED); the token limit is graphql-js's
 * own parser option (400, GRAPHQL_PARSE_FAILED), since armor's Apollo token plugin throws from a
 * hook and Apollo Server answers that with a 500.
 */
export function gatewayHardening<TContext extends BaseContext>(settings: { production: boolean; logger: Logger }): {
  options: Pick<
    ApolloServerOptions<TContext>,
    "validationRules" | "parseOptions" | "formatError" | "csrfPrevention" | "allowBatchedHttpRequests" | "persistedQueries"
  >;
  plugins: ApolloServerPlugin<TContext>[];
} {
  const { production, logger } = settings;
  const limits = GATEWAY_LIMITS;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    options: {
      validationRules: [SupportedOperationsRule, ...armor.validationRules],
      parseOptions: { maxTokens: limits.maxTokens },
      formatError: maskErrors(production, logger),
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      // No client uses automatic persisted queries; with them on, a wrong hash is an internal error.
      persistedQueries: false,
    },
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<TContext>[]),
      // Apollo Server's default landing pages (development and production) load Apollo's CDN.
      ApolloServerPluginLandingPageDisabled() as ApolloServerPlugin<TContext>,
    ],
  };
}

/** JSON for body-parser errors (413 over the limit, 400 not JSON); a generic 500 for anything else. */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: string; status?: number; limit?: number };
    if (e.type === "entity.too.large" || e.status === 413) {
      res.status(413).json({
        errors: [{ message: `Request body too large (limit ${e.limit ?? GATEWAY_BODY_LIMIT} bytes)`, extensions: { code: "PAYLOAD_TOO_LARGE" } }],
      });
      return;
    }
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
      const message = e.type === "entity.parse.failed" ? "Request body is not valid JSON" : "Bad request";
      res.status(e.status).json({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    logger.error({ err: error }, "unexpected error in an HTTP request");
    res.status(500).json({ errors: [{ message: GENERIC_ERROR_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  };
}
