import type { Resolvers } from "../generated/graphql.ts";
import { parseInput } from "../errors.ts";
import { toPage } from "../operational/pagination.ts";
import { auditFilter } from "./audit.rules.ts";

/** Who may read it is decided before this runs (auth/permissions.ts: coordinator). */
export const auditResolvers: Resolvers = {
  Query: {
    auditEntries: async (_parent, args, { stores }) => {
      const filter = parseInput(auditFilter, args.filter ?? {}, "filter");
      return toPage(await stores.audit.list(filter, args), args);
    },
  },
};
