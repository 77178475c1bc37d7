import type { Resolvers } from "../generated/graphql.ts";
import { parseInput } from "../errors.ts";
import { toPage } from "../operational/pagination.ts";
import { recordTrainingEventInput, trainingEventFilter } from "./training.rules.ts";

export const trainingResolvers: Resolvers = {
  Query: {
    trainingEvents: async (_parent, args, { stores }) => {
      const filter = parseInput(trainingEventFilter, args.filter ?? {}, "filter");
      return toPage(await stores.training.list(filter, args), args);
    },
  },
  Mutation: {
    recordTrainingEvent: async (_parent, { input }, { stores, clock }) =>
      stores.training.create(parseInput(recordTrainingEventInput(clock.today()), input)),
  },
};
