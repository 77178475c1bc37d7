import { GraphQLError } from "graphql";

/**
 * The two refusals of access, shared by the provinces' APIs and the gateway. Both are decided
 * before anything is looked up, so neither says whether a record exists. The HTTP status rides
 * along in extensions.http (Apollo Server sets it and strips it from the body).
 */
export function unauthenticated(reason: string, message: string): GraphQLError {
  return new GraphQLError(`Not authenticated: ${message}`, {
    extensions: {
      code: "UNAUTHENTICATED",
      reason,
      http: { status: 401, headers: new Map([["www-authenticate", 'Bearer error="invalid_token"']]) },
    },
  });
}

export function forbidden(reason: string, message: string): GraphQLError {
  return new GraphQLError(`Forbidden: ${message}`, { extensions: { code: "FORBIDDEN", reason, http: { status: 403 } } });
}
