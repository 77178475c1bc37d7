import type { ApolloServerPlugin } from "@apollo/server";
import type { TeamRole } from "@regional/schema";
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { forbidden } from "@regional/auth";
import { META_FIELD_ROLE, OPERATIONAL_PERMISSIONS } from "./permissions.ts";
import { covers } from "./staff.rules.ts";

/** A team member as the operational API sees them after authentication. */
export interface Caller {
  subject: string;
  /** The role the token claims. */
  role: TeamRole;
  /** The role the staff registry grants the subject now; null when it grants none. */
  grantedRole: TeamRole | null;
}

/** Names of the root fields an operation selects, through fragments and inline fragments. */
export function rootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments[name];
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

/**
 * Why this caller may not run this operation, or null when they may. Every root field is checked
 * before anything executes: one forbidden field refuses the whole operation, and no record is
 * looked up first, so the answer is the same whether an id exists or not.
 */
export function accessRefusal(caller: Caller, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): Error | null {
  if (caller.grantedRole === null) return forbidden("not-on-staff", `${caller.subject} holds no role in this province's staff registry`);
  if (!covers(caller.grantedRole, caller.role)) {
    return forbidden("role-not-granted", `the token claims ${caller.role}, the staff registry grants ${caller.grantedRole}`);
  }
  const root = operation.operation === "query" ? "Query" : operation.operation === "mutation" ? "Mutation" : undefined;
  const table = root ? OPERATIONAL_PERMISSIONS[root] : undefined;
  for (const field of new Set(rootFields(operation.selectionSet, fragments))) {
    const needed = field.startsWith("__") ? META_FIELD_ROLE : table && Object.hasOwn(table, field) ? table[field] : undefined;
    if (!needed) return forbidden("no-permission", `no role may use ${root ?? operation.operation}.${field}`);
    if (!covers(caller.role, needed)) return forbidden("role", `${root}.${field} needs the ${needed} role`);
  }
  return null;
}

/** Applies accessRefusal once the operation is known and before it runs. */
export function accessGuardPlugin<Context extends { caller: Caller }>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          const fragments = Object.fromEntries(
            document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
          );
          // No operation means Apollo refuses the request itself; there is nothing to authorise.
          if (!operation) return;
          const refusal = accessRefusal(contextValue.caller, operation, fragments);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
