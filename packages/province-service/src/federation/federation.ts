import { buildSubgraphSchema } from "@apollo/subgraph";
import { DateScalar, isoDate, provinceSubgraphSdl, transfersField, type Province } from "@regional/schema";
import type { GraphQLSchema } from "graphql";
import { gql } from "graphql-tag";
import { badInput } from "../errors.ts";
import type { FiguresStore } from "../figures/figures.store.ts";
import type { TransfersStore } from "../transfers/transfers.store.ts";

interface RegionReference {
  from: string;
  to: string;
}

/**
 * The province's federation face: its figures for the Region entity and nothing else. The SDL
 * comes from the shared template, so what can leave the province is fixed by that template.
 */
export function federationSchema(province: Province, figures: FiguresStore, transfers?: Pick<TransfersStore, "records">): GraphQLSchema {
  return buildSubgraphSchema([
    {
    typeDefs: gql(provinceSubgraphSdl(province)),
    resolvers: {
      Date: DateScalar,
      Region: {
        __resolveReference: (reference: RegionReference) => reference,
        [province.field]: async (region: RegionReference) => {
          const from = isoDate.safeParse(region.from);
          const to = isoDate.safeParse(region.to);
          if (!from.success) throw badInput("from", from.error.issues[0]!.message);
          if (!to.success) throw badInput("to", to.error.issues[0]!.message);
          if (from.data > to.data) throw badInput("to", "must not be before from");
          return figures.forPeriod({ from: from.data, to: to.data });
        },
        // Transfer metadata only (provinces, needs profile, state, times): see TransferRecord.
        [transfersField(province)]: async (region: RegionReference) => {
          const from = isoDate.safeParse(region.from);
          const to = isoDate.safeParse(region.to);
          if (!from.success || !to.success || from.data > to.data) throw badInput("to", "is not a period");
          return transfers ? transfers.records({ from: from.data, to: to.data }) : null;
        },
      },
    } as never,
    },
  ]);
}
