import type { Resolvers } from "../generated/graphql.ts";
import { notFound, parseInput } from "../errors.ts";
import { toPage } from "../operational/pagination.ts";
import {
  caseFilter,
  closeCaseInput,
  id,
  moveCaseToPhaseInput,
  openCaseInput,
  personFilter,
  recordIdentificationOutcomeInput,
  registerPersonInput,
  setProgrammeInput,
  updateCaseDetailsInput,
  updatePersonInput,
} from "./cases.rules.ts";
import type { CaseRow } from "./cases.store.ts";

export const casesResolvers: Resolvers = {
  Query: {
    person: (_parent, args, { stores }) => stores.cases.person(parseInput(id, args.id, "id")),
    people: async (_parent, args, { stores }) => {
      const filter = parseInput(personFilter, args.filter ?? {}, "filter");
      return toPage(await stores.cases.people(filter, args), args);
    },
    case: (_parent, args, { stores }) => stores.cases.case(parseInput(id, args.id, "id")),
    cases: async (_parent, args, { stores }) => {
      const filter = parseInput(caseFilter, args.filter ?? {}, "filter");
      return toPage(await stores.cases.cases(filter, args), args);
    },
  },
  Mutation: {
    registerPerson: (_parent, { input }, { stores, clock }) => stores.cases.registerPerson(parseInput(registerPersonInput(clock.today()), input)),
    updatePerson: async (_parent, args, { stores, clock }) => {
      const personId = parseInput(id, args.id, "id");
      const patch = parseInput(updatePersonInput(clock.today()), args.input);
      return stores.cases.updatePerson(personId, patch);
    },
    openCase: (_parent, { input }, { stores, clock, province }) =>
      stores.cases.openCase(parseInput(openCaseInput(clock.today()), input), { province: province.code, today: clock.today() }),
    moveCaseToPhase: (_parent, { input }, { stores, clock }) =>
      stores.cases.moveCaseToPhase(parseInput(moveCaseToPhaseInput(clock.today()), input), clock.today()),
    recordIdentificationOutcome: (_parent, { input }, { stores, clock }) =>
      stores.cases.recordIdentificationOutcome(parseInput(recordIdentificationOutcomeInput(clock.today()), input), clock.today()),
    updateCaseDetails: (_parent, { input }, { stores }) => stores.cases.updateCaseDetails(parseInput(updateCaseDetailsInput, input)),
    setProgramme: (_parent, { input }, { stores }) => stores.cases.setProgramme(parseInput(setProgrammeInput, input)),
    closeCase: (_parent, { input }, { stores, clock }) => stores.cases.closeCase(parseInput(closeCaseInput(clock.today()), input), clock.today()),
  },
  Person: {
    cases: (person, _args, { stores }) => stores.cases.casesOfPerson(person.id),
  },
  Case: {
    person: async (c, _args, { stores }) => {
      const person = await stores.cases.person(c.personId);
      if (!person) throw notFound("Person", c.personId); // cannot happen: a foreign key guards it
      return person;
    },
    phases: (c, _args, { stores }) => stores.cases.phases(c.id),
    exploitationTypes: (c, _args, { stores }) => {
      // List queries fetch the types with the cases; other modules may hand over bare rows.
      const included = (c as CaseRow).exploitations;
      return included ? included.map((e) => e.type) : stores.cases.exploitationTypes(c.id);
    },
  },
};
