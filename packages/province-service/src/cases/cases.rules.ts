import { isoDate, toDbDate, zEnum } from "@regional/schema";
import { z } from "zod";
import { CITIZENSHIP_PATTERN, isKnownCitizenship } from "./citizenship.ts";

/**
 * Input schemas of the cases module: what a well-formed request looks like. Whether the
 * programme's rules allow it now is decided in lifecycle.ts, against the stored case.
 */

export const EARLIEST_BIRTH_DATE = "1900-01-01";

export const id = z.uuid("is not a valid id");

/** Optional text fields: an empty or blank string means "none", as forms send it. */
function blankAsNull(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? null : value;
}

const name = z.string().trim().min(1, "must not be empty").max(100, "must have at most 100 characters");

export const citizenship = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CITIZENSHIP_PATTERN, "must be an ISO 3166 alpha-2 or alpha-3 code (e.g. NG or NGA)")
  .refine(isKnownCitizenship, "is not an ISO 3166 country code");

/** Digits with the usual separators and an optional leading +; 6 to 15 digits (E.164 allows 15). */
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9()][0-9 ().\/-]*$/, "may contain only digits, spaces, - . / ( ) and a leading +")
  .refine((s) => {
    const digits = s.replace(/\D/g, "").length;
    return digits >= 6 && digits <= 15;
  }, "must have 6 to 15 digits");

/** Passport, permit or ID card number: letters and digits, possibly grouped. */
const documentNumber = z
  .string()
  .trim()
  .min(3, "must have at least 3 characters")
  .max(40, "must have at most 40 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .\/-]*$/, "may contain only letters, digits, spaces and - . /");

function birthDate(today: string) {
  return isoDate
    .refine((d) => d >= EARLIEST_BIRTH_DATE, `cannot be before ${EARLIEST_BIRTH_DATE}`)
    .refine((d) => d <= today, "cannot be in the future")
    .transform(toDbDate);
}

/** A day on which something happened: a real date, not in the future. */
function pastDay(today: string) {
  return isoDate.refine((d) => d <= today, "cannot be in the future").transform(toDbDate);
}

/** A present field that may not be set to null (required in the data model). */
function notCleared<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .refine((v) => v !== null, "cannot be removed")
    .transform((v) => v ?? undefined);
}

function optionalText<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankAsNull, schema.nullish());
}

/** Drops the keys left undefined, so a patch updates only what was given. */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// ---------------------------------------------------------------------------------------------
// People

export function registerPersonInput(today: string) {
  return z
    .object({
      givenName: name,
      familyName: name,
      alias: optionalText(name),
      birthDate: optionalText(birthDate(today)),
      gender: zEnum("Gender"),
      citizenship,
      documentNumber: optionalText(documentNumber),
      phone: optionalText(phone),
    })
    .transform((p) => ({
      ...p,
      alias: p.alias ?? null,
      birthDate: p.birthDate ?? null,
      documentNumber: p.documentNumber ?? null,
      phone: p.phone ?? null,
    }));
}

/** A patch: absent fields are kept, null clears an optional field. */
export function updatePersonInput(today: string) {
  return z
    .object({
      givenName: notCleared(name),
      familyName: notCleared(name),
      alias: optionalText(name),
      birthDate: optionalText(birthDate(today)),
      gender: notCleared(zEnum("Gender")),
      citizenship: notCleared(citizenship),
      documentNumber: optionalText(documentNumber),
      phone: optionalText(phone),
    })
    .transform(defined);
}

/**
 * Search: an exact match, after normalising case, accents and spacing, on the full name (in any
 * order), the family name, the given name, the alias, the document number or the phone. Names
 * are encrypted at rest and found through keyed hashes, so a prefix ("ade") no longer matches.
 */
export const personFilter = z
  .object({
    search: z.string().trim().max(200, "must have at most 200 characters").nullish(),
    citizenship: citizenship.nullish(),
  })
  .transform((f) => ({
    search: f.search ? f.search : undefined,
    citizenship: f.citizenship ?? undefined,
  }));

// ---------------------------------------------------------------------------------------------
// Cases

const exploitationTypes = z
  .array(zEnum("ExploitationType"))
  .min(1, "must list at least one exploitation type")
  .refine((types) => new Set(types).size === types.length, "must not list a type twice");

