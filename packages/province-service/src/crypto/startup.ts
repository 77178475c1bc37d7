import type { Logger } from "pino";
import type { SqlRunner } from "../db/database.ts";
import { DataKeyError } from "./data-key.ts";
import { DecryptionError, SEALED_PREFIX } from "./field-cipher.ts";
import { PERSON_IDENTIFIER_FIELDS, type PersonIdentifierValues, type PersonIdentifiers } from "./person-identifiers.ts";

const BATCH = 500;
const columns = PERSON_IDENTIFIER_FIELDS.map((f) => `"${f}"`).join(", ");
const INDEX_COLUMNS = ["givenNameIndex", "familyNameIndex", "fullNameIndex", "aliasIndex", "documentNumberIndex", "phoneIndex"] as const;

type StoredRow = { id: string } & PersonIdentifierValues;

export interface IdentifierStartupReport {
  /** Rows found with an identifier in clear (or an index missing) and sealed now. */
  sealed: number;
}

/**
 * Run at every start, after the migrations and before serving:
 * 1. The key must open what is already stored: a wrong DATA_ENCRYPTION_KEY (or a replaced
 *    development key file) stops the service instead of failing on every read later.
 * 2. Rows written before identifiers were encrypted (or by a writer that bypassed the stores)
 *    are sealed now, found by the missing `v1:` prefix or index; running it again finds none.
 *    Afterwards the table is rewritten (VACUUM FULL) so the old clear versions of those rows do
 *    not linger in its pages; earlier backups and write-ahead log segments still hold them.
 */
export async function prepareEncryptedIdentifiers(
  sql: SqlRunner,
  identifiers: PersonIdentifiers,
  logger: Logger,
): Promise<IdentifierStartupReport> {
  await checkKey(sql, identifiers);
  let sealed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await sql.query<StoredRow>(
      `SELECT "id", ${columns} FROM "Person"
        WHERE "id" > $1::uuid AND (
              "givenName" NOT LIKE '${SEALED_PREFIX}%' OR "familyName" NOT LIKE '${SEALED_PREFIX}%'
           OR "alias" NOT LIKE '${SEALED_PREFIX}%' OR "documentNumber" NOT LIKE '${SEALED_PREFIX}%' OR "phone" NOT LIKE '${SEALED_PREFIX}%'
           OR "givenNameIndex" IS NULL OR "familyNameIndex" IS NULL OR "fullNameIndex" IS NULL
           OR ("alias" IS NOT NULL AND "aliasIndex" IS NULL)
           OR ("documentNumber" IS NOT NULL AND "documentNumberIndex" IS NULL)
           OR ("phone" IS NOT NULL AND "phoneIndex" IS NULL))
        ORDER BY "id" LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      // Fields already sealed are opened first, so a half-sealed row ends up whole.
      const clear: PersonIdentifierValues = {
        givenName: identifiers.open(row.id, "givenName", row.givenName),
        familyName: identifiers.open(row.id, "familyName", row.familyName),
        alias: identifiers.open(row.id, "alias", row.alias),
        documentNumber: identifiers.open(row.id, "documentNumber", row.documentNumber),
        phone: identifiers.open(row.id, "phone", row.phone),
      };
      const s = identifiers.seal(row.id, clear);
      const written = [...PERSON_IDENTIFIER_FIELDS, ...INDEX_COLUMNS];
      const sets = written.map((c, i) => `"${c}" = $${i + 2}`).join(", ");
      // Only if nobody changed the row since it was read (another instance starting at once).
      const guard = PERSON_IDENTIFIER_FIELDS.map((c, i) => `"${c}" IS NOT DISTINCT FROM $${i + 2 + written.length}`).join(" AND ");
      const updated = await sql.query(`UPDATE "Person" SET ${sets} WHERE "id" = $1::uuid AND ${guard} RETURNING "id"`, [
        row.id,
        ...PERSON_IDENTIFIER_FIELDS.map((f) => s[f]),
        ...INDEX_COLUMNS.map((c) => s[c]),
        ...PERSON_IDENTIFIER_FIELDS.map((f) => row[f]),
      ]);
      sealed += updated.length;
    }
    after = rows.at(-1)!.id;
  }
  if (sealed > 0) {
    await sql.exec(`VACUUM FULL "Person"`);
    logger.warn({ sealed }, "people's identifiers found in clear were encrypted; backups taken before now still hold them in clear");
  }
  return { sealed };
}

async function checkKey(sql: SqlRunner, identifiers: PersonIdentifiers): Promise<void> {
  const [row] = await sql.query<{ id: string; familyName: string }>(
    `SELECT "id", "familyName" FROM "Person" WHERE "familyName" LIKE '${SEALED_PREFIX}%' ORDER BY "createdAt" LIMIT 1`,
  );
  if (!row) return;
  try {
    identifiers.open(row.id, "familyName", row.familyName);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new DataKeyError(
      "The data encryption key does not open the identifiers already in this database (a different DATA_ENCRYPTION_KEY, " +
        "or the development key file in <data>/keys was replaced). Refusing to start: restore the key that encrypted them.",
    );
  }
}
