import type { TeamRole } from "@regional/schema";

/**
 * Who may call which root field of the operational API: the least role it needs (a coordinator
 * may do everything an operator may). Operators work on cases: people, cases, casework,
 * placements, outreach, training, and read structures and capacity. Coordinators also manage
 * structures and places and the staff registry. A field missing here is refused to everyone
 * (permissions.test.ts fails until it is added), so a new field never opens by default.
 */
export const OPERATIONAL_PERMISSIONS: { Query: Record<string, TeamRole>; Mutation: Record<string, TeamRole> } = {
  Query: {
    province: "operator",
    me: "operator",
    // cases
    person: "operator",
    people: "operator",
    case: "operator",
    cases: "operator",
    // casework
    legalEvents: "operator",
    // capacity (reading it is how an operator finds a place)
    structure: "operator",
    structures: "operator",
    place: "operator",
    capacity: "operator",
    // outreach and training
    outings: "operator",
    outing: "operator",
    outreachSummary: "operator",
    trainingEvents: "operator",
    // transfers between provinces are casework (the person's case moves)
    transfer: "operator",
    transfers: "operator",
    // staff registry
    staff: "coordinator",
    // the audit trail (who read or wrote whose personal data)
    auditEntries: "coordinator",
  },
  Mutation: {
    _noop: "coordinator",
    // cases
    registerPerson: "operator",
    updatePerson: "operator",
    openCase: "operator",
    moveCaseToPhase: "operator",
    recordIdentificationOutcome: "operator",
    updateCaseDetails: "operator",
    setProgramme: "operator",
    closeCase: "operator",
    // casework
    recordConsent: "operator",
    revokeConsent: "operator",
    recordInterview: "operator",
    recordService: "operator",
    recordLegalEvent: "operator",
    // placements are casework
    placePerson: "operator",
    endPlacement: "operator",
    movePerson: "operator",
    // structures and places
    createStructure: "coordinator",
    updateStructure: "coordinator",
    addPlaces: "coordinator",
    setPlaceActive: "coordinator",
    // outreach and training
    recordOuting: "operator",
    recordTrainingEvent: "operator",
    // transfers: asking, answering and travelling are casework; accepting holds a place as a placement does
    requestTransfer: "operator",
    cancelTransfer: "operator",
    markDeparture: "operator",
    acceptTransfer: "operator",
    declineTransfer: "operator",
    markArrival: "operator",
    // staff registry
    grantStaffRole: "coordinator",
    revokeStaffRole: "coordinator",
  },
};

/** Introspection and __typename: any member of the staff (the schema is no secret to them). */
export const META_FIELD_ROLE: TeamRole = "operator";
