import { DateScalar } from "@regional/schema";
import { auditResolvers } from "../audit/audit.resolvers.ts";
import { DateTimeResolver } from "./datetime.ts";
import type { Resolvers } from "../generated/graphql.ts";
import { capacityResolvers } from "../capacity/capacity.resolvers.ts";
import { casesResolvers } from "../cases/cases.resolvers.ts";
import { caseworkResolvers } from "../casework/casework.resolvers.ts";
import { outreachResolvers } from "../outreach/outreach.resolvers.ts";
import { trainingResolvers } from "../training/training.resolvers.ts";
import { staffResolvers } from "../auth/staff.resolvers.ts";
import { transfersResolvers } from "../transfers/transfers.resolvers.ts";

const baseResolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeResolver,
  Query: {
    province: (_parent, _args, ctx) => ({ code: ctx.province.code, name: ctx.province.name }),
  },
  Mutation: { _noop: () => null },
};

/** Apollo Server merges these by type. */
export const operationalResolvers: Resolvers[] = [
  baseResolvers,
  casesResolvers,
  caseworkResolvers,
  capacityResolvers,
  outreachResolvers,
  trainingResolvers,
  auditResolvers,
  staffResolvers,
  transfersResolvers,
];
