import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isListType,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { badUserInput, dateProblem } from "./region/date.ts";

/**
 * Every `Date` argument of an operation that is not a calendar date, as client errors naming the
 * argument. The supergraph's scalars are opaque to the gateway (it would pass "2025-02-30" on to
 * the subgraphs), so the gateway checks them itself, where it still knows which argument is which.
 */
export function dateArgumentErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument || getNamedType(argument.type).name !== "Date") return;
        // A variable the client did not send is reported by GraphQL's own variable checks.
        if (node.value.kind === Kind.VARIABLE && variables?.[node.value.name.value] === undefined) return;
        const value = valueFromASTUntyped(node.value, variables);
        if (value === null) return; // nullability is GraphQL's own check
        const values = isListType(getNullableType(argument.type)) && Array.isArray(value) ? value : [value];
        for (const item of values) {
          const problem = item === null ? null : dateProblem(item);
          if (problem) {
            const error = badUserInput(node.name.value, problem, item);
            errors.push(
              new GraphQLError(error.message, {
                nodes: node,
                // 400 like GraphQL's own variable errors; without it Apollo Server would answer 500.
                extensions: { ...error.extensions, http: { status: 400 } },
              }),
            );
          }
        }
      },
    }),
  );
  return errors;
}

/** Refuses operations with an invalid `Date` argument before any subgraph is asked. */
export function dateArgumentsPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          // Apollo Server sends back one error from this hook: the first bad argument.
          const [first] = dateArgumentErrors(schema, document, request.variables);
          if (first) throw first;
        },
      };
    },
  };
}
