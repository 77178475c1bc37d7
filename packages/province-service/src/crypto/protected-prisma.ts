import type { PrismaClient } from "../db/database.ts";
import { isSealed } from "./field-cipher.ts";
import { PERSON_IDENTIFIER_FIELDS, type PersonIdentifierField, type PersonIdentifiers } from "./person-identifiers.ts";

/**
 * The Prisma client the stores use: every Person read through it comes back with its identifiers
 * decrypted (also when included from a Case or a Consent), and a write or a filter that would put
 * or compare an identifier in clear is refused. Writers seal with PersonIdentifiers.seal first
 * (cases.store.ts); the guard is there so a new module cannot store a name in clear by mistake.
 * Limits: writes nested in another model's create/update and raw SQL do not pass through here.
 */
export function protectedPrisma(prisma: PrismaClient, identifiers: PersonIdentifiers): PrismaClient {
  const decrypted = (field: PersonIdentifierField) => ({
    needs: { id: true, [field]: true } as { id: true } & Record<PersonIdentifierField, true>,
    compute: (row: { id: string } & Record<PersonIdentifierField, string | null>) => identifiers.open(row.id, field, row[field]),
  });
  const extended = prisma.$extends({
    name: "person-identifiers",
    result: {
      person: {
        givenName: decrypted("givenName"),
        familyName: decrypted("familyName"),
        alias: decrypted("alias"),
        documentNumber: decrypted("documentNumber"),
        phone: decrypted("phone"),
      },
    },
    query: {
      person: {
        $allOperations({ operation, args, query }) {
          const a = args as Record<string, unknown>;
          refuseClearWrite(operation, a.data);
          refuseClearWrite(operation, a.create);
          refuseClearWrite(operation, a.update);
          refuseIdentifierFilter(operation, a.where);
          return query(args);
        },
      },
    },
  });
  // The extension changes no field's type (string in, string out), so the stores keep their
  // PrismaClient-typed signatures.
  return extended as unknown as PrismaClient;
}

function refuseClearWrite(operation: string, data: unknown): void {
  for (const row of Array.isArray(data) ? data : data ? [data] : []) {
    for (const field of PERSON_IDENTIFIER_FIELDS) {
      const value = (row as Record<string, unknown>)[field];
      const text = typeof value === "object" && value !== null && "set" in value ? (value as { set: unknown }).set : value;
      if (typeof text === "string" && !isSealed(text)) {
        throw new Error(`person.${operation}: ${field} must be sealed with PersonIdentifiers.seal before it is written`);
      }
    }
  }
}

/** Comparing a column of ciphertexts with anything tells nothing; search goes through the blind indexes. */
function refuseIdentifierFilter(operation: string, where: unknown): void {
  if (typeof where !== "object" || where === null) return;
  for (const [key, value] of Object.entries(where)) {
    if ((PERSON_IDENTIFIER_FIELDS as readonly string[]).includes(key)) {
      throw new Error(`person.${operation}: cannot filter on the encrypted column ${key}; use its blind index`);
    }
    if (key === "AND" || key === "OR" || key === "NOT") {
      for (const inner of Array.isArray(value) ? value : [value]) refuseIdentifierFilter(operation, inner);
    }
  }
}
