import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Field-level encryption of direct identifiers (names, document numbers, phone numbers) and a
 * keyed "blind index" beside each, so a person already known can be found by exact match
 * without the database ever holding the identifier in clear.
 *
 * - Encryption: AES-256-GCM, a random 96-bit nonce per value, the 128-bit tag checked on read.
 *   The associated data binds a ciphertext to its row and column, so a value copied into another
 *   person's row or another column is refused instead of silently read.
 * - Blind index: HMAC-SHA256 over a normalised form of the value. Equal inputs give equal
 *   indexes (that is the point, and also what it leaks: which rows share a value).
 * - Both keys are derived from the one configured key with HKDF-SHA256, so the index key can
 *   never decrypt and the encryption key is never used for two purposes.
 */

export const DATA_KEY_BYTES = 32;
/** Every stored ciphertext starts with this; a later scheme or key gets a new prefix. */
export const SEALED_PREFIX = "v1:";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ENCRYPTION_INFO = "regional/person-identifiers/aes-256-gcm/v1";
const INDEX_INFO = "regional/person-identifiers/blind-index/hmac-sha256/v1";

export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt a stored identifier: ${reason}`);
    this.name = "DecryptionError";
  }
}

export interface FieldCipher {
  /** `v1:<nonce>:<ciphertext>:<tag>`, each part base64. `context` must be given again to decrypt. */
  encrypt(plain: string, context: string): string;
  /** Throws DecryptionError when the value was altered, the context differs or the key is not the one that sealed it. */
  decrypt(sealed: string, context: string): string;
  /** Keyed hash of an already normalised value; `kind` separates the columns' index spaces. */
  index(kind: string, normalised: string): string;
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

export function createFieldCipher(dataKey: Buffer): FieldCipher {
  if (dataKey.length !== DATA_KEY_BYTES) throw new Error(`The data encryption key must be ${DATA_KEY_BYTES} bytes, got ${dataKey.length}`);
  const encryptionKey = Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), ENCRYPTION_INFO, 32));
  const indexKey = Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), INDEX_INFO, 32));

  return {
    encrypt(plain, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", encryptionKey, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${SEALED_PREFIX}${nonce.toString("base64")}:${body.toString("base64")}:${cipher.getAuthTag().toString("base64")}`;
    },

    decrypt(sealed, context) {
      if (!isSealed(sealed)) throw new DecryptionError("not an encrypted value");
      const parts = sealed.slice(SEALED_PREFIX.length).split(":");
      if (parts.length !== 3) throw new DecryptionError("malformed value");
      const [nonce, body, tag] = parts.map((p) => Buffer.from(p!, "base64")) as [Buffer, Buffer, Buffer];
      if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("malformed value");
      const decipher = createDecipheriv("aes-256-gcm", encryptionKey, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        // GCM does not say which: the value, its row/column or the key is not the one it was sealed with.
        throw new DecryptionError("authentication failed (altered value, wrong row or wrong key)");
      }
    },

    index(kind, normalised) {
      return createHmac("sha256", indexKey).update(`${kind}\u0000${normalised}`, "utf8").digest("base64url");
    },
  };
}

/** Accents removed (NFKD, combining marks dropped), lower-case. */
function fold(value: string): string {
  return value.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
}

/**
 * Names: folded, with spaces, hyphens, apostrophes and dots all read as one separator, so
 * "Adèle  O'Brien-Smith" and "adele o brien smith" are the same name.
 */
export function normaliseName(value: string): string {
  return fold(value)
    .split(/[\s\-'’‘.`´]+/u)
    .filter((w) => w.length > 0)
    .join(" ");
}

/** A full name whatever the order its parts are written in ("Adeyemi Joy" = "Joy Adeyemi"). */
export function normaliseFullName(...parts: string[]): string {
  return normaliseName(parts.join(" ")).split(" ").filter((w) => w.length > 0).sort().join(" ");
}

/** Document numbers: letters and digits only ("AB 123-456" = "ab123456"). */
export function normaliseDocumentNumber(value: string): string {
  return fold(value).replace(/[^a-z0-9]/g, "");
}

/**
 * Phone numbers: digits only, the international "00" read as "+" ("+39 333 1234567" =
 * "0039 3331234567"). A number written without its country code stays a different number.
 */
export function normalisePhone(value: string): string {
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, "");
  return !trimmed.startsWith("+") && digits.startsWith("00") ? digits.slice(2) : digits;
}
