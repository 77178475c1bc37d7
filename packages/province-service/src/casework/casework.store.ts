import type { ConsentKind, LegalEventKind, PermitType, ServiceKind } from "@regional/schema";
import type { Case, Consent, Interview, LegalEvent, Person, Prisma, PrismaClient, ServiceDelivery } from "../db/database.ts";
import { illegal, notFound } from "../errors.ts";
import { pageQuery, type PageArgs } from "../operational/pagination.ts";
import {
  checkConsentCase,
  checkInterview,
  checkLegalEvent,
  checkNewConsent,
  checkRevocation,
  checkService,
  type CaseFacts,
  type Refusal,
} from "./casework.rules.ts";
import { violates } from "../db/constraint-violation.ts";

export interface NewConsent {
  personId: string;
  caseId: string | null;
  kind: ConsentKind;
  givenOn: Date;
  note: string | null;
}

export interface ConsentRevocation {
  consentId: string;
  on: Date;
}

export interface NewInterview {
  caseId: string;
  heldOn: Date;
  withMediator: boolean;
  mediatorLanguage: string | null;
  indicatorsFound: number;
  reportToCommissione: boolean;
  notes: string | null;
}

export interface NewServiceDelivery {
  caseId: string;
  kind: ServiceKind;
  deliveredOn: Date;
  note: string | null;
}

export interface NewLegalEvent {
  caseId: string;
  kind: LegalEventKind;
  occurredOn: Date;
  permitType: PermitType | null;
  note: string | null;
}

export interface LegalEventFilter {
  from?: Date;
  to?: Date;
  kind?: LegalEventKind;
  permitType?: PermitType;
}

/**
 * Consents, interviews, services and legal events. Every write re-checks its rules inside one
 * transaction, so a refused operation writes nothing and concurrent requests cannot break a rule.
 */
export interface CaseworkStore {
  findPerson(id: string): Promise<Person | null>;
  findCase(id: string): Promise<Case | null>;

  consentsOfPerson(personId: string): Promise<Consent[]>;
  recordConsent(consent: NewConsent): Promise<Consent>;
  revokeConsent(revocation: ConsentRevocation): Promise<Consent>;

  interviewsOfCase(caseId: string): Promise<Interview[]>;
  /** Assigns the next sequence number; with a report to the Commissione, also records the legal event. */
  recordInterview(interview: NewInterview): Promise<Interview>;

  servicesOfCase(caseId: string): Promise<ServiceDelivery[]>;
  recordService(service: NewServiceDelivery): Promise<ServiceDelivery>;

  legalEventsOfCase(caseId: string): Promise<LegalEvent[]>;
  listLegalEvents(filter: LegalEventFilter, page: PageArgs): Promise<LegalEvent[]>;
  recordLegalEvent(event: NewLegalEvent): Promise<LegalEvent>;
}

type Tx = Prisma.TransactionClient;

function refuse(refusal: Refusal | null): void {
  if (refusal) throw illegal(refusal.rule, refusal.reason, refusal.field);
}

/**
 * Locks the case row against other casework writes and against the case being closed meanwhile
 * (NO KEY UPDATE: rows of other tables may still reference the case), then reads what the rules need.
 */
async function lockCase(tx: Tx, caseId: string): Promise<CaseFacts> {
  await tx.$queryRaw`SELECT 1 FROM "Case" WHERE "id" = ${caseId}::uuid FOR NO KEY UPDATE`;
  const kase = await tx.case.findUnique({
    where: { id: caseId },
    select: { id: true, personId: true, status: true, openedOn: true, closedOn: true },
  });
  if (!kase) throw notFound("Case", caseId);
  return kase;
}

