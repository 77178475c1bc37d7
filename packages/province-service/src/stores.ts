import { prismaAuditStore, type AuditStore } from "./audit/audit.store.ts";
import type { Clock } from "./clock.ts";
import type { PersonIdentifiers } from "./crypto/person-identifiers.ts";
import { protectedPrisma } from "./crypto/protected-prisma.ts";
import type { Database } from "./db/database.ts";
import { prismaCapacityStore, type CapacityStore } from "./capacity/capacity.store.ts";
import { prismaCasesStore, type CasesStore } from "./cases/cases.store.ts";
import { prismaCaseworkStore, type CaseworkStore } from "./casework/casework.store.ts";
import { prismaOutreachStore, type OutreachStore } from "./outreach/outreach.store.ts";
import { prismaTrainingStore, type TrainingStore } from "./training/training.store.ts";
import { prismaStaffStore, type StaffStore } from "./auth/staff.store.ts";
import { withTransferHolds } from "./transfers/capacity-holds.ts";
import { prismaTransfersStore, type TransfersStore, type TransferStoreSettings } from "./transfers/transfers.store.ts";

/** The data layer, one small interface per module; resolvers and rules see only these. */
export interface Stores {
  cases: CasesStore;
  casework: CaseworkStore;
  capacity: CapacityStore;
  outreach: OutreachStore;
  training: TrainingStore;
  audit: AuditStore;
  staff: StaffStore;
  transfers: TransfersStore;
}

/**
 * `identifiers` encrypts people's identifiers: the stores share a client that decrypts them on
 * every read of a Person (also through a Case or a Consent) and refuses them in clear on write.
 */
export function createStores(db: Database, _clock: Clock, identifiers: PersonIdentifiers, transferSettings: TransferStoreSettings): Stores {
  const prisma = protectedPrisma(db.prisma, identifiers);
  // The transfer workflow reuses the cases and capacity stores inside its own transactions.
  const transfers = prismaTransfersStore(prisma, { ...transferSettings, cases: (p) => prismaCasesStore(p, identifiers), capacity: (p) => prismaCapacityStore(p) });
  return {
    cases: prismaCasesStore(prisma, identifiers),
    casework: prismaCaseworkStore(prisma),
    capacity: withTransferHolds(prismaCapacityStore(prisma), transfers),
    outreach: prismaOutreachStore(prisma),
    training: prismaTrainingStore(prisma),
    audit: prismaAuditStore(db.prisma),
    staff: prismaStaffStore(db.prisma),
    transfers,
  };
}
