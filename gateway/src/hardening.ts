import type { BaseContext } from "@apollo/server";
import { hardening, httpErrorHandler as sharedHttpErrorHandler, type OperationLimits } from "@regional/graphql-hardening";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";

export { GENERIC_ERROR_MESSAGE, SupportedOperationsRule, maskErrors } from "@regional/graphql-hardening";

/**
 * Limits of the capofila's endpoint (the shared mechanism is @regional/graphql-hardening). The
 * regional graph is shallow: region { provinces { byGender { key count } } } is depth 4, and the
 * full dashboard query (every counter and breakdown, totals and provinces) costs about 1,000.
 */
export const GATEWAY_LIMITS: OperationLimits = { maxDepth: 8, maxAliases: 15, maxTokens: 2000, maxCost: 5000, maxDirectives: 10 };

/** JSON bodies larger than this are refused with 413. */
export const GATEWAY_BODY_LIMIT = "100kb";

/** PROVINCE_UNAVAILABLE names the missing province: the capofila must see which one. */
const GATEWAY_CLIENT_ERROR_CODES = ["PROVINCE_UNAVAILABLE"];

export function gatewayHardening<TContext extends BaseContext>(settings: { production: boolean; logger: Logger }) {
  return hardening<TContext>({ ...settings, limits: GATEWAY_LIMITS, clientErrorCodes: GATEWAY_CLIENT_ERROR_CODES });
}

export const httpErrorHandler = (logger: Logger): ErrorRequestHandler => sharedHttpErrorHandler(logger, GATEWAY_BODY_LIMIT);
