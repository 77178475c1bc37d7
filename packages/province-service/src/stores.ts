import type { Clock } from "./clock.ts";
import type { Database } from "./db/database.ts";
import { prismaCapacityStore, type CapacityStore } from "./capacity/capacity.store.ts";
import { prismaCasesStore, type CasesStore } from "./cases/cases.store.ts";
import { prismaCaseworkStore, type CaseworkStore } from "./casework/casework.store.ts";
import { prismaOutreachStore, type OutreachStore } from "./outreach/outreach.store.ts";
import { prismaTrainingStore, type TrainingStore } from "./training/training.store.ts";
import { prismaStaffStore, type StaffStore } from "./auth/staff.store.ts";

/** The data layer, one small interface per module; resolvers and rules see only these. */
export interface Stores {
  cases: CasesStore;
  casework: CaseworkStore;
  capacity: CapacityStore;
  outreach: OutreachStore;
  training: TrainingStore;
  staff: StaffStore;
}

export function createStores(db: Database, _clock: Clock): Stores {
  return {
    cases: prismaCasesStore(db.prisma),
    casework: prismaCaseworkStore(db.prisma),
    capacity: prismaCapacityStore(db.prisma),
    outreach: prismaOutreachStore(db.prisma),
    training: prismaTrainingStore(db.prisma),
    staff: prismaStaffStore(db.prisma),
  };
}
