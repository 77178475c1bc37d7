-- The audit trail of the operational API (src/audit): who read or wrote whose personal data, when.
-- Append-only: the triggers at the end refuse UPDATE, DELETE and TRUNCATE on its three tables,
-- whoever asks (the application, a console, a later migration). Removing the trail takes a
-- deliberate schema change (DROP TRIGGER), which itself shows in the migration history.

-- CreateEnum
CREATE TYPE "AuditOperationType" AS ENUM ('QUERY', 'MUTATION');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('COMPLETED', 'REFUSED', 'FAILED');

-- CreateEnum
CREATE TYPE "AuditSubjectKind" AS ENUM ('PERSON', 'CASE');

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorSubject" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "operationType" "AuditOperationType" NOT NULL,
    "operationName" TEXT,
    "rootFields" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntryOutcome" (
    "entryId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" "AuditOutcome" NOT NULL,
    "errorCodes" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditEntryOutcome_pkey" PRIMARY KEY ("entryId")
);

-- CreateTable
CREATE TABLE "AuditSubject" (
    "entryId" UUID NOT NULL,
    "kind" "AuditSubjectKind" NOT NULL,
    "subjectId" UUID NOT NULL,

    CONSTRAINT "AuditSubject_pkey" PRIMARY KEY ("entryId","kind","subjectId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_seq_key" ON "AuditEntry"("seq");

-- CreateIndex
CREATE INDEX "AuditEntry_actorSubject_seq_idx" ON "AuditEntry"("actorSubject", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditSubject_kind_subjectId_idx" ON "AuditSubject"("kind", "subjectId");

-- AddForeignKey
ALTER TABLE "AuditEntryOutcome" ADD CONSTRAINT "AuditEntryOutcome_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "AuditEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditSubject" ADD CONSTRAINT "AuditSubject_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "AuditEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express triggers): append-only.
CREATE FUNCTION "audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on "%" refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "AuditEntryOutcome_append_only" BEFORE UPDATE OR DELETE ON "AuditEntryOutcome"
  FOR EACH ROW EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "AuditEntryOutcome_no_truncate" BEFORE TRUNCATE ON "AuditEntryOutcome"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "AuditSubject_append_only" BEFORE UPDATE OR DELETE ON "AuditSubject"
  FOR EACH ROW EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "AuditSubject_no_truncate" BEFORE TRUNCATE ON "AuditSubject"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();
