import type { CaseStatus, PlaceTarget, StructureType } from "@regional/schema";
import type { Case, Place, Placement, Prisma, PrismaClient, Structure } from "../db/database.ts";
import { illegal, notFound } from "../errors.ts";
import { pageQuery, type PageArgs } from "../operational/pagination.ts";
import {
  caseRefusal,
  endPlacementRefusal,
  moveRefusal,
  nextLabels,
  placeDeactivationRefusal,
  heldPlacesDeactivationRefusal,
  placementRefusal,
  structureDeactivationRefusal,
  type PlacementFacts,
  type PlacementFields,
  type Refusal,
} from "./capacity.rules.ts";
import { constraintViolation } from "../db/constraint-violation.ts";
import { occupancyOn, type OccupancyCount } from "./occupancy.ts";

export interface StructureFilter {
  type?: StructureType;
  municipality?: string;
  active?: boolean;
}

export interface NewStructure {
  name: string;
  type: StructureType;
  municipality: string;
  active: boolean;
}

export interface StructureChanges {
  name?: string;
  municipality?: string;
  active?: boolean;
}

export interface NewPlaces {
  structureId: string;
  target: PlaceTarget;
  count: number;
  labelPrefix: string;
}

export interface NewPlacement {
  caseId: string;
  placeId: string;
  startOn: Date;
}

export interface PlacementEnd {
  placementId: string;
  endOn: Date;
}

export interface Move {
  caseId: string;
  toPlaceId: string;
  on: Date;
}

export interface CapacityStore {
  structure(id: string): Promise<Structure | null>;
  /** Ordered by name. */
  structures(filter: StructureFilter, page: PageArgs): Promise<Structure[]>;
  createStructure(structure: NewStructure): Promise<Structure>;
  /** Refuses deactivating a structure where someone is placed on `today` or later. */
  updateStructure(id: string, changes: StructureChanges, today: Date): Promise<Structure>;
  place(id: string): Promise<Place | null>;
  /** Ordered by label, numbers in numeric order (P-2 before P-10). */
  placesOf(structureId: string): Promise<Place[]>;
  addPlaces(places: NewPlaces): Promise<Place[]>;
  /** Refuses deactivating a place someone holds on `today` or later. */
  setPlaceActive(placeId: string, active: boolean, today: Date): Promise<Place>;
  /** Most recent first. */
  placementsOfPlace(placeId: string): Promise<Placement[]>;
  /** Most recent first. */
  placementsOfCase(caseId: string): Promise<Placement[]>;
  /** The open-ended placement, if any (at most one per place and per case). */
  currentPlacementOfCase(caseId: string): Promise<Placement | null>;
  currentPlacementOfPlace(placeId: string): Promise<Placement | null>;
  isOccupied(placeId: string, on: Date): Promise<boolean>;
  caseRow(caseId: string): Promise<Case | null>;
  placePerson(placement: NewPlacement): Promise<Placement>;
  endPlacement(end: PlacementEnd): Promise<Placement>;
  /** Ends the current placement on `on` and starts the new one the same day, atomically. */
  movePerson(move: Move): Promise<Placement>;
  /** Per (structure type, target) on a day, for the province or one structure. */
  occupancy(on: Date, structureId?: string): Promise<OccupancyCount[]>;
}

type Tx = Prisma.TransactionClient;

const PLACE_PERSON_FIELDS: PlacementFields = { caseId: "input.caseId", placeId: "input.placeId", startOn: "input.startOn" };
const MOVE_FIELDS = { caseId: "input.caseId", placeId: "input.toPlaceId", startOn: "input.on", on: "input.on" };

function refuse(refusal: Refusal | null): void {
  if (refusal) throw illegal(refusal.rule, refusal.reason, refusal.field);
}

/**
 * The partial unique indexes and CHECKs of the migration back the rules up when two requests
 * race past the checks (they cannot with the row locks below, but the database has the last
 * word): their violations become the same domain errors the checks give.
 */
const CONSTRAINT_REFUSALS: Record<string, Refusal> = {
  Placement_one_current_per_place: {
    rule: "place-occupied",
    reason: "The place is already occupied by a current placement.",
  },
  Placement_one_current_per_case: {
    rule: "case-already-placed",
    reason: "The person already has a current placement: one person cannot be in two places at once.",
  },
  Placement_dates: { rule: "end-not-after-start", reason: "A placement must end after it started." },
  Structure_name_key: { rule: "structure-name-taken", reason: "Another structure already has this name.", field: "input.name" },
  Place_structureId_label_key: { rule: "place-label-taken", reason: "A place of this structure already has this label.", field: "input.labelPrefix" },
};

async function translatingConstraints<T>(write: () => Promise<T>, fields: Record<string, string> = {}): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const violation = constraintViolation(error);
    const refusal = violation?.constraint ? CONSTRAINT_REFUSALS[violation.constraint] : undefined;
    if (!refusal) throw error;
    const field = fields[refusal.rule] ?? refusal.field;
    throw illegal(refusal.rule, refusal.reason, field);
  }
}

