-- Hand-written (Prisma cannot express these): casework rules the database itself enforces.
-- At most one unrevoked consent per person and kind (rule consent-already-active).
CREATE UNIQUE INDEX "Consent_one_active_per_kind" ON "Consent"("personId", "kind") WHERE "revokedOn" IS NULL;
-- A permit type goes with permit events and only with them.
ALTER TABLE "LegalEvent" ADD CONSTRAINT "LegalEvent_permit_type" CHECK (("kind" IN ('PERMIT_REQUESTED', 'PERMIT_GRANTED', 'PERMIT_DENIED', 'PERMIT_RENEWED')) = ("permitType" IS NOT NULL));
-- Indicators found in an interview are a count.
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_indicators" CHECK ("indicatorsFound" >= 0);
