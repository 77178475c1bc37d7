import { gql } from "graphql-tag";

/**
 * Roots and shared types of the operational API. Modules extend Query and Mutation.
 * The enums are written out so the SDL reads on its own; enums.test.ts checks that they equal
 * the lists in @regional/schema and the Prisma enums.
 */
export const baseTypeDefs = gql`
  "A calendar date, YYYY-MM-DD (no time, no zone)."
  scalar Date
  "A point in time, ISO 8601 with zone."
  scalar DateTime

  type Query {
    "The province this service belongs to."
    province: ProvinceInfo!
  }

  type Mutation {
    _noop: Boolean @deprecated(reason: "placeholder root; modules extend Mutation")
  }

  type ProvinceInfo {
    code: String!
    name: String!
  }

  "Cursor pagination: pass endCursor as 'after' to get the next page."
  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
  }

  enum Gender { WOMAN MAN TRANS_NON_BINARY }
  enum AgeBand { AGE_0_17 AGE_18_20 AGE_21_25 AGE_26_30 AGE_31_40 AGE_41_PLUS UNKNOWN }
  enum CasePhase { FIRST_CONTACT IDENTIFICATION IMMEDIATE_PROTECTION RESIDENTIAL_RECEPTION SEMI_AUTONOMY TERRITORIAL_CARE }
  enum CaseStatus { OPEN CLOSED }
  enum ExitOutcome { AUTONOMY ASSISTED_VOLUNTARY_RETURN OTHER_PROGRAMME TRANSFERRED DROPPED_OUT NOT_IDENTIFIED }
  enum Programme { ART_13 ART_18 }
  enum ExploitationType { SEXUAL LABOUR_AGRICULTURE LABOUR_CONSTRUCTION LABOUR_CATERING LABOUR_DOMESTIC_CARE LABOUR_OTHER BEGGING FORCED_ILLEGAL_ACTIVITIES FORCED_MARRIAGE }
  enum ReferralSource { STREET_UNIT DROP_IN NUMERO_VERDE COMMISSIONE_TERRITORIALE CAS POLICE HEALTH_SOCIAL_SERVICES SELF_REFERRAL OTHER_PROVINCE }
  enum ProtectionStatus { ASYLUM_SEEKER PROTECTION_HOLDER NONE }
  enum IdentificationOutcome { PENDING IDENTIFIED NOT_IDENTIFIED }
  enum ConsentKind { DATA_PROCESSING SHARE_WITH_COMMISSIONE SHARE_WITH_CAS TRANSFER_TO_PROVINCE }
  enum ServiceKind { HEALTH LEGAL PSYCHOLOGICAL CULTURAL_MEDIATION LANGUAGE_COURSE VOCATIONAL_TRAINING JOB_PLACEMENT HOUSING_SUPPORT ACCOMPANIMENT }
  enum LegalEventKind { COMPLAINT_FILED ASYLUM_APPLICATION COMMISSIONE_REPORT_SENT PERMIT_REQUESTED PERMIT_GRANTED PERMIT_DENIED PERMIT_RENEWED }
  enum PermitType { ART_18 ART_22 INTERNATIONAL_PROTECTION SPECIAL_PROTECTION OTHER }
  enum StructureType { EMERGENCY_SHELTER RESIDENTIAL_COMMUNITY SEMI_AUTONOMY HOUSING }
  enum PlaceTarget { WOMEN MEN TRANS WITH_CHILDREN MINORS }
  enum OutingKind { STREET_UNIT INDOOR DROP_IN }
  enum MaterialKind { LEAFLETS CONDOMS HYGIENE_KITS FOOD OTHER }
  enum TrainingKind { TRAINING AWARENESS }
  enum TrainingAudience { POLICE CAS_STAFF LOCAL_AUTHORITIES HEALTH_SERVICES SOCIAL_SERVICES SCHOOLS CITIZENS }
`;
