-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('WOMAN', 'MAN', 'TRANS_NON_BINARY');

-- CreateEnum
CREATE TYPE "AgeBand" AS ENUM ('AGE_0_17', 'AGE_18_20', 'AGE_21_25', 'AGE_26_30', 'AGE_31_40', 'AGE_41_PLUS', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "CasePhase" AS ENUM ('FIRST_CONTACT', 'IDENTIFICATION', 'IMMEDIATE_PROTECTION', 'RESIDENTIAL_RECEPTION', 'SEMI_AUTONOMY', 'TERRITORIAL_CARE');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "ExitOutcome" AS ENUM ('AUTONOMY', 'ASSISTED_VOLUNTARY_RETURN', 'OTHER_PROGRAMME', 'TRANSFERRED', 'DROPPED_OUT', 'NOT_IDENTIFIED');

-- CreateEnum
CREATE TYPE "Programme" AS ENUM ('ART_13', 'ART_18');

-- CreateEnum
CREATE TYPE "ExploitationType" AS ENUM ('SEXUAL', 'LABOUR_AGRICULTURE', 'LABOUR_CONSTRUCTION', 'LABOUR_CATERING', 'LABOUR_DOMESTIC_CARE', 'LABOUR_OTHER', 'BEGGING', 'FORCED_ILLEGAL_ACTIVITIES', 'FORCED_MARRIAGE');

-- CreateEnum
CREATE TYPE "ReferralSource" AS ENUM ('STREET_UNIT', 'DROP_IN', 'NUMERO_VERDE', 'COMMISSIONE_TERRITORIALE', 'CAS', 'POLICE', 'HEALTH_SOCIAL_SERVICES', 'SELF_REFERRAL', 'OTHER_PROVINCE');

-- CreateEnum
CREATE TYPE "ProtectionStatus" AS ENUM ('ASYLUM_SEEKER', 'PROTECTION_HOLDER', 'NONE');

-- CreateEnum
CREATE TYPE "IdentificationOutcome" AS ENUM ('PENDING', 'IDENTIFIED', 'NOT_IDENTIFIED');

-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('DATA_PROCESSING', 'SHARE_WITH_COMMISSIONE', 'SHARE_WITH_CAS', 'TRANSFER_TO_PROVINCE');

-- CreateEnum
CREATE TYPE "ServiceKind" AS ENUM ('HEALTH', 'LEGAL', 'PSYCHOLOGICAL', 'CULTURAL_MEDIATION', 'LANGUAGE_COURSE', 'VOCATIONAL_TRAINING', 'JOB_PLACEMENT', 'HOUSING_SUPPORT', 'ACCOMPANIMENT');

-- CreateEnum
CREATE TYPE "LegalEventKind" AS ENUM ('COMPLAINT_FILED', 'ASYLUM_APPLICATION', 'COMMISSIONE_REPORT_SENT', 'PERMIT_REQUESTED', 'PERMIT_GRANTED', 'PERMIT_DENIED', 'PERMIT_RENEWED');

-- CreateEnum
CREATE TYPE "PermitType" AS ENUM ('ART_18', 'ART_22', 'INTERNATIONAL_PROTECTION', 'SPECIAL_PROTECTION', 'OTHER');

-- CreateEnum
CREATE TYPE "StructureType" AS ENUM ('EMERGENCY_SHELTER', 'RESIDENTIAL_COMMUNITY', 'SEMI_AUTONOMY', 'HOUSING');

-- CreateEnum
CREATE TYPE "PlaceTarget" AS ENUM ('WOMEN', 'MEN', 'TRANS', 'WITH_CHILDREN', 'MINORS');

-- CreateEnum
CREATE TYPE "OutingKind" AS ENUM ('STREET_UNIT', 'INDOOR', 'DROP_IN');

-- CreateEnum
CREATE TYPE "MaterialKind" AS ENUM ('LEAFLETS', 'CONDOMS', 'HYGIENE_KITS', 'FOOD', 'OTHER');

-- CreateEnum
CREATE TYPE "TrainingKind" AS ENUM ('TRAINING', 'AWARENESS');

-- CreateEnum
CREATE TYPE "TrainingAudience" AS ENUM ('POLICE', 'CAS_STAFF', 'LOCAL_AUTHORITIES', 'HEALTH_SERVICES', 'SOCIAL_SERVICES', 'SCHOOLS', 'CITIZENS');

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "alias" TEXT,
    "birthDate" DATE,
    "gender" "Gender" NOT NULL,
    "citizenship" TEXT NOT NULL,
    "documentNumber" TEXT,
    "phone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'OPEN',
    "openedOn" DATE NOT NULL,
    "closedOn" DATE,
    "exitOutcome" "ExitOutcome",
    "phase" "CasePhase" NOT NULL,
    "programme" "Programme",
    "referralSource" "ReferralSource" NOT NULL,
    "protectionStatus" "ProtectionStatus" NOT NULL DEFAULT 'NONE',
    "identification" "IdentificationOutcome" NOT NULL DEFAULT 'PENDING',
    "identifiedOn" DATE,
    "ageBand" "AgeBand" NOT NULL,
    "minorAtOpening" BOOLEAN NOT NULL,
    "openedByTransferId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CasePhaseChange" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "phase" "CasePhase" NOT NULL,
    "startedOn" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CasePhaseChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseExploitation" (
    "caseId" UUID NOT NULL,
    "type" "ExploitationType" NOT NULL,

    CONSTRAINT "CaseExploitation_pkey" PRIMARY KEY ("caseId","type")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "caseId" UUID,
    "kind" "ConsentKind" NOT NULL,
    "givenOn" DATE NOT NULL,
    "revokedOn" DATE,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Interview" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "heldOn" DATE NOT NULL,
    "sequence" INTEGER NOT NULL,
    "withMediator" BOOLEAN NOT NULL,
    "mediatorLanguage" TEXT,
    "indicatorsFound" INTEGER NOT NULL DEFAULT 0,
    "reportToCommissione" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Interview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceDelivery" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "kind" "ServiceKind" NOT NULL,
    "deliveredOn" DATE NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalEvent" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "kind" "LegalEventKind" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "permitType" "PermitType",
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LegalEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Structure" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "StructureType" NOT NULL,
    "municipality" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Structure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Place" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "target" "PlaceTarget" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Placement" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "placeId" UUID NOT NULL,
    "startOn" DATE NOT NULL,
    "endOn" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Placement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutreachOuting" (
    "id" UUID NOT NULL,
    "kind" "OutingKind" NOT NULL,
    "heldOn" DATE NOT NULL,
    "area" TEXT NOT NULL,
    "operators" INTEGER NOT NULL,
    "contacts" INTEGER NOT NULL,
    "newContacts" INTEGER NOT NULL DEFAULT 0,
    "accompaniments" INTEGER NOT NULL DEFAULT 0,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutreachOuting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutingMaterial" (
    "outingId" UUID NOT NULL,
    "kind" "MaterialKind" NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "OutingMaterial_pkey" PRIMARY KEY ("outingId","kind")
);

