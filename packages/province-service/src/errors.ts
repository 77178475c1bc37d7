import { GraphQLError } from "graphql";
import type { z } from "zod";

/**
 * The error vocabulary of the operational API. Every refusal says what is wrong in words a
 * caseworker can act on, and carries a machine-readable code; none of them writes anything.
 */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  /** The request is well formed but the rules of the programme forbid it now (e.g. closing a closed case). */
  ILLEGAL_OPERATION: "ILLEGAL_OPERATION",
  NOT_FOUND: "NOT_FOUND",
} as const;

export function badInput(field: string, reason: string): GraphQLError {
  return new GraphQLError(`Invalid ${field}: ${reason}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field, reason },
  });
}

/** A refused operation; `rule` names the rule so clients can react without parsing the message. */
export function illegal(rule: string, reason: string, field?: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: ErrorCode.ILLEGAL_OPERATION, rule, reason, ...(field ? { field } : {}) } });
}

export function notFound(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} ${id} not found`, { extensions: { code: ErrorCode.NOT_FOUND, field: "id", reason: `no ${what} with this id` } });
}

/**
 * Parses a resolver argument with zod. On failure throws BAD_USER_INPUT naming the first
 * offending field (as a path from the argument, e.g. "input.openedOn") and listing all issues.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, argument = "input"): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: [argument, ...i.path.map(String)].join("."), reason: i.message }));
  const first = issues[0]!;
  return (() => {
    throw new GraphQLError(`Invalid ${first.field}: ${first.reason}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: first.field, reason: first.reason, issues },
    });
  })();
}
