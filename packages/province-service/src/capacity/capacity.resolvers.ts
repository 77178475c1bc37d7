import { toDbDate } from "@regional/schema";
import type { Resolvers } from "../generated/graphql.ts";
import { parseInput } from "../errors.ts";
import type { OperationalContext } from "../operational/context.ts";
import { toPage } from "../operational/pagination.ts";
import {
  addPlacesInput,
  createStructureInput,
  endPlacementInput,
  id,
  movePersonInput,
  occupancyDay,
  placePersonInput,
  structureFilter,
  updateStructureInput,
} from "./capacity.rules.ts";
import { sumOccupancy } from "./occupancy.ts";

/** The `on` argument of occupancy fields: today (the programme's day) when not given. */
function dayArg(on: string | null | undefined, ctx: OperationalContext): Date {
  return parseInput(occupancyDay, on ?? ctx.clock.today(), "on");
}

async function occupancy(on: Date, ctx: OperationalContext, structureId?: string) {
  const counts = await ctx.stores.capacity.occupancy(on, structureId);
  return { on, ...sumOccupancy(counts), counts };
}

function existing<T>(row: T | null, what: string, rowId: string): T {
  // A foreign key guarantees the row; its absence is a bug, not a user error.
  if (row === null) throw new Error(`${what} ${rowId} is missing`);
  return row;
}

export const capacityResolvers: Resolvers = {
  Query: {
    structure: (_parent, args, { stores }) => stores.capacity.structure(parseInput(id, args.id, "id")),
    structures: async (_parent, args, { stores }) => {
      const filter = parseInput(structureFilter, args.filter ?? {}, "filter");
      return toPage(await stores.capacity.structures(filter, args), args);
    },
    place: (_parent, args, { stores }) => stores.capacity.place(parseInput(id, args.id, "id")),
    capacity: (_parent, args, ctx) => occupancy(dayArg(args.on, ctx), ctx),
  },

  Mutation: {
    createStructure: (_parent, { input }, { stores }) => stores.capacity.createStructure(parseInput(createStructureInput, input)),
    updateStructure: (_parent, { input }, { stores, clock }) => {
      const { id: structureId, ...changes } = parseInput(updateStructureInput, input);
      return stores.capacity.updateStructure(structureId, changes, toDbDate(clock.today()));
    },
    addPlaces: (_parent, { input }, { stores }) => stores.capacity.addPlaces(parseInput(addPlacesInput, input)),
    setPlaceActive: (_parent, args, { stores, clock }) => {
      const placeId = parseInput(id, args.placeId, "placeId");
      return stores.capacity.setPlaceActive(placeId, args.active, toDbDate(clock.today()));
    },
    placePerson: (_parent, { input }, { stores, clock }) => stores.capacity.placePerson(parseInput(placePersonInput(clock.today()), input)),
    endPlacement: (_parent, { input }, { stores, clock }) => stores.capacity.endPlacement(parseInput(endPlacementInput(clock.today()), input)),
    movePerson: (_parent, { input }, { stores, clock }) => stores.capacity.movePerson(parseInput(movePersonInput(clock.today()), input)),
  },

  Structure: {
    places: (structure, _args, { stores }) => stores.capacity.placesOf(structure.id),
    occupancy: (structure, args, ctx) => occupancy(dayArg(args.on, ctx), ctx, structure.id),
  },

  Place: {
    structure: async (place, _args, { stores }) => existing(await stores.capacity.structure(place.structureId), "Structure", place.structureId),
    occupied: (place, args, ctx) => ctx.stores.capacity.isOccupied(place.id, dayArg(args.on, ctx)),
    currentPlacement: (place, _args, { stores }) => stores.capacity.currentPlacementOfPlace(place.id),
    placements: (place, _args, { stores }) => stores.capacity.placementsOfPlace(place.id),
  },

  Placement: {
    case: async (placement, _args, { stores }) => existing(await stores.capacity.caseRow(placement.caseId), "Case", placement.caseId),
    place: async (placement, _args, { stores }) => existing(await stores.capacity.place(placement.placeId), "Place", placement.placeId),
  },

  Case: {
    placements: (caseRow, _args, { stores }) => stores.capacity.placementsOfCase(caseRow.id),
    currentPlacement: (caseRow, _args, { stores }) => stores.capacity.currentPlacementOfCase(caseRow.id),
  },
};
