-- Direct identifiers of people are encrypted at rest (src/crypto). The columns keep their names
-- and now hold `v1:<nonce>:<ciphertext>:<tag>`; each gets a keyed blind index beside it for
-- exact-match lookup. SQL cannot encrypt (it has no key): rows already in an existing database
-- are sealed in code by the service at start-up (crypto/startup.ts), which detects them by the
-- missing prefix and is idempotent. Sorting by name in SQL is no longer possible, so the name
-- index goes and people are listed by registration time.

-- DropIndex
DROP INDEX "Person_familyName_givenName_idx";

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "aliasIndex" TEXT,
ADD COLUMN     "documentNumberIndex" TEXT,
ADD COLUMN     "familyNameIndex" TEXT,
ADD COLUMN     "fullNameIndex" TEXT,
ADD COLUMN     "givenNameIndex" TEXT,
ADD COLUMN     "phoneIndex" TEXT;

-- CreateIndex
CREATE INDEX "Person_givenNameIndex_idx" ON "Person"("givenNameIndex");

-- CreateIndex
CREATE INDEX "Person_familyNameIndex_idx" ON "Person"("familyNameIndex");

-- CreateIndex
CREATE INDEX "Person_fullNameIndex_idx" ON "Person"("fullNameIndex");

-- CreateIndex
CREATE INDEX "Person_aliasIndex_idx" ON "Person"("aliasIndex");

-- CreateIndex
CREATE INDEX "Person_documentNumberIndex_idx" ON "Person"("documentNumberIndex");

-- CreateIndex
CREATE INDEX "Person_phoneIndex_idx" ON "Person"("phoneIndex");

-- CreateIndex
CREATE INDEX "Person_createdAt_idx" ON "Person"("createdAt");
