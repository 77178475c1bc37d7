-- The province's staff registry: which subjects of the province's identity provider hold which role.
CREATE TYPE "StaffRole" AS ENUM ('OPERATOR', 'COORDINATOR');

CREATE TABLE "StaffGrant" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedBy" TEXT,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "StaffGrant_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "StaffGrant_subject_idx" ON "StaffGrant"("subject");

-- Hand-written (Prisma cannot express partial indexes): a subject holds at most one active role,
-- so "which role does this token's subject have" has one answer even under concurrent grants.
CREATE UNIQUE INDEX "StaffGrant_one_active_per_subject" ON "StaffGrant"("subject") WHERE "revokedAt" IS NULL;
-- A revoked grant says who revoked it.
ALTER TABLE "StaffGrant" ADD CONSTRAINT "StaffGrant_revocation_complete" CHECK (("revokedAt" IS NULL) = ("revokedBy" IS NULL));