export function openCaseInput(today: string) {
  return z.object({
    personId: id,
    openedOn: pastDay(today),
    referralSource: zEnum("ReferralSource"),
    exploitationTypes,
    protectionStatus: zEnum("ProtectionStatus"),
    phase: zEnum("CasePhase")
      .nullish()
      .transform((p) => p ?? "FIRST_CONTACT"),
    programme: zEnum("Programme")
      .nullish()
      .transform((p) => p ?? undefined),
  });
}

export function moveCaseToPhaseInput(today: string) {
  return z.object({
    caseId: id,
    phase: zEnum("CasePhase"),
    on: pastDay(today),
    // Absent: the programme follows the phase. null: explicitly no programme.
    programme: zEnum("Programme").nullish(),
  });
}

export function recordIdentificationOutcomeInput(today: string) {
  return z.object({
    caseId: id,
    outcome: z.enum(["IDENTIFIED", "NOT_IDENTIFIED"], "must be IDENTIFIED or NOT_IDENTIFIED"),
    on: pastDay(today),
  });
}

export const updateCaseDetailsInput = z
  .object({
    caseId: id,
    exploitationTypes: notCleared(exploitationTypes),
    protectionStatus: notCleared(zEnum("ProtectionStatus")),
    referralSource: notCleared(zEnum("ReferralSource")),
  })
  .refine((i) => i.exploitationTypes !== undefined || i.protectionStatus !== undefined || i.referralSource !== undefined, {
    message: "give at least one of exploitationTypes, protectionStatus, referralSource",
  })
  .transform(({ caseId, ...patch }) => ({ caseId, ...defined(patch) }));

export const setProgrammeInput = z.object({
  caseId: id,
  programme: zEnum("Programme").nullable(),
});

export function closeCaseInput(today: string) {
  return z.object({
    caseId: id,
    on: pastDay(today),
    outcome: zEnum("ExitOutcome"),
  });
}

export const caseFilter = z
  .object({
    status: zEnum("CaseStatus").nullish(),
    phase: zEnum("CasePhase").nullish(),
    referralSource: zEnum("ReferralSource").nullish(),
    exploitationType: zEnum("ExploitationType").nullish(),
    openedFrom: isoDate.transform(toDbDate).nullish(),
    openedTo: isoDate.transform(toDbDate).nullish(),
    personId: id.nullish(),
  })
  .refine((f) => !f.openedFrom || !f.openedTo || f.openedFrom <= f.openedTo, { message: "must not be before openedFrom", path: ["openedTo"] })
  .transform((f) => ({
    status: f.status ?? undefined,
    phase: f.phase ?? undefined,
    referralSource: f.referralSource ?? undefined,
    exploitationType: f.exploitationType ?? undefined,
    openedFrom: f.openedFrom ?? undefined,
    openedTo: f.openedTo ?? undefined,
    personId: f.personId ?? undefined,
  }));

// ---------------------------------------------------------------------------------------------
// Case references

/**
 * Case references read <PROVINCE>-<YEAR>-<NNNN> (e.g. BG-2026-0031): the year the case opened
 * and its number in that year, at least four digits. The next number is one more than the highest
 * already used that year (numbers are never reused, even if a case was opened by mistake).
 */
export function referencePrefix(province: string, openedOn: string): string {
  return `${province}-${openedOn.slice(0, 4)}-`;
}

export function nextReference(prefix: string, existing: readonly string[]): string {
  let highest = 0;
  for (const reference of existing) {
    if (!reference.startsWith(prefix)) continue;
    const n = Number(reference.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  return `${prefix}${String(highest + 1).padStart(4, "0")}`;
}

export type RegisterPerson = z.output<ReturnType<typeof registerPersonInput>>;
export type PersonPatch = z.output<ReturnType<typeof updatePersonInput>>;
export type PersonFilter = z.output<typeof personFilter>;
export type OpenCase = z.output<ReturnType<typeof openCaseInput>>;
export type MoveCaseToPhase = z.output<ReturnType<typeof moveCaseToPhaseInput>>;
export type RecordIdentificationOutcome = z.output<ReturnType<typeof recordIdentificationOutcomeInput>>;
export type UpdateCaseDetails = z.output<typeof updateCaseDetailsInput>;
export type SetProgramme = z.output<typeof setProgrammeInput>;
export type CloseCase = z.output<ReturnType<typeof closeCaseInput>>;
export type CaseFilter = z.output<typeof caseFilter>;
