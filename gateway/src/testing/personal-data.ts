import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

/**
 * Words that mark personal data in a schema name. Matched as lowercase substrings of every type,
 * field, argument, input field and enum value name, so `givenName`, `birthDate`, `PersonRecord`
 * and `case_reference` are all caught.
 */
export const PERSONAL_DATA_WORDS = [
  "name", // givenName, familyName, surname, nickname, fullName…
  "birth",
  "born",
  "dob",
  "phone",
  "mobile",
  "mail", // email, mailbox
  "address",
  "residence",
  "domicile",
  "document",
  "passport",
  "fiscal", // codice fiscale
  "ssn",
  "alias",
  "person",
  "people",
  "note",
  "comment",
  "reference",
  "caseid",
  "case_id",
  "personid",
  "photo",
  "signature",
  "latitude",
  "longitude",
] as const;

/** Names that match a word above and are not personal data, each with its reason. */
const ALLOWED: Record<string, string> = {
  "ProvinceSnapshot.name": "the province's name (Bergamo…), not a person's",
};

/** Counts of persons (personsAssessed…) are figures, not personal data. */
const COUNT_WORDS = new Set(["person", "people"]);

function isFederationMachinery(type: GraphQLNamedType): boolean {
  return type.name.startsWith("__") || type.name.startsWith("join__") || type.name.startsWith("link__");
}

/** Every schema coordinate whose name looks like personal data, with the word it matched. */
export function personalDataNames(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  const check = (coordinate: string, name: string, isCount = false) => {
    if (coordinate in ALLOWED) return;
    const lower = name.toLowerCase();
    for (const word of PERSONAL_DATA_WORDS) {
      if (lower.includes(word) && !(isCount && COUNT_WORDS.has(word))) found.push(`${coordinate} (${word})`);
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isFederationMachinery(type)) continue;
    check(type.name, type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, getNamedType(field.type).name === "Int");
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.name);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name);
    }
  }
  return found;
}
