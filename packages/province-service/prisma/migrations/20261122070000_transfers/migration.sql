-- CreateEnum
CREATE TYPE "TransferDirection" AS ENUM ('OUTGOING', 'INCOMING');

-- CreateEnum
CREATE TYPE "TransferState" AS ENUM ('REQUESTED', 'ACCEPTED', 'DECLINED', 'DEPARTED', 'ARRIVED', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "TransferUrgency" AS ENUM ('ROUTINE', 'URGENT', 'EMERGENCY');

-- CreateEnum
CREATE TYPE "TransferReason" AS ENUM ('SAFETY', 'PLACE_AVAILABILITY', 'SPECIALISED_SUPPORT', 'FAMILY_TIES', 'OTHER');

-- CreateEnum
CREATE TYPE "TransferDeclineReason" AS ENUM ('NO_SUITABLE_PLACE', 'NEEDS_NOT_MET', 'SAFETY_RISK', 'OTHER');

-- CreateEnum
CREATE TYPE "TransferCancelReason" AS ENUM ('CHANGED_MIND', 'CONSENT_WITHDRAWN', 'OTHER_SOLUTION', 'OTHER');

-- CreateTable
CREATE TABLE "Transfer" (
    "id" UUID NOT NULL,
    "direction" "TransferDirection" NOT NULL,
    "origin" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "state" "TransferState" NOT NULL,
    "gender" "Gender" NOT NULL,
    "ageBand" "AgeBand" NOT NULL,
    "withChildren" BOOLEAN NOT NULL,
    "accommodation" "StructureType" NOT NULL,
    "urgency" "TransferUrgency" NOT NULL,
    "reason" "TransferReason" NOT NULL,
    "sharedFields" JSONB NOT NULL,
    "caseId" UUID,
    "heldPlaceId" UUID,
    "holdFrom" DATE,
    "holdExpiresAt" TIMESTAMP(3),
    "holdReleasedOn" DATE,
    "offeredStructureType" "StructureType",
    "offeredTarget" "PlaceTarget",
    "offeredStructure" TEXT,
    "offeredMunicipality" TEXT,
    "declineReason" "TransferDeclineReason",
    "declineNote" TEXT,
    "cancelReason" "TransferCancelReason",
    "dossier" JSONB,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "departedAt" TIMESTAMP(3),
    "arrivedAt" TIMESTAMP(3),
    "arrivedOn" DATE,
    "endedAt" TIMESTAMP(3),
    "closeProblem" TEXT,
    "nextOutSeq" INTEGER NOT NULL DEFAULT 1,
    "lastInSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransferOutbox" (
    "id" UUID NOT NULL,
    "transferId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "TransferOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransferInbox" (
    "id" UUID NOT NULL,
    "transferId" UUID NOT NULL,
    "sender" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TransferInbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Transfer_direction_state_idx" ON "Transfer"("direction", "state");

-- CreateIndex
CREATE INDEX "Transfer_requestedAt_idx" ON "Transfer"("requestedAt");

-- CreateIndex
CREATE INDEX "Transfer_caseId_idx" ON "Transfer"("caseId");

-- CreateIndex
CREATE INDEX "Transfer_heldPlaceId_idx" ON "Transfer"("heldPlaceId");

-- CreateIndex
CREATE INDEX "TransferOutbox_deliveredAt_nextAttemptAt_idx" ON "TransferOutbox"("deliveredAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "TransferOutbox_transferId_seq_key" ON "TransferOutbox"("transferId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "TransferInbox_transferId_sender_seq_key" ON "TransferInbox"("transferId", "sender", "seq");

-- AddForeignKey
ALTER TABLE "TransferOutbox" ADD CONSTRAINT "TransferOutbox_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express these): the transfer rules the database itself enforces.
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_provinces" CHECK (
  "origin" IN ('BG', 'BS', 'CR', 'LC', 'LO', 'MN', 'PV') AND "destination" IN ('BG', 'BS', 'CR', 'LC', 'LO', 'MN', 'PV') AND "origin" <> "destination");
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_hold_dates" CHECK ("holdReleasedOn" IS NULL OR "holdReleasedOn" >= "holdFrom");
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_sequences" CHECK ("nextOutSeq" >= 1 AND "lastInSeq" >= 0);
-- A place is held for at most one transfer at a time (two acceptances cannot hold the same place).
CREATE UNIQUE INDEX "Transfer_one_hold_per_place" ON "Transfer"("heldPlaceId") WHERE "heldPlaceId" IS NOT NULL AND "holdReleasedOn" IS NULL;
-- A case has at most one transfer under way.
CREATE UNIQUE INDEX "Transfer_one_active_per_case" ON "Transfer"("caseId")
  WHERE "direction" = 'OUTGOING' AND "state" IN ('REQUESTED', 'ACCEPTED', 'DEPARTED');
-- The dispatcher reads the undelivered messages only.
CREATE INDEX "TransferOutbox_pending" ON "TransferOutbox"("transferId", "seq") WHERE "deliveredAt" IS NULL;
