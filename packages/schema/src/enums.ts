import { z } from "zod";

/**
 * The programme's vocabulary as closed lists. The Prisma schema, the GraphQL enums and the zod
 * inputs are all checked against these lists (see enums.test.ts in the kit), so a value cannot
 * exist in one layer and not in another.
 */
export const GENDERS = ["WOMAN", "MAN", "TRANS_NON_BINARY"] as const;

/** CTDC-style coarse age bands, fixed at the opening of a case. */
export const AGE_BANDS = ["AGE_0_17", "AGE_18_20", "AGE_21_25", "AGE_26_30", "AGE_31_40", "AGE_41_PLUS", "UNKNOWN"] as const;

/** The path of a person; exit is not a phase but the closing of the case with an outcome. */
export const CASE_PHASES = [
  "FIRST_CONTACT", // primo contatto / emersione
  "IDENTIFICATION", // identificazione
  "IMMEDIATE_PROTECTION", // protezione immediata / pronta accoglienza
  "RESIDENTIAL_RECEPTION", // accoglienza residenziale
  "SEMI_AUTONOMY", // semi-autonomia
  "TERRITORIAL_CARE", // presa in carico territoriale
] as const;

export const CASE_STATUSES = ["OPEN", "CLOSED"] as const;

export const EXIT_OUTCOMES = [
  "AUTONOMY",
  "ASSISTED_VOLUNTARY_RETURN",
  "OTHER_PROGRAMME",
  "TRANSFERRED",
  "DROPPED_OUT",
  "NOT_IDENTIFIED",
] as const;

/** Art. 13 L. 228/2003 (emersione e prima assistenza) and art. 18 D.Lgs. 286/1998 (assistenza e integrazione sociale). */
export const PROGRAMMES = ["ART_13", "ART_18"] as const;

export const EXPLOITATION_TYPES = [
  "SEXUAL",
  "LABOUR_AGRICULTURE",
  "LABOUR_CONSTRUCTION",
  "LABOUR_CATERING",
  "LABOUR_DOMESTIC_CARE",
  "LABOUR_OTHER",
  "BEGGING",
  "FORCED_ILLEGAL_ACTIVITIES",
  "FORCED_MARRIAGE",
] as const;

export const REFERRAL_SOURCES = [
  "STREET_UNIT",
  "DROP_IN",
  "NUMERO_VERDE",
  "COMMISSIONE_TERRITORIALE",
  "CAS",
  "POLICE",
  "HEALTH_SOCIAL_SERVICES",
  "SELF_REFERRAL",
  "OTHER_PROVINCE",
] as const;

export const PROTECTION_STATUSES = ["ASYLUM_SEEKER", "PROTECTION_HOLDER", "NONE"] as const;

export const IDENTIFICATION_OUTCOMES = ["PENDING", "IDENTIFIED", "NOT_IDENTIFIED"] as const;

export const CONSENT_KINDS = [
  "DATA_PROCESSING",
  "SHARE_WITH_COMMISSIONE",
  "SHARE_WITH_CAS",
  "TRANSFER_TO_PROVINCE",
] as const;

export const SERVICE_KINDS = [
  "HEALTH",
  "LEGAL",
  "PSYCHOLOGICAL",
  "CULTURAL_MEDIATION",
  "LANGUAGE_COURSE",
  "VOCATIONAL_TRAINING",
  "JOB_PLACEMENT",
  "HOUSING_SUPPORT",
  "ACCOMPANIMENT",
] as const;

export const LEGAL_EVENT_KINDS = [
  "COMPLAINT_FILED",
  "ASYLUM_APPLICATION",
  "COMMISSIONE_REPORT_SENT",
  "PERMIT_REQUESTED",
  "PERMIT_GRANTED",
  "PERMIT_DENIED",
  "PERMIT_RENEWED",
] as const;

export const PERMIT_TYPES = [
  "ART_18", // protezione sociale
  "ART_22", // sfruttamento lavorativo (art. 22 c. 12-quater)
  "INTERNATIONAL_PROTECTION",
  "SPECIAL_PROTECTION",
  "OTHER",
] as const;

export const STRUCTURE_TYPES = [
  "EMERGENCY_SHELTER", // pronta accoglienza
  "RESIDENTIAL_COMMUNITY", // comunità residenziale
  "SEMI_AUTONOMY", // semi-autonomia
  "HOUSING", // alloggio
] as const;

export const PLACE_TARGETS = ["WOMEN", "MEN", "TRANS", "WITH_CHILDREN", "MINORS"] as const;

export const OUTING_KINDS = ["STREET_UNIT", "INDOOR", "DROP_IN"] as const;

export const MATERIAL_KINDS = ["LEAFLETS", "CONDOMS", "HYGIENE_KITS", "FOOD", "OTHER"] as const;

export const TRAINING_KINDS = ["TRAINING", "AWARENESS"] as const;

export const TRAINING_AUDIENCES = [
  "POLICE",
  "CAS_STAFF",
  "LOCAL_AUTHORITIES",
  "HEALTH_SERVICES",
  "SOCIAL_SERVICES",
  "SCHOOLS",
  "CITIZENS",
] as const;

export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type CasePhase = (typeof CASE_PHASES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type ExitOutcome = (typeof EXIT_OUTCOMES)[number];
export type Programme = (typeof PROGRAMMES)[number];
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
export type ProtectionStatus = (typeof PROTECTION_STATUSES)[number];
export type IdentificationOutcome = (typeof IDENTIFICATION_OUTCOMES)[number];
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type LegalEventKind = (typeof LEGAL_EVENT_KINDS)[number];
export type PermitType = (typeof PERMIT_TYPES)[number];
export type StructureType = (typeof STRUCTURE_TYPES)[number];
export type PlaceTarget = (typeof PLACE_TARGETS)[number];
export type OutingKind = (typeof OUTING_KINDS)[number];
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export type TrainingKind = (typeof TRAINING_KINDS)[number];
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];

/** Every enum by its GraphQL name: the SDL templates and the consistency tests read this. */
export const ENUMS = {
  Gender: GENDERS,
  AgeBand: AGE_BANDS,
  CasePhase: CASE_PHASES,
  CaseStatus: CASE_STATUSES,
  ExitOutcome: EXIT_OUTCOMES,
  Programme: PROGRAMMES,
  ExploitationType: EXPLOITATION_TYPES,
  ReferralSource: REFERRAL_SOURCES,
  ProtectionStatus: PROTECTION_STATUSES,
  IdentificationOutcome: IDENTIFICATION_OUTCOMES,
  ConsentKind: CONSENT_KINDS,
  ServiceKind: SERVICE_KINDS,
  LegalEventKind: LEGAL_EVENT_KINDS,
  PermitType: PERMIT_TYPES,
  StructureType: STRUCTURE_TYPES,
  PlaceTarget: PLACE_TARGETS,
  OutingKind: OUTING_KINDS,
  MaterialKind: MATERIAL_KINDS,
  TrainingKind: TRAINING_KINDS,
  TrainingAudience: TRAINING_AUDIENCES,
} as const;

export type EnumName = keyof typeof ENUMS;

/** SDL for a set of enums, generated from the lists above. */
export function enumsSdl(names: readonly EnumName[]): string {
  return names.map((name) => `enum ${name} {\n${ENUMS[name].map((v) => `  ${v}`).join("\n")}\n}`).join("\n\n");
}

export const zEnum = <T extends EnumName>(name: T) => z.enum(ENUMS[name] as unknown as [string, ...string[]]) as unknown as z.ZodEnum<{ [K in (typeof ENUMS)[T][number]]: K }>;
