import type { Resolvers } from "../generated/graphql.ts";
import { notFound, parseInput } from "../errors.ts";
import type { OperationalContext } from "../operational/context.ts";
import { toPage } from "../operational/pagination.ts";
import {
  legalEventFilter,
  recordConsentInput,
  recordInterviewInput,
  recordLegalEventInput,
  recordServiceInput,
  revokeConsentInput,
} from "./casework.rules.ts";

/** The case a casework row belongs to; the foreign key guarantees it exists. */
async function caseOf({ caseId }: { caseId: string }, _args: unknown, { stores }: OperationalContext) {
  const kase = await stores.casework.findCase(caseId);
  if (!kase) throw notFound("Case", caseId);
  return kase;
}

export const caseworkResolvers: Resolvers = {
  Query: {
    legalEvents: async (_parent, args, { stores }) => {
      const filter = parseInput(legalEventFilter, args.filter ?? {}, "filter");
      return toPage(await stores.casework.listLegalEvents(filter, args), args);
    },
  },
  Mutation: {
    recordConsent: async (_parent, { input }, { stores, clock }) =>
      stores.casework.recordConsent(parseInput(recordConsentInput(clock.today()), input)),
    revokeConsent: async (_parent, { input }, { stores, clock }) =>
      stores.casework.revokeConsent(parseInput(revokeConsentInput(clock.today()), input)),
    recordInterview: async (_parent, { input }, { stores, clock }) =>
      stores.casework.recordInterview(parseInput(recordInterviewInput(clock.today()), input)),
    recordService: async (_parent, { input }, { stores, clock }) =>
      stores.casework.recordService(parseInput(recordServiceInput(clock.today()), input)),
    recordLegalEvent: async (_parent, { input }, { stores, clock }) =>
      stores.casework.recordLegalEvent(parseInput(recordLegalEventInput(clock.today()), input)),
  },
  Person: {
    consents: (person, _args, { stores }) => stores.casework.consentsOfPerson(person.id),
  },
  Case: {
    // Consent is the person's, whichever case it was recorded in: the case shows all of them.
    consents: (kase, _args, { stores }) => stores.casework.consentsOfPerson(kase.personId),
    interviews: (kase, _args, { stores }) => stores.casework.interviewsOfCase(kase.id),
    services: (kase, _args, { stores }) => stores.casework.servicesOfCase(kase.id),
    legalEvents: (kase, _args, { stores }) => stores.casework.legalEventsOfCase(kase.id),
  },
  Consent: {
    active: (consent) => consent.revokedOn === null,
    person: async (consent, _args, { stores }) => {
      const person = await stores.casework.findPerson(consent.personId);
      if (!person) throw notFound("Person", consent.personId);
      return person;
    },
    case: (consent, args, ctx) => (consent.caseId ? caseOf({ caseId: consent.caseId }, args, ctx) : null),
  },
  Interview: { case: caseOf },
  ServiceDelivery: { case: caseOf },
  LegalEvent: { case: caseOf },
};
