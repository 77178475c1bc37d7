import { illegal } from "../errors.ts";
import type { CapacityStore } from "../capacity/capacity.store.ts";
import type { TransfersStore } from "./transfers.store.ts";

/**
 * The capacity store as the rest of the province sees it once transfers exist: a place held for
 * an incoming transfer is not free (occupancy counts it out of `free`, so total = occupied + free
 * + held), and nobody else can be placed or moved into it while the hold lasts. The hold itself
 * is the transfer module's record; capacity's own rules and locks are unchanged underneath.
 * A placement racing an acceptance of the same place could still slip between this check and the
 * hold; the arrival then finds the place occupied and is refused, nothing is double-booked.
 */
export function withTransferHolds(capacity: CapacityStore, transfers: Pick<TransfersStore, "heldPlaces" | "holdOf">): CapacityStore {
  const refuseHeld = async (placeId: string, field: string) => {
    const hold = await transfers.holdOf(placeId);
    if (hold) throw illegal("place-held", `The place is held for an incoming transfer from ${hold.origin} until the person arrives or the hold ends.`, field);
  };
  return {
    ...capacity,
    occupancy: async (on, structureId) => {
      const [counts, held] = await Promise.all([capacity.occupancy(on, structureId), transfers.heldPlaces(on, structureId)]);
      return counts.map((c) => {
        const holds = held.filter((h) => h.structureType === c.structureType && h.target === c.target).length;
        return holds === 0 ? c : { ...c, free: Math.max(0, c.free - holds) };
      });
    },
    placePerson: async (placement) => {
      await refuseHeld(placement.placeId, "input.placeId");
      return capacity.placePerson(placement);
    },
    movePerson: async (move) => {
      await refuseHeld(move.toPlaceId, "input.toPlaceId");
      return capacity.movePerson(move);
    },
  };
}
