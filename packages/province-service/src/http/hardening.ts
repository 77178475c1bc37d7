import type { BaseContext } from "@apollo/server";
import { hardening as sharedHardening, httpErrorHandler as sharedHttpErrorHandler, type OperationLimits } from "@regional/graphql-hardening";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";

export {
  CLIENT_ERROR_CODES,
  GENERIC_ERROR_MESSAGE,
  SupportedOperationsRule,
  maskErrors,
  noNulCharactersPlugin,
  type Hardening,
  type OperationLimits,
} from "@regional/graphql-hardening";

/**
 * Limits of both GraphQL faces of a province service. The operational API is used by the
 * province's own team and its UI; the federation API only by the gateway's query planner. The
 * limits are generous for those (hardening.test.ts runs the real queries against them) and refuse
 * what only an attacker would send: deep recursion through Person → cases → person …, thousands of
 * aliases, huge documents.
 */
// Measured (hardening.test.ts): the structure board (depth 7) costs about 7,800, the case file less;
// graphql-armor's cost grows by 1.5 per level, so the cost limit also bounds wide-and-deep shapes.
export const OPERATIONAL_LIMITS: OperationLimits = { maxDepth: 10, maxAliases: 15, maxTokens: 3000, maxCost: 20_000, maxDirectives: 10 };
/** The gateway's entity fetch is `_entities { … on Region { <province> { figures } } }`: shallow and fixed. */
export const FEDERATION_LIMITS: OperationLimits = { maxDepth: 8, maxAliases: 10, maxTokens: 2000, maxCost: 3000, maxDirectives: 5 };

/** JSON bodies larger than this are refused with 413 before any parsing. */
export const BODY_LIMIT = "256kb";

/** The audit trail is down, so personal data is refused (fail-closed): say so, it is no secret. */
const PROVINCE_CLIENT_ERROR_CODES = ["AUDIT_UNAVAILABLE"];

export function hardening<TContext extends BaseContext>(settings: { production: boolean; logger: Logger; limits: OperationLimits }) {
  return sharedHardening<TContext>({ ...settings, clientErrorCodes: PROVINCE_CLIENT_ERROR_CODES });
}

export const httpErrorHandler = (logger: Logger): ErrorRequestHandler => sharedHttpErrorHandler(logger, BODY_LIMIT);