-- CreateTable
CREATE TABLE "TrainingEvent" (
    "id" UUID NOT NULL,
    "kind" "TrainingKind" NOT NULL,
    "audience" "TrainingAudience" NOT NULL,
    "heldOn" DATE NOT NULL,
    "title" TEXT NOT NULL,
    "participants" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Person_familyName_givenName_idx" ON "Person"("familyName", "givenName");

-- CreateIndex
CREATE UNIQUE INDEX "Case_reference_key" ON "Case"("reference");

-- CreateIndex
CREATE INDEX "Case_openedOn_idx" ON "Case"("openedOn");

-- CreateIndex
CREATE INDEX "Case_closedOn_idx" ON "Case"("closedOn");

-- CreateIndex
CREATE INDEX "Case_personId_idx" ON "Case"("personId");

-- CreateIndex
CREATE INDEX "Case_status_phase_idx" ON "Case"("status", "phase");

-- CreateIndex
CREATE INDEX "CasePhaseChange_caseId_startedOn_idx" ON "CasePhaseChange"("caseId", "startedOn");

-- CreateIndex
CREATE INDEX "CaseExploitation_type_idx" ON "CaseExploitation"("type");

-- CreateIndex
CREATE INDEX "Consent_personId_kind_idx" ON "Consent"("personId", "kind");

-- CreateIndex
CREATE INDEX "Consent_caseId_idx" ON "Consent"("caseId");

-- CreateIndex
CREATE INDEX "Interview_heldOn_idx" ON "Interview"("heldOn");

-- CreateIndex
CREATE UNIQUE INDEX "Interview_caseId_sequence_key" ON "Interview"("caseId", "sequence");

-- CreateIndex
CREATE INDEX "ServiceDelivery_kind_deliveredOn_idx" ON "ServiceDelivery"("kind", "deliveredOn");

-- CreateIndex
CREATE INDEX "ServiceDelivery_caseId_idx" ON "ServiceDelivery"("caseId");

-- CreateIndex
CREATE INDEX "LegalEvent_kind_occurredOn_idx" ON "LegalEvent"("kind", "occurredOn");

-- CreateIndex
CREATE INDEX "LegalEvent_caseId_idx" ON "LegalEvent"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Structure_name_key" ON "Structure"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Place_structureId_label_key" ON "Place"("structureId", "label");

-- CreateIndex
CREATE INDEX "Placement_placeId_startOn_idx" ON "Placement"("placeId", "startOn");

-- CreateIndex
CREATE INDEX "Placement_caseId_startOn_idx" ON "Placement"("caseId", "startOn");

-- CreateIndex
CREATE INDEX "OutreachOuting_heldOn_idx" ON "OutreachOuting"("heldOn");

-- CreateIndex
CREATE INDEX "TrainingEvent_heldOn_idx" ON "TrainingEvent"("heldOn");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CasePhaseChange" ADD CONSTRAINT "CasePhaseChange_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseExploitation" ADD CONSTRAINT "CaseExploitation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceDelivery" ADD CONSTRAINT "ServiceDelivery_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalEvent" ADD CONSTRAINT "LegalEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Place" ADD CONSTRAINT "Place_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutingMaterial" ADD CONSTRAINT "OutingMaterial_outingId_fkey" FOREIGN KEY ("outingId") REFERENCES "OutreachOuting"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express these): rules the database itself enforces, so that no
-- code path or concurrent request can break them.
-- At most one current placement per place and per case.
CREATE UNIQUE INDEX "Placement_one_current_per_place" ON "Placement"("placeId") WHERE "endOn" IS NULL;
CREATE UNIQUE INDEX "Placement_one_current_per_case" ON "Placement"("caseId") WHERE "endOn" IS NULL;
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_dates" CHECK ("endOn" IS NULL OR "endOn" > "startOn");
ALTER TABLE "Case" ADD CONSTRAINT "Case_closing" CHECK (("status" = 'CLOSED') = ("closedOn" IS NOT NULL) AND ("closedOn" IS NULL OR "closedOn" >= "openedOn") AND (("status" = 'CLOSED') = ("exitOutcome" IS NOT NULL)));
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_revocation" CHECK ("revokedOn" IS NULL OR "revokedOn" >= "givenOn");
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_sequence" CHECK ("sequence" BETWEEN 1 AND 5);
ALTER TABLE "OutreachOuting" ADD CONSTRAINT "OutreachOuting_counts" CHECK ("operators" >= 0 AND "contacts" >= 0 AND "newContacts" >= 0 AND "newContacts" <= "contacts" AND "accompaniments" >= 0);
ALTER TABLE "TrainingEvent" ADD CONSTRAINT "TrainingEvent_participants" CHECK ("participants" >= 0);