// Row locks, always taken in the order place -> person -> case (the cases module also locks a
// person before that person's cases), so two transactions never wait on each other in a cycle.
// Case and Person are locked FOR NO KEY UPDATE: it excludes every other writer of the row, yet
// lets other modules insert rows that merely reference it (a foreign key only needs KEY SHARE).

async function lockPlace(tx: Tx, placeId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Place" WHERE id = ${placeId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound("Place", placeId);
}

interface LockedCase {
  id: string;
  status: CaseStatus;
  openedOn: Date;
  personId: string;
}

/** "Two places at once" is about the person, who may have had more than one case: lock both. */
async function lockPersonAndCase(tx: Tx, caseId: string): Promise<LockedCase> {
  const found = await tx.case.findUnique({ where: { id: caseId }, select: { personId: true } });
  if (!found) throw notFound("Case", caseId);
  await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${found.personId}::uuid FOR NO KEY UPDATE`;
  const rows = await tx.$queryRaw<LockedCase[]>`
    SELECT id, status::text AS status, "openedOn", "personId" FROM "Case" WHERE id = ${caseId}::uuid FOR NO KEY UPDATE`;
  return rows[0]!;
}

/** Placements that may share a day with an open-ended interval starting on `from`. */
function holdingFrom(from: Date): Prisma.PlacementWhereInput {
  return { OR: [{ endOn: null }, { endOn: { gt: from } }] };
}

interface PlacementRows extends PlacementFacts {
  placeBookings: Placement[];
  personBookings: Placement[];
}

async function placementFacts(tx: Tx, lockedCase: LockedCase, placeId: string, from: Date): Promise<PlacementRows> {
  const place = await tx.place.findUniqueOrThrow({ where: { id: placeId }, include: { structure: { select: { active: true } } } });
  // One statement at a time: a transaction is one connection.
  const placeBookings = await tx.placement.findMany({ where: { placeId, ...holdingFrom(from) } });
  const personBookings = await tx.placement.findMany({ where: { case: { personId: lockedCase.personId }, ...holdingFrom(from) } });
  return {
    caseRow: lockedCase,
    place: { active: place.active, structureActive: place.structure.active },
    placeBookings,
    personBookings,
  };
}

const byLabel = (a: Place, b: Place) => a.label.localeCompare(b.label, "en", { numeric: true });
const mostRecentFirst: Prisma.PlacementOrderByWithRelationInput[] = [{ startOn: "desc" }, { id: "asc" }];

export function prismaCapacityStore(prisma: PrismaClient): CapacityStore {
  return {
    structure: (id) => prisma.structure.findUnique({ where: { id } }),

    structures: (filter, page) =>
      prisma.structure.findMany({
        where: {
          type: filter.type,
          active: filter.active,
          municipality: filter.municipality ? { equals: filter.municipality, mode: "insensitive" } : undefined,
        },
        orderBy: [{ name: "asc" }, { id: "asc" }],
        ...pageQuery(page),
      }),

    createStructure: (structure) => translatingConstraints(() => prisma.structure.create({ data: structure })),

    updateStructure: (id, changes, today) =>
      translatingConstraints(() =>
        prisma.$transaction(async (tx) => {
          const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Structure" WHERE id = ${id}::uuid FOR UPDATE`;
          if (locked.length === 0) throw notFound("Structure", id);
          if (changes.active === false) {
            // Lock its places too: a placement being made right now either commits first (and is
            // seen below) or waits for this deactivation and then finds the structure inactive.
            const places = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Place" WHERE "structureId" = ${id}::uuid ORDER BY id FOR UPDATE`;
            const placements = await tx.placement.findMany({ where: { place: { structureId: id }, ...holdingFrom(today) } });
            refuse(structureDeactivationRefusal(placements, today));
            const held = await tx.transfer.count({ where: { heldPlaceId: { in: places.map((p) => p.id) }, holdReleasedOn: null } });
            refuse(heldPlacesDeactivationRefusal(held, "structure"));
          }
          return tx.structure.update({ where: { id }, data: changes });
        }),
      ),

    place: (id) => prisma.place.findUnique({ where: { id } }),

    placesOf: async (structureId) => (await prisma.place.findMany({ where: { structureId } })).sort(byLabel),

    addPlaces: ({ structureId, target, count, labelPrefix }) =>
      translatingConstraints(() =>
        prisma.$transaction(async (tx) => {
          // Serialises additions to one structure, so two of them never pick the same labels.
          const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Structure" WHERE id = ${structureId}::uuid FOR UPDATE`;
          if (locked.length === 0) throw notFound("Structure", structureId);
          const existing = await tx.place.findMany({ where: { structureId }, select: { label: true } });
          const labels = nextLabels(
            existing.map((p) => p.label),
            labelPrefix,
            count,
          );
          const created = await tx.place.createManyAndReturn({ data: labels.map((label) => ({ structureId, target, label })) });
          return created.sort(byLabel);
        }),
      ),

    setPlaceActive: (placeId, active, today) =>
      prisma.$transaction(async (tx) => {
        await lockPlace(tx, placeId);
        if (!active) {
          const placements = await tx.placement.findMany({ where: { placeId, ...holdingFrom(today) } });
          refuse(placeDeactivationRefusal(placements, today));
          // Accepting a transfer locks the place too, so a hold is either seen here or waits and then finds the place inactive.
          refuse(heldPlacesDeactivationRefusal(await tx.transfer.count({ where: { heldPlaceId: placeId, holdReleasedOn: null } }), "place"));
        }
        return tx.place.update({ where: { id: placeId }, data: { active } });
      }),

    placementsOfPlace: (placeId) => prisma.placement.findMany({ where: { placeId }, orderBy: mostRecentFirst }),

    placementsOfCase: (caseId) => prisma.placement.findMany({ where: { caseId }, orderBy: mostRecentFirst }),

    currentPlacementOfCase: (caseId) => prisma.placement.findFirst({ where: { caseId, endOn: null } }),

    currentPlacementOfPlace: (placeId) => prisma.placement.findFirst({ where: { placeId, endOn: null } }),

    isOccupied: async (placeId, on) =>
      (await prisma.placement.count({ where: { placeId, startOn: { lte: on }, ...holdingFrom(on) } })) > 0,

    caseRow: (caseId) => prisma.case.findUnique({ where: { id: caseId } }),

    placePerson: ({ caseId, placeId, startOn }) =>
      translatingConstraints(
        () =>
          prisma.$transaction(async (tx) => {
            await lockPlace(tx, placeId);
            const lockedCase = await lockPersonAndCase(tx, caseId);
            refuse(placementRefusal(startOn, await placementFacts(tx, lockedCase, placeId, startOn), PLACE_PERSON_FIELDS));
            return tx.placement.create({ data: { caseId, placeId, startOn } });
          }),
        { "place-occupied": PLACE_PERSON_FIELDS.placeId, "case-already-placed": PLACE_PERSON_FIELDS.caseId },
      ),

    endPlacement: ({ placementId, endOn }) =>
      translatingConstraints(
        () =>
          prisma.$transaction(async (tx) => {
            const found = await tx.placement.findUnique({ where: { id: placementId }, select: { caseId: true } });
            if (!found) throw notFound("Placement", placementId);
            // The case lock serialises this with a move of the same person; read the row again after it.
            await lockPersonAndCase(tx, found.caseId);
            const placement = await tx.placement.findUniqueOrThrow({ where: { id: placementId } });
            refuse(endPlacementRefusal(placement, endOn, "input.endOn"));
            return tx.placement.update({ where: { id: placementId }, data: { endOn } });
          }),
        { "end-not-after-start": "input.endOn" },
      ),

    movePerson: ({ caseId, toPlaceId, on }) =>
      translatingConstraints(
        () =>
          prisma.$transaction(async (tx) => {
            await lockPlace(tx, toPlaceId);
            const lockedCase = await lockPersonAndCase(tx, caseId);
            refuse(caseRefusal(on, lockedCase, MOVE_FIELDS));
            const current = await tx.placement.findFirst({ where: { caseId, endOn: null } });
            refuse(moveRefusal(current, toPlaceId, on, MOVE_FIELDS));
            const facts = await placementFacts(tx, lockedCase, toPlaceId, on);
            // Judge the new placement as if the current one had already ended on the move day.
            const personBookings = facts.personBookings.map((p) => (p.id === current!.id ? { ...p, endOn: on } : p));
            refuse(placementRefusal(on, { ...facts, personBookings }, MOVE_FIELDS));
            await tx.placement.update({ where: { id: current!.id }, data: { endOn: on } });
            return tx.placement.create({ data: { caseId, placeId: toPlaceId, startOn: on } });
          }),
        { "place-occupied": MOVE_FIELDS.placeId, "case-already-placed": MOVE_FIELDS.caseId, "end-not-after-start": MOVE_FIELDS.on },
      ),

    occupancy: async (on, structureId) => {
      const [places, placements] = await Promise.all([
        prisma.place.findMany({
          where: { structureId },
          select: { id: true, target: true, active: true, structure: { select: { type: true, active: true } } },
        }),
        prisma.placement.findMany({
          where: { startOn: { lte: on }, ...holdingFrom(on), place: structureId ? { structureId } : undefined },
          select: { placeId: true, startOn: true, endOn: true },
        }),
      ]);
      return occupancyOn(
        places.map((p) => ({ id: p.id, target: p.target, structureType: p.structure.type, inService: p.active && p.structure.active })),
        placements,
        on,
      );
    },
  };
}
