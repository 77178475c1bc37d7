import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ErrorRequestHandler } from "express";
import { GraphQLError, Kind, visit, type DocumentNode, type GraphQLFormattedError, type ValidationRule } from "graphql";
import type { Logger } from "pino";

/**
 * Limits and error hygiene for every GraphQL endpoint of the platform: the gateway and both faces
 * of each province service. Each caller brings its own limits (measured against its real queries
 * in its tests) and the error codes of its own that clients may read.
 */
export interface OperationLimits {
  /** Nesting of selections (graphql-armor max-depth; fragments flattened). */
  maxDepth: number;
  /** Aliased fields per operation (each alias re-runs a resolver). */
  maxAliases: number;
  /** Lexical tokens of the document (graphql-js parser option, checked while parsing). */
  maxTokens: number;
  /** graphql-armor cost: 2 per object field, 1 per scalar, × 1.5 per level of depth (lists are not multiplied). */
  maxCost: number;
  /** Directives per operation (@include/@skip; nothing legitimate uses many). */
  maxDirectives: number;
}

/** Error codes whose message is meant for the client and is kept in production. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
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
]);

export const GENERIC_ERROR_MESSAGE = "Internal server error";

/**
 * Masks every error that is not a client error: in production the client gets
 * INTERNAL_SERVER_ERROR with a generic message and no extensions beyond the code; the real error
 * is logged. Outside production the error passes unchanged (with its stack trace, if enabled).
 */
export function maskErrors(production: boolean, logger: Logger, keep: ReadonlySet<string> = CLIENT_ERROR_CODES) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === "string" && keep.has(code)) {
      if (!production) return formatted;
      // Keep what the client needs (code, field, reason …), never a stack trace.
      const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const real = unwrapResolverError(error);
    logger.error({ err: real, path: formatted.path, code }, "unexpected error in a GraphQL request");
    if (!production) return formatted;
    return { message: GENERIC_ERROR_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

/**
 * Refuses an operation whose root type the schema does not have (a subscription here): graphql-js
 * validation lets it through and execution then fails as an internal error (found by the fuzzer).
 */
export const SupportedOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = node.operation === "query" ? schema.getQueryType() : node.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: [node] }));
  },
});

/** Where a NUL character hides in variables, as a path ("input.notes"), or undefined. */
function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulIn(value[i], `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      const found = nulIn(v, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

function nulInDocument(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (!found && node.value.includes("\u0000")) found = "(a string in the document)";
    },
  });
  return found;
}

/**
 * PostgreSQL text cannot hold the NUL character: a string carrying one would fail in the database
 * as an internal error after the rules passed (found by the fuzzer). Refused up front instead,
 * for every string of every operation, as BAD_USER_INPUT naming the variable.
 */
export function noNulCharactersPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = nulIn(request.variables ?? {}, "") ?? nulInDocument(document);
          if (!field) return;
          const reason = "must not contain the NUL character (U+0000)";
          throw new GraphQLError(`Invalid ${field}: ${reason}`, { extensions: { code: "BAD_USER_INPUT", field, reason, http: { status: 400 } } });
        },
      };
    },
  };
}

export interface Hardening<TContext extends BaseContext> {
  /** Spread into the ApolloServer constructor (after the other options). */
  options: Pick<
    ApolloServerOptions<TContext>,
    "validationRules" | "parseOptions" | "formatError" | "csrfPrevention" | "allowBatchedHttpRequests" | "persistedQueries"
  >;
  /** Add with server.addPlugin before start(). */
  plugins: ApolloServerPlugin<TContext>[];
}

/**
 * graphql-armor 3.2 declares Apollo Server 5 support; its limits run here as plain validation
 * rules (the refusal is a GRAPHQL_VALIDATION_FAILED-style 400 answer, see the tests). Its token
 * limit is not used: its Apollo plugin throws from parsingDidStart, which Apollo Server turns into
 * a 500; graphql-js's own parser option `maxTokens` refuses the same documents with a 400
 * GRAPHQL_PARSE_FAILED instead.
 */
export function hardening<TContext extends BaseContext>(settings: {
  production: boolean;
  logger: Logger;
  limits: OperationLimits;
  /** This endpoint's own codes whose message is for the client (kept in production). */
  clientErrorCodes?: readonly string[];
}): Hardening<TContext> {
  const { production, logger, limits } = settings;
  const keep = new Set([...CLIENT_ERROR_CODES, ...(settings.clientErrorCodes ?? [])]);
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    // Field suggestions ("Did you mean …") describe the schema; production has no introspection either.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    options: {
      validationRules: [SupportedOperationsRule, ...armor.validationRules],
      parseOptions: { maxTokens: limits.maxTokens },
      formatError: maskErrors(production, logger, keep),
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      // No client uses automatic persisted queries; with them on, a wrong hash is an internal error.
      persistedQueries: false,
    },
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<TContext>[]),
      noNulCharactersPlugin<TContext>(),
      // Apollo Server's default landing pages (both modes) load scripts from Apollo's CDN.
      ApolloServerPluginLandingPageDisabled() as ApolloServerPlugin<TContext>,
    ],
  };
}

/**
 * The last middleware: body-parser errors as GraphQL-shaped JSON (413 for a body over the limit,
 * 400 for a body that is not JSON), anything else as a generic 500 with the real error logged.
 * Express's own handler would answer with an HTML page and, outside production, a stack trace.
 */
export function httpErrorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: string; status?: number; limit?: number };
    if (e.type === "entity.too.large" || e.status === 413) {
      res.status(413).json({
        errors: [{ message: `Request body too large (limit ${e.limit ?? bodyLimit} bytes)`, extensions: { code: "PAYLOAD_TOO_LARGE" } }],
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
