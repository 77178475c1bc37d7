import type { Resolvers } from "../generated/graphql.ts";
import { parseInput } from "../errors.ts";
import type { OperationalContext } from "../operational/context.ts";
import { toPage } from "../operational/pagination.ts";
import { formatDate } from "@regional/schema";
import { z } from "zod";
import {
  acceptTransferInput,
  cancelTransferInput,
  declineTransferInput,
  markArrivalInput,
  markDepartureInput,
  requestTransferInput,
  transferFilter,
  type TransferField,
} from "./transfers.rules.ts";
import type { At } from "./transfers.store.ts";

const id = z.uuid("is not a valid id");

function at(ctx: OperationalContext): At {
  return { now: ctx.clock.now(), today: ctx.clock.today() };
}

export const transfersResolvers: Resolvers = {
  Query: {
    transfer: (_parent, args, { stores }) => stores.transfers.transfer(parseInput(id, args.id, "id")),
    transfers: async (_parent, args, { stores }) => {
      const filter = parseInput(transferFilter, args.filter ?? {}, "filter");
      return toPage(await stores.transfers.transfers(filter, args), args);
    },
  },

  Mutation: {
    requestTransfer: (_parent, { input }, ctx) => ctx.stores.transfers.request(parseInput(requestTransferInput, input), at(ctx)),
    cancelTransfer: (_parent, { input }, ctx) => ctx.stores.transfers.cancel(parseInput(cancelTransferInput, input), at(ctx)),
    markDeparture: (_parent, { input }, ctx) => ctx.stores.transfers.depart(parseInput(markDepartureInput(ctx.clock.today()), input), at(ctx)),
    acceptTransfer: (_parent, { input }, ctx) => ctx.stores.transfers.accept(parseInput(acceptTransferInput, input), at(ctx)),
    declineTransfer: (_parent, { input }, ctx) => ctx.stores.transfers.decline(parseInput(declineTransferInput, input), at(ctx)),
    markArrival: (_parent, { input }, ctx) => ctx.stores.transfers.arrive(parseInput(markArrivalInput(ctx.clock.today()), input), at(ctx)),
  },

  Transfer: {
    needs: (t) => ({
      gender: t.gender,
      ageBand: t.ageBand,
      withChildren: t.withChildren,
      accommodation: t.accommodation,
      urgency: t.urgency,
      reason: t.reason,
    }),
    sharedFields: (t) => t.sharedFields as TransferField[],
    arrivedOn: (t) => (t.arrivedOn ? formatDate(t.arrivedOn) : null),
    offer: (t) =>
      t.offeredStructureType && t.offeredTarget
        ? { structureType: t.offeredStructureType, target: t.offeredTarget, structure: t.offeredStructure ?? "", municipality: t.offeredMunicipality ?? "" }
        : null,
    case: (t, _args, { stores }) => (t.caseId ? stores.cases.case(t.caseId) : null),
    heldPlace: (t, _args, { stores }) => (t.heldPlaceId && !t.holdReleasedOn ? stores.capacity.place(t.heldPlaceId) : null),
    // Only the receiving side holds a dossier, and only once the sending side has sent it.
    dossier: (t, _args, { stores }) => {
      if (t.direction !== "INCOMING") return null;
      const d = stores.transfers.dossierOf(t);
      if (d === null) return null;
      // Absent groups were not consented: they read as null.
      return {
        givenName: d.givenName ?? null,
        familyName: d.familyName ?? null,
        alias: d.alias ?? null,
        birthDate: d.birthDate ?? null,
        citizenship: d.citizenship ?? null,
        phone: d.phone ?? null,
        documentNumber: d.documentNumber ?? null,
        caseDetails: d.caseDetails ?? null,
        exploitationTypes: d.exploitationTypes ?? null,
        legalEvents: d.legalEvents ?? null,
        services: d.services ?? null,
      };
    },
    messages: (t, _args, { stores }) => stores.transfers.messagesOf(t.id),
  },

  Case: {
    transfers: (c, _args, { stores }) => stores.transfers.transfersOfCase(c.id),
  },

  Place: {
    heldFor: (place, _args, { stores }) => stores.transfers.holdOf(place.id),
  },
};
