import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

/**
 * The `Date` scalar: a calendar date as a YYYY-MM-DD string, no time, no zone. Values stay strings
 * end to end (provinces receive them in the Region key), so there is no conversion, only checks.
 */

export type DateProblem = "NOT_A_STRING" | "NOT_YYYY_MM_DD" | "NOT_A_CALENDAR_DATE";
export type PeriodProblem = DateProblem | "FROM_AFTER_TO";

const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a value is not a calendar date, or null when it is one. */
export function dateProblem(value: unknown): DateProblem | null {
  if (typeof value !== "string") return "NOT_A_STRING";
  const match = YYYY_MM_DD.exec(value);
  if (!match) return "NOT_YYYY_MM_DD";
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear rolls 2025-02-30 over to March; reading the parts back catches it. (Date.UTC
  // would also turn years 0-99 into 1900-1999.)
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const exact = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exact ? null : "NOT_A_CALENDAR_DATE";
}

const describeProblem: Record<PeriodProblem, string> = {
  NOT_A_STRING: "must be a string in the form YYYY-MM-DD",
  NOT_YYYY_MM_DD: "must be in the form YYYY-MM-DD",
  NOT_A_CALENDAR_DATE: "is not a date of the calendar",
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

function parseDate(value: unknown): string {
  const problem = dateProblem(value);
  if (problem) {
    // The scalar does not know which argument it is parsing; the field is added by the callers
    // that do (see validateDateArguments), this error is the last line for everything else.
    throw new GraphQLError(`Invalid Date ${JSON.stringify(value) ?? String(value)}: ${describeProblem[problem]}.`, {
      extensions: { code: "BAD_USER_INPUT", reason: problem },
    });
  }
  return value as string;
}

/** Same contract as graphql-scalars' LocalDate, under the name the schema uses. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar date, YYYY-MM-DD (no time, no zone).",
  serialize: parseDate,
  parseValue: parseDate,
  parseLiteral(ast) {
    return parseDate(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});
