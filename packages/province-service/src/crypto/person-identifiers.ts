import {
  isSealed,
  normaliseDocumentNumber,
  normaliseFullName,
  normaliseName,
  normalisePhone,
  type FieldCipher,
} from "./field-cipher.ts";

/**
 * The direct identifiers of a Person, encrypted in the province database with a blind index
 * beside each. What is NOT here stays in clear because reports and rules need it and it does not
 * name anyone alone: birth date, gender, citizenship (the figures aggregate them).
 */
export const PERSON_IDENTIFIER_FIELDS = ["givenName", "familyName", "alias", "documentNumber", "phone"] as const;
export type PersonIdentifierField = (typeof PERSON_IDENTIFIER_FIELDS)[number];

export interface PersonIdentifierValues {
  givenName: string;
  familyName: string;
  alias: string | null;
  documentNumber: string | null;
  phone: string | null;
}

/** The blind index columns of Person (see the migration 20261122060000_person_identifiers_encrypted). */
export interface PersonIdentifierIndexes {
  givenNameIndex: string;
  familyNameIndex: string;
  /** Given and family names as one set of words, whatever their order. */
  fullNameIndex: string;
  aliasIndex: string | null;
  documentNumberIndex: string | null;
  phoneIndex: string | null;
}

export type SealedPersonIdentifiers = PersonIdentifierValues & PersonIdentifierIndexes;

/** The blind indexes a search term may equal; the caller ORs them. */
export type PersonSearchIndexes = Partial<Record<keyof PersonIdentifierIndexes, string>>;

export interface PersonIdentifiers {
  /** Ciphertexts and indexes of a person's identifiers, bound to the person's id. */
  seal(personId: string, values: PersonIdentifierValues): SealedPersonIdentifiers;
  /**
   * The clear value of one stored identifier. A value without the ciphertext prefix is a row
   * written before encryption existed (the start-up sweep encrypts those) and is returned as is.
   */
  open(personId: string, field: PersonIdentifierField, stored: string): string;
  open(personId: string, field: PersonIdentifierField, stored: string | null): string | null;
  /** The indexes an exact-match search for `term` compares with; empty when the term is blank. */
  searchIndexes(term: string): PersonSearchIndexes;
}

/** Associated data of a ciphertext: the row and the column it belongs to. */
function context(personId: string, field: PersonIdentifierField): string {
  return `Person/${personId}/${field}`;
}

/** A phone search needs enough digits to be one (the input rules ask for 6 to 15). */
const MIN_PHONE_DIGITS = 6;

export function personIdentifiers(cipher: FieldCipher): PersonIdentifiers {
  const idx = {
    givenName: (v: string) => cipher.index("givenName", normaliseName(v)),
    familyName: (v: string) => cipher.index("familyName", normaliseName(v)),
    fullName: (given: string, family: string) => cipher.index("fullName", normaliseFullName(given, family)),
    alias: (v: string) => cipher.index("alias", normaliseName(v)),
    documentNumber: (v: string) => cipher.index("documentNumber", normaliseDocumentNumber(v)),
    phone: (v: string) => cipher.index("phone", normalisePhone(v)),
  };
  const seal = (personId: string, field: PersonIdentifierField, value: string | null) =>
    value === null ? null : cipher.encrypt(value, context(personId, field));

  function open(personId: string, field: PersonIdentifierField, stored: string): string;
  function open(personId: string, field: PersonIdentifierField, stored: string | null): string | null;
  function open(personId: string, field: PersonIdentifierField, stored: string | null): string | null {
    if (stored === null || !isSealed(stored)) return stored;
    return cipher.decrypt(stored, context(personId, field));
  }

  return {
    seal: (personId, v) => ({
      givenName: seal(personId, "givenName", v.givenName)!,
      familyName: seal(personId, "familyName", v.familyName)!,
      alias: seal(personId, "alias", v.alias),
      documentNumber: seal(personId, "documentNumber", v.documentNumber),
      phone: seal(personId, "phone", v.phone),
      givenNameIndex: idx.givenName(v.givenName),
      familyNameIndex: idx.familyName(v.familyName),
      fullNameIndex: idx.fullName(v.givenName, v.familyName),
      aliasIndex: v.alias === null ? null : idx.alias(v.alias),
      documentNumberIndex: v.documentNumber === null ? null : idx.documentNumber(v.documentNumber),
      phoneIndex: v.phone === null ? null : idx.phone(v.phone),
    }),

    open,

    searchIndexes: (term) => {
      const out: PersonSearchIndexes = {};
      const name = normaliseName(term);
      if (name !== "") {
        out.givenNameIndex = idx.givenName(term);
        out.familyNameIndex = idx.familyName(term);
        out.fullNameIndex = cipher.index("fullName", normaliseFullName(term));
        out.aliasIndex = idx.alias(term);
      }
      if (normaliseDocumentNumber(term) !== "") out.documentNumberIndex = idx.documentNumber(term);
      if (normalisePhone(term).length >= MIN_PHONE_DIGITS && /^[\s\d()+./-]+$/.test(term)) out.phoneIndex = idx.phone(term);
      return out;
    },
  };
}
