import { GraphQLError, GraphQLScalarType } from "graphql";

/** Timestamps are output-only in this API (record creation times); written as ISO 8601. */
export const DateTimeResolver = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    throw new GraphQLError("DateTime must be a Date");
  },
  parseValue: () => {
    throw new GraphQLError("DateTime is output only", { extensions: { code: "BAD_USER_INPUT", reason: "DateTime is output only" } });
  },
});
