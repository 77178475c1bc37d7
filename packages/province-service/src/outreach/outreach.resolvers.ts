import { isoDate, toDbDate } from "@regional/schema";
import type { Resolvers } from "../generated/graphql.ts";
import { badInput, notFound, parseInput } from "../errors.ts";
import { toPage } from "../operational/pagination.ts";
import { outingFilter, outingId, recordOutingInput, summaryPeriodProblem } from "./outreach.rules.ts";
import type { OutingWithMaterials } from "./outreach.store.ts";

export const outreachResolvers: Resolvers = {
  Query: {
    outings: async (_parent, args, { stores }) => {
      const filter = parseInput(outingFilter, args.filter ?? {}, "filter");
      return toPage(await stores.outreach.list(filter, args), args);
    },
    outing: async (_parent, args, { stores }) => {
      const id = parseInput(outingId, args.id, "id");
      return (await stores.outreach.find(id)) ?? Promise.reject(notFound("Outing", id));
    },
    outreachSummary: async (_parent, args, { stores }) => {
      const from = parseInput(isoDate, args.from, "from");
      const to = parseInput(isoDate, args.to, "to");
      const problem = summaryPeriodProblem(from, to);
      if (problem) throw badInput(problem.path.join("."), problem.reason);
      return { from, to, ...(await stores.outreach.totals(toDbDate(from), toDbDate(to))) };
    },
  },
  Mutation: {
    recordOuting: async (_parent, { input }, { stores, clock }) =>
      stores.outreach.record(parseInput(recordOutingInput(clock.today()), input)),
  },
  OutreachOuting: {
    // Lists and lookups load the materials with the outing; other parents load them here.
    materials: (outing, _args, { stores }) =>
      (outing as Partial<OutingWithMaterials>).materials ?? stores.outreach.materialsOf(outing.id),
  },
};