export function prismaCaseworkStore(prisma: PrismaClient): CaseworkStore {
  return {
    findPerson: (id) => prisma.person.findUnique({ where: { id } }),
    findCase: (id) => prisma.case.findUnique({ where: { id } }),

    consentsOfPerson: (personId) =>
      prisma.consent.findMany({ where: { personId }, orderBy: [{ givenOn: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),

    recordConsent: async (consent) => {
      try {
        return await prisma.$transaction(async (tx) => {
          const person = await tx.person.findUnique({ where: { id: consent.personId }, select: { id: true } });
          if (!person) throw notFound("Person", consent.personId);
          if (consent.caseId) {
            const kase = await tx.case.findUnique({
              where: { id: consent.caseId },
              select: { id: true, personId: true, status: true, openedOn: true, closedOn: true },
            });
            if (!kase) throw notFound("Case", consent.caseId);
            refuse(checkConsentCase(kase, consent.personId));
          }
          const existing = await tx.consent.findMany({ where: { personId: consent.personId, kind: consent.kind } });
          refuse(checkNewConsent(existing, consent.kind));
          return tx.consent.create({ data: consent });
        });
      } catch (error) {
        // Two requests at once: the partial unique index lets only one unrevoked consent per kind in.
        if (violates(error, "Consent_one_active_per_kind")) {
          throw illegal("consent-already-active", `The person already has an active ${consent.kind} consent; revoke it first`, "input.kind");
        }
        throw error;
      }
    },

    revokeConsent: ({ consentId, on }) =>
      prisma.$transaction(async (tx) => {
        const consent = await tx.consent.findUnique({ where: { id: consentId } });
        if (!consent) throw notFound("Consent", consentId);
        refuse(checkRevocation(consent, on));
        // Conditional update: of two revocations at once, only one finds the consent unrevoked.
        const { count } = await tx.consent.updateMany({ where: { id: consentId, revokedOn: null }, data: { revokedOn: on } });
        if (count === 0) throw illegal("consent-already-revoked", "The consent was already revoked");
        return tx.consent.findUniqueOrThrow({ where: { id: consentId } });
      }),

    interviewsOfCase: (caseId) => prisma.interview.findMany({ where: { caseId }, orderBy: [{ sequence: "asc" }] }),

    recordInterview: async (interview) => {
      try {
        return await prisma.$transaction(async (tx) => {
          const kase = await lockCase(tx, interview.caseId);
          const previous = await tx.interview.findMany({ where: { caseId: kase.id }, select: { sequence: true, heldOn: true } });
          const checked = checkInterview(kase, previous, interview.heldOn);
          if (checked.refusal) refuse(checked.refusal);
          const created = await tx.interview.create({ data: { ...interview, sequence: checked.sequence! } });
          if (interview.reportToCommissione) {
            await tx.legalEvent.create({
              data: {
                caseId: kase.id,
                kind: "COMMISSIONE_REPORT_SENT",
                occurredOn: interview.heldOn,
                note: `Written report sent with interview ${created.sequence}`,
              },
            });
          }
          return created;
        });
      } catch (error) {
        // Only reachable if the case lock was bypassed; the database still keeps the numbering 1..5.
        if (violates(error, "Interview_sequence")) {
          throw illegal("interview-limit-reached", "A case has at most 5 interviews");
        }
        if (violates(error, "Interview_caseId_sequence_key")) {
          throw illegal("interview-recorded-concurrently", "Another interview of this case was recorded at the same time; reload and retry");
        }
        throw error;
      }
    },

    servicesOfCase: (caseId) => prisma.serviceDelivery.findMany({ where: { caseId }, orderBy: [{ deliveredOn: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),

    recordService: (service) =>
      prisma.$transaction(async (tx) => {
        const kase = await lockCase(tx, service.caseId);
        refuse(checkService(kase, service.deliveredOn));
        return tx.serviceDelivery.create({ data: service });
      }),

    legalEventsOfCase: (caseId) => prisma.legalEvent.findMany({ where: { caseId }, orderBy: [{ occurredOn: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),

    listLegalEvents: (filter, page) =>
      prisma.legalEvent.findMany({
        where: {
          occurredOn: { gte: filter.from, lte: filter.to },
          kind: filter.kind,
          permitType: filter.permitType,
        },
        orderBy: [{ occurredOn: "desc" }, { id: "asc" }],
        ...pageQuery(page),
      }),

    recordLegalEvent: (event) =>
      prisma.$transaction(async (tx) => {
        const kase = await lockCase(tx, event.caseId);
        if (event.permitType) {
          const existing = await tx.legalEvent.findMany({
            where: { caseId: kase.id, permitType: event.permitType },
            select: { kind: true, occurredOn: true, permitType: true },
          });
          refuse(checkLegalEvent(existing, event));
        }
        return tx.legalEvent.create({ data: event });
      }),
  };
}
