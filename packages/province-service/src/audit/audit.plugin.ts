import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { getNamedType, GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import {
  ANONYMOUS,
  distinctSubjects,
  errorCodes,
  outcomeOf,
  personalTypes,
  rootFieldsOf,
  subjectsInArgs,
  subjectsInValue,
  type PersonalTypes,
  type SubjectRef,
} from "./audit.rules.ts";
import type { AuditEntryStart, AuditStore } from "./audit.store.ts";

/** What the audit needs from the request context: who is asking, once authenticated. */
export interface AuditedContext {
  caller?: { subject: string; role: string } | undefined;
}

export const AUDIT_UNAVAILABLE = "AUDIT_UNAVAILABLE";

function auditUnavailable(): GraphQLError {
  return new GraphQLError("The audit trail cannot be written at the moment, so personal data is not served or changed; try again later.", {
    extensions: { code: AUDIT_UNAVAILABLE, http: { status: 503 } },
  });
}

/**
 * Records every request of the operational API that reads or writes personal data, without any
 * resolver taking part: the operation's root fields and their arguments are read before it runs,
 * and every field that returns a Person, a Case or a type belonging to one (see audit.rules.ts)
 * reports the ids it resolved. One entry per request: who (the authenticated caller), when (the
 * clock), which operation (type, name, root fields), how it ended, which people and cases.
 *
 * When it is written, and what happens if it cannot be:
 * - Reads: after they ran, before the answer leaves. If the entry cannot be written the answer
 *   is replaced by AUDIT_UNAVAILABLE: no personal data leaves unrecorded (fail closed).
 * - Mutations: their entry is written before they run (who, what, which ids the arguments name),
 *   and if that fails the mutation does not run (fail closed). The outcome and the ids the
 *   mutation produced (a new person's or case's id) are appended after it committed. That second
 *   write cannot share the mutation's transaction (the plugin sees no transaction; the stores own
 *   them), so if it fails the change stays done, the failure is logged at error level with the
 *   entry's id, and the entry reads back with no outcome: visible, never silently lost.
 * - Refusals of access decided before execution (the access guard) are recorded as REFUSED with
 *   the ids their arguments named. Requests without a valid token never get a context, and so
 *   never reach this plugin: they carry no identity to record and reach no data.
 */
export function auditPlugin<Context extends AuditedContext>(deps: { audit: AuditStore; clock: Clock; logger: Logger }): ApolloServerPlugin<Context> {
  const { audit, clock, logger } = deps;
  const typesBySchema = new WeakMap<GraphQLSchema, PersonalTypes>();
  const typesOf = (schema: GraphQLSchema) => {
    let types = typesBySchema.get(schema);
    if (!types) typesBySchema.set(schema, (types = personalTypes(schema)));
    return types;
  };

  return {
    async requestDidStart({ contextValue }) {
      const at = clock.now();
      const subjects: SubjectRef[] = [];
      let personal = false;
      let start: AuditEntryStart | undefined;
      /** Set for a mutation whose entry was (being) written before it ran. */
      let begun: Promise<boolean> | undefined;

      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation || (operation.operation !== "query" && operation.operation !== "mutation")) return;
          const types = typesOf(schema);
          const fragments = Object.fromEntries(
            document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
          ) as Record<string, FragmentDefinitionNode>;
          const roots = rootFieldsOf(schema, operation, fragments, request.variables);
          for (const root of roots) subjects.push(...root.subjects);
          personal = roots.some((r) => types.isPersonal(r.returns));
          const caller = contextValue.caller;
          start = {
            id: randomUUID(),
            at,
            subject: caller?.subject ?? ANONYMOUS,
            role: caller?.role ?? ANONYMOUS,
            operationType: operation.operation === "mutation" ? "MUTATION" : "QUERY",
            operationName: operation.name?.value ?? null,
            fields: roots.map((r) => r.name),
          };
          if (start.operationType !== "MUTATION" || !personal) return;
          const entry = start;
          begun = audit.begin(entry, distinctSubjects(subjects)).then(
            () => true,
            (error: unknown) => {
              logger.error({ err: error, auditEntry: entry.id, fields: entry.fields }, "audit: cannot record a mutation before it runs; refused");
              return false;
            },
          );
          if (!(await begun)) throw auditUnavailable();
        },

        async executionDidStart() {
          return {
            willResolveField({ args, info }) {
              const typeName = getNamedType(info.returnType).name;
              const types = typesOf(info.schema);
              const of = types.subjectsOf(typeName);
              if (!of && !types.isPersonal(typeName)) return;
              personal = true;
              subjects.push(...subjectsInArgs(args as Record<string, unknown>, typeName));
              if (!of) return;
              return (error, result) => {
                if (!error) subjects.push(...subjectsInValue(result, of));
              };
            },
          };
        },

        async willSendResponse(requestContext) {
          if (!start || (!personal && subjects.length === 0)) return;
          const codes = errorCodes(requestContext.errors);
          const end = { at: clock.now(), outcome: outcomeOf(codes), errorCodes: codes };
          const found = distinctSubjects(subjects);
          if (begun) {
            if (!(await begun)) return; // refused before running; already logged
            try {
              await audit.finish(start.id, end, found);
            } catch (error) {
              logger.error(
                { err: error, auditEntry: start.id, outcome: end.outcome, subjects: found },
                "audit: the outcome of a mutation could not be recorded; its entry stays without one",
              );
            }
            return;
          }
          try {
            await audit.record(start, end, found);
          } catch (error) {
            logger.error({ err: error, auditEntry: start.id, fields: start.fields }, "audit: cannot record a read; its answer is withheld");
            withhold(requestContext);
          }
        },
      };
    },
  };
}

/** Replaces whatever the answer held with the AUDIT_UNAVAILABLE error. */
function withhold<Context extends AuditedContext>(requestContext: GraphQLRequestContext<Context>): void {
  const error = auditUnavailable();
  requestContext.response.body = { kind: "single", singleResult: { errors: [{ message: error.message, extensions: { code: AUDIT_UNAVAILABLE } }] } };
  requestContext.response.http.status = 503;
}
