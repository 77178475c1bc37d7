import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { z } from "zod";

/** A real calendar date written YYYY-MM-DD; rejects 2025-02-30 and the like. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "is not a real calendar date");

/** Dates travel as YYYY-MM-DD strings; a JS Date (Prisma's @db.Date) is written as its UTC day. */
export function formatDate(value: Date | string): string {
  return typeof value === "string" ? value : value.toISOString().slice(0, 10);
}

export function toDbDate(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

function parseDate(value: unknown): string {
  const r = isoDate.safeParse(value);
  if (!r.success) {
    throw new GraphQLError(`Date ${r.error.issues[0]!.message}`, {
      extensions: { code: "BAD_USER_INPUT", reason: r.error.issues[0]!.message },
    });
  }
  return r.data;
}

/** The `Date` scalar of every schema in the project (operational, federation and region). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar date, YYYY-MM-DD (no time, no zone).",
  serialize: (value) => {
    if (value instanceof Date) return formatDate(value);
    return parseDate(value);
  },
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError("Date must be a string written YYYY-MM-DD", { extensions: { code: "BAD_USER_INPUT" } });
    }
    return parseDate(ast.value);
  },
});
