import { isoDate } from "@regional/schema";
import { GraphQLError } from "graphql";

/**
 * Period checks with machine-readable reasons. The `Date` scalar itself is the project's shared one
 * (`DateScalar` in @regional/schema); these add what a scalar cannot know: which argument is wrong,
 * and whether the two ends are in order.
 */

export type DateProblem = "NOT_A_STRING" | "NOT_YYYY_MM_DD" | "NOT_A_CALENDAR_DATE";
export type PeriodProblem = DateProblem | "FROM_AFTER_TO";

/** Why a value is not a calendar date written YYYY-MM-DD, or null when it is one. */
export function dateProblem(value: unknown): DateProblem | null {
  const result = isoDate.safeParse(value);
  if (result.success) return null;
  // The first issue is the most basic one: type, then format, then the calendar.
  switch (result.error.issues[0]?.code) {
    case "invalid_type":
      return "NOT_A_STRING";
    case "invalid_format":
      return "NOT_YYYY_MM_DD";
    default:
      return "NOT_A_CALENDAR_DATE";
  }
}

const describeProblem: Record<PeriodProblem, string> = {
  NOT_A_STRING: "must be a string written YYYY-MM-DD",
  NOT_YYYY_MM_DD: "must be written YYYY-MM-DD",
  NOT_A_CALENDAR_DATE: "is not a real calendar date",
  FROM_AFTER_TO: "must not be after `to`",
};

/** The error a client gets for bad input, shaped so that a form can point at the offending field. */
export function badUserInput(field: string, reason: PeriodProblem, value: unknown): GraphQLError {
  return new GraphQLError(`Invalid ${field} ${JSON.stringify(value) ?? String(value)}: ${field} ${describeProblem[reason]}.`, {
    extensions: { code: "BAD_USER_INPUT", field, reason },
  });
}

/** Checks a period given as two argument values; both ends are included, so from = to is one day. */
export function checkPeriod(from: unknown, to: unknown): { from: string; to: string } {
  const fromProblem = dateProblem(from);
  if (fromProblem) throw badUserInput("from", fromProblem, from);
  const toProblem = dateProblem(to);
  if (toProblem) throw badUserInput("to", toProblem, to);
  // Same-length YYYY-MM-DD strings order like the dates they name.
  if ((from as string) > (to as string)) throw badUserInput("from", "FROM_AFTER_TO", from);
  return { from: from as string, to: to as string };
}
