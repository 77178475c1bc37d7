import { randomUUID } from "node:crypto";
import { BREAKDOWN_NAMES, COUNTER_NAMES, formatDate, provinceByCode, type CasePhase, type ProvinceFigures } from "@regional/schema";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import { openDatabase, type Database, type PrismaClient } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { testAuth } from "../testing/tokens.ts";
import { placeTotals, toBreakdowns, toCapacityFigures, type BreakdownRow } from "./aggregate.ts";
import { prismaFiguresStore } from "./figures.store.ts";
import {
  isCaseActiveInPeriod,
  isDayInPeriod,
  isHoldCurrentOn,
  isPlaceOccupiedOn,
  phaseAtEndOfPeriod,
  type Period,
} from "./period.ts";

const day = (s: string) => new Date(`${s}T00:00:00Z`);

const Q1: Period = { from: "2026-01-01", to: "2026-03-31" };
const Q2: Period = { from: "2026-04-01", to: "2026-06-30" };
const NEW_YEARS_EVE: Period = { from: "2025-12-31", to: "2025-12-31" };

interface CaseSpec {
  ref: string;
  person: string;
  openedOn: string;
  closedOn?: string;
  exitOutcome?: "AUTONOMY" | "DROPPED_OUT" | "OTHER_PROGRAMME" | "NOT_IDENTIFIED";
  phase: CasePhase;
  phases: { phase: CasePhase; startedOn: string; recordedAt?: string }[];
  referralSource: "STREET_UNIT" | "NUMERO_VERDE" | "POLICE" | "SELF_REFERRAL" | "OTHER_PROVINCE" | "CAS";
  ageBand: "AGE_0_17" | "AGE_18_20" | "AGE_21_25" | "AGE_26_30" | "AGE_31_40" | "AGE_41_PLUS";
  exploitations: (
    | "SEXUAL"
    | "BEGGING"
    | "LABOUR_AGRICULTURE"
    | "LABOUR_DOMESTIC_CARE"
    | "FORCED_ILLEGAL_ACTIVITIES"
    | "LABOUR_CONSTRUCTION"
    | "LABOUR_OTHER"
  )[];
  identification?: { outcome: "IDENTIFIED" | "NOT_IDENTIFIED"; on: string };
  byTransfer?: boolean;
}

/**
 * A small hand-made province. The expected figures below were worked out by hand from this
 * data (see the comments next to each number), not by running the code.
 */
async function seedHandMadeProvince(prisma: PrismaClient): Promise<void> {
  const persons = {
    A: { gender: "WOMAN", citizenship: "NG" },
    B: { gender: "WOMAN", citizenship: "NG" },
    C: { gender: "MAN", citizenship: " ro" }, // typed in lower case: counted as RO
    D: { gender: "TRANS_NON_BINARY", citizenship: "BR" },
    E: { gender: "WOMAN", citizenship: "AL" },
    F: { gender: "MAN", citizenship: "PK" },
    G: { gender: "WOMAN", citizenship: "NGA" }, // alpha-3: the same country as NG
    H: { gender: "WOMAN", citizenship: "NG" },
  } as const;
  const personIds: Record<string, string> = {};
  for (const [name, p] of Object.entries(persons)) {
    personIds[name] = (await prisma.person.create({ data: { givenName: `Person ${name}`, familyName: "Test", ...p } })).id;
  }

  const cases: CaseSpec[] = [
    {
      ref: "c1", person: "A", openedOn: "2025-11-10", phase: "RESIDENTIAL_RECEPTION", referralSource: "STREET_UNIT", ageBand: "AGE_18_20",
      exploitations: ["SEXUAL"], identification: { outcome: "IDENTIFIED", on: "2026-01-20" },
      phases: [
        { phase: "FIRST_CONTACT", startedOn: "2025-11-10" },
        { phase: "IMMEDIATE_PROTECTION", startedOn: "2026-02-01" },
        { phase: "RESIDENTIAL_RECEPTION", startedOn: "2026-05-15" },
      ],
    },
    {
      // opened on the last day of Q1
      ref: "c2", person: "B", openedOn: "2026-03-31", phase: "IMMEDIATE_PROTECTION", referralSource: "NUMERO_VERDE", ageBand: "AGE_0_17",
      exploitations: ["SEXUAL", "BEGGING"],
      phases: [
        { phase: "IDENTIFICATION", startedOn: "2026-03-31" },
        { phase: "IMMEDIATE_PROTECTION", startedOn: "2026-04-02" },
      ],
    },
    {
      // closed on the first day of Q1; a late phase entry after closing must not count
      ref: "c3", person: "C", openedOn: "2025-06-01", closedOn: "2026-01-01", exitOutcome: "AUTONOMY", phase: "SEMI_AUTONOMY",
      referralSource: "POLICE", ageBand: "AGE_31_40", exploitations: ["LABOUR_AGRICULTURE"],
      phases: [
        { phase: "IDENTIFICATION", startedOn: "2025-06-01" },
        { phase: "SEMI_AUTONOMY", startedOn: "2025-09-01" },
        { phase: "TERRITORIAL_CARE", startedOn: "2026-01-15" },
      ],
    },
    {
      // closed the day before Q1; no phase history at all (falls back to its phase)
      ref: "c4", person: "D", openedOn: "2025-10-01", closedOn: "2025-12-31", exitOutcome: "DROPPED_OUT", phase: "IDENTIFICATION",
      referralSource: "SELF_REFERRAL", ageBand: "AGE_21_25", exploitations: ["FORCED_ILLEGAL_ACTIVITIES"], phases: [],
    },
    {
      // arrived by transfer from another province: active, never "new"
      ref: "c5", person: "E", openedOn: "2026-02-15", closedOn: "2026-05-10", exitOutcome: "OTHER_PROGRAMME", phase: "SEMI_AUTONOMY",
      referralSource: "OTHER_PROVINCE", ageBand: "AGE_26_30", exploitations: ["LABOUR_DOMESTIC_CARE"], byTransfer: true,
      phases: [
        { phase: "RESIDENTIAL_RECEPTION", startedOn: "2026-02-15" },
        { phase: "SEMI_AUTONOMY", startedOn: "2026-04-01" },
      ],
    },
    {
      // opened on the first day of Q2 and closed on its last day
      ref: "c6", person: "F", openedOn: "2026-04-01", closedOn: "2026-06-30", exitOutcome: "NOT_IDENTIFIED", phase: "IDENTIFICATION",
      referralSource: "CAS", ageBand: "AGE_41_PLUS", exploitations: ["LABOUR_CONSTRUCTION", "LABOUR_OTHER"],
      identification: { outcome: "NOT_IDENTIFIED", on: "2026-06-20" },
      phases: [{ phase: "IDENTIFICATION", startedOn: "2026-04-01" }],
    },
    {
      // two changes on 2026-03-01: the one recorded last (IMMEDIATE_PROTECTION) wins, although inserted first
      ref: "c7", person: "G", openedOn: "2026-01-10", phase: "IMMEDIATE_PROTECTION", referralSource: "STREET_UNIT", ageBand: "AGE_21_25",
      exploitations: ["SEXUAL"], identification: { outcome: "IDENTIFIED", on: "2026-04-05" },
      phases: [
        { phase: "FIRST_CONTACT", startedOn: "2026-01-10" },
        { phase: "IDENTIFICATION", startedOn: "2026-01-20" },
        { phase: "IMMEDIATE_PROTECTION", startedOn: "2026-03-01", recordedAt: "2026-03-01T10:00:00Z" },
        { phase: "IDENTIFICATION", startedOn: "2026-03-01", recordedAt: "2026-03-01T09:00:00Z" },
      ],
    },
    {
      ref: "c8", person: "H", openedOn: "2026-07-01", phase: "FIRST_CONTACT", referralSource: "STREET_UNIT", ageBand: "AGE_18_20",
      exploitations: ["SEXUAL"], phases: [{ phase: "FIRST_CONTACT", startedOn: "2026-07-01" }],
    },
  ];
  const caseIds: Record<string, string> = {};
  for (const c of cases) {
    const created = await prisma.case.create({
      data: {
        reference: `BG-TEST-${c.ref}`,
        personId: personIds[c.person]!,
        status: c.closedOn ? "CLOSED" : "OPEN",
        openedOn: day(c.openedOn),
        closedOn: c.closedOn ? day(c.closedOn) : null,
        exitOutcome: c.exitOutcome ?? null,
        phase: c.phase,
        referralSource: c.referralSource,
        ageBand: c.ageBand,
        minorAtOpening: c.ageBand === "AGE_0_17",
        identification: c.identification?.outcome ?? "PENDING",
        identifiedOn: c.identification ? day(c.identification.on) : null,
        openedByTransferId: c.byTransfer ? randomUUID() : null,
        exploitations: { create: c.exploitations.map((type) => ({ type })) },
        phases: {
          create: c.phases.map((p) => ({ phase: p.phase, startedOn: day(p.startedOn), ...(p.recordedAt ? { createdAt: new Date(p.recordedAt) } : {}) })),
        },
      },
    });
    caseIds[c.ref] = created.id;
  }
  const id = (ref: string) => caseIds[ref]!;

  await prisma.interview.createMany({
    data: [
      { caseId: id("c1"), sequence: 1, heldOn: day("2025-11-20"), withMediator: true },
      { caseId: id("c2"), sequence: 1, heldOn: day("2026-03-31"), withMediator: true },
      { caseId: id("c2"), sequence: 2, heldOn: day("2026-04-10"), withMediator: true },
      { caseId: id("c7"), sequence: 1, heldOn: day("2026-01-20"), withMediator: false },
      { caseId: id("c7"), sequence: 2, heldOn: day("2026-02-05"), withMediator: false },
      { caseId: id("c6"), sequence: 1, heldOn: day("2026-04-03"), withMediator: true },
      { caseId: id("c4"), sequence: 1, heldOn: day("2025-12-31"), withMediator: true },
    ],
  });
  await prisma.legalEvent.createMany({
    data: [
      { caseId: id("c1"), kind: "COMPLAINT_FILED", occurredOn: day("2026-01-05") },
      { caseId: id("c1"), kind: "PERMIT_REQUESTED", occurredOn: day("2026-02-10"), permitType: "ART_18" },
      { caseId: id("c1"), kind: "PERMIT_GRANTED", occurredOn: day("2026-05-20"), permitType: "ART_18" },
      { caseId: id("c7"), kind: "PERMIT_REQUESTED", occurredOn: day("2026-03-31"), permitType: "ART_18" },
      { caseId: id("c7"), kind: "PERMIT_DENIED", occurredOn: day("2026-06-01"), permitType: "ART_18" },
      { caseId: id("c3"), kind: "PERMIT_GRANTED", occurredOn: day("2026-01-01"), permitType: "ART_22" },
      { caseId: id("c5"), kind: "PERMIT_RENEWED", occurredOn: day("2026-04-20"), permitType: "ART_18" },
    ],
  });
  await prisma.serviceDelivery.createMany({
    data: [
      { caseId: id("c1"), kind: "JOB_PLACEMENT", deliveredOn: day("2026-06-30") },
      { caseId: id("c1"), kind: "HEALTH", deliveredOn: day("2026-02-01") },
      { caseId: id("c3"), kind: "JOB_PLACEMENT", deliveredOn: day("2025-12-31") },
      { caseId: id("c5"), kind: "JOB_PLACEMENT", deliveredOn: day("2026-03-01") },
      { caseId: id("c5"), kind: "VOCATIONAL_TRAINING", deliveredOn: day("2026-03-02") },
    ],
  });
  for (const o of [
    { kind: "STREET_UNIT", heldOn: "2026-01-01", contacts: 10, newContacts: 4, accompaniments: 1 },
    { kind: "STREET_UNIT", heldOn: "2026-03-31", contacts: 7, newContacts: 2, accompaniments: 0 },
    { kind: "DROP_IN", heldOn: "2025-12-31", contacts: 5, newContacts: 5, accompaniments: 2 },
    { kind: "INDOOR", heldOn: "2026-04-01", contacts: 3, newContacts: 0, accompaniments: 1 },
  ] as const) {
    await prisma.outreachOuting.create({
      data: {
        ...o,
        heldOn: day(o.heldOn),
        area: "Zingonia",
        operators: 2,
        notes: "private note, never in figures",
        materials: { create: [{ kind: "LEAFLETS", quantity: 20 }] },
      },
    });
  }
  await prisma.trainingEvent.createMany({
    data: [
      { kind: "TRAINING", audience: "POLICE", heldOn: day("2026-02-10"), title: "Indicatori", participants: 20 },
      { kind: "AWARENESS", audience: "CITIZENS", heldOn: day("2026-03-31"), title: "Serata", participants: 15 },
      { kind: "TRAINING", audience: "CAS_STAFF", heldOn: day("2026-04-01"), title: "CAS", participants: 30 },
    ],
  });

  const aurora = await prisma.structure.create({ data: { name: "Casa Aurora", type: "EMERGENCY_SHELTER", municipality: "Bergamo" } });
  const iris = await prisma.structure.create({ data: { name: "Comunità Iris", type: "RESIDENTIAL_COMMUNITY", municipality: "Treviglio" } });
  const closed = await prisma.structure.create({ data: { name: "Alloggio chiuso", type: "HOUSING", municipality: "Dalmine", active: false } });
  const place = async (structureId: string, label: string, target: "WOMEN" | "MEN" | "MINORS" | "WITH_CHILDREN", active = true) =>
    (await prisma.place.create({ data: { structureId, label, target, active } })).id;
  const a1 = await place(aurora.id, "A1", "WOMEN");
  const a2 = await place(aurora.id, "A2", "WOMEN");
  const a3 = await place(aurora.id, "A3", "MINORS");
  const a4 = await place(aurora.id, "A4", "WOMEN", false); // inactive place in an active structure
  const b1 = await place(iris.id, "B1", "WOMEN");
  const b2 = await place(iris.id, "B2", "WITH_CHILDREN");
  const h1 = await place(closed.id, "H1", "MEN"); // active place in an inactive structure
  const placement = (caseRef: string, placeId: string, startOn: string, endOn: string | null) => ({
    caseId: id(caseRef),
    placeId,
    startOn: day(startOn),
    endOn: endOn ? day(endOn) : null,
  });
  await prisma.placement.createMany({
    data: [
      placement("c1", a1, "2026-02-01", "2026-05-15"),
      placement("c1", b1, "2026-05-15", null),
      placement("c2", a3, "2026-03-31", null), // starts on the last day of Q1
      placement("c5", a2, "2026-02-15", "2026-03-31"), // ends (leaves) on the last day of Q1
      placement("c5", b2, "2026-04-01", "2026-05-10"),
      placement("c6", a2, "2026-04-01", "2026-06-30"), // ends on the last day of Q2
      placement("c7", a4, "2026-03-01", null),
      placement("c3", h1, "2025-09-01", "2026-01-01"),
    ],
  });
  // Places held for incoming transfers (not free, not occupied while the hold lasts).
  const hold = (placeId: string, holdFrom: string, holdReleasedOn: string | null) => ({
    id: randomUUID(),
    direction: "INCOMING" as const,
    origin: "LO",
    destination: "BG",
    state: holdReleasedOn ? ("ARRIVED" as const) : ("ACCEPTED" as const),
    gender: "WOMAN" as const,
    ageBand: "AGE_21_25" as const,
    withChildren: true,
    accommodation: "RESIDENTIAL_COMMUNITY" as const,
    urgency: "URGENT" as const,
    reason: "SAFETY" as const,
    sharedFields: [],
    requestedAt: new Date(`${holdFrom}T08:00:00Z`),
    heldPlaceId: placeId,
    holdFrom: day(holdFrom),
    holdReleasedOn: holdReleasedOn ? day(holdReleasedOn) : null,
  });
  await prisma.transfer.createMany({
    data: [
      hold(b2, "2026-06-01", "2026-07-15"), // held at the end of Q2
      hold(a1, "2026-06-10", "2026-06-30"), // released on the last day of Q2: free then
      hold(b1, "2026-06-15", null), // held, but c1 occupies it: counted once, as occupied
    ],
  });
}

const EXPECTED: Record<string, ProvinceFigures> = {
  Q1: {
    outings: 2, // 01-01 and 03-31; the 12-31 drop-in is outside
    contacts: 17, // 10 + 7
    accompaniments: 1,
    newCases: 2, // c2 (opened on `to`), c7; c5 came by transfer
    activeCases: 5, // c1, c2, c3 (closed on `from`), c5, c7; not c4 (closed 12-31), c6, c8
    closedCases: 1, // c3
    personsAssessed: 2, // c2 (03-31), c7 (two interviews, counted once)
    personsIdentified: 1, // c1 on 01-20; c7 only on 04-05
    permitsRequested: 2, // c1 02-10, c7 03-31
    permitsGranted: 1, // c3 01-01
    jobPlacements: 1, // c5 03-01
    trainingEvents: 2,
    trainingParticipants: 35,
    placesTotal: 5, // A1 A2 A3 B1 B2 (A4 inactive, H1 in an inactive structure)
    placesOccupied: 2, // A1 (c1), A3 (c2 from 03-31); A2 freed on 03-31
    placesFree: 3,
    placesHeld: 0, // the holds start in June
    transfersIn: 1, // c5
    transfersOut: 0,
    byPhase: [
      { key: "IMMEDIATE_PROTECTION", count: 2 }, // c1, c7 (same-day tie)
      { key: "IDENTIFICATION", count: 1 }, // c2
      { key: "RESIDENTIAL_RECEPTION", count: 1 }, // c5
      { key: "SEMI_AUTONOMY", count: 1 }, // c3 at closing, not the later TERRITORIAL_CARE
    ],
    byGender: [
      { key: "WOMAN", count: 4 },
      { key: "MAN", count: 1 },
    ],
    byAgeBand: [
      { key: "AGE_0_17", count: 1 },
      { key: "AGE_18_20", count: 1 },
      { key: "AGE_21_25", count: 1 },
      { key: "AGE_26_30", count: 1 },
      { key: "AGE_31_40", count: 1 },
    ],
    byCitizenship: [
      { key: "NG", count: 3 }, // A, B (NG) and G (NGA)
      { key: "AL", count: 1 },
      { key: "RO", count: 1 },
    ],
    byExploitationType: [
      { key: "SEXUAL", count: 3 },
      { key: "BEGGING", count: 1 },
      { key: "LABOUR_AGRICULTURE", count: 1 },
      { key: "LABOUR_DOMESTIC_CARE", count: 1 },
    ],
    byReferralSource: [
      { key: "STREET_UNIT", count: 2 },
      { key: "NUMERO_VERDE", count: 1 },
      { key: "OTHER_PROVINCE", count: 1 },
      { key: "POLICE", count: 1 },
    ],
    exitsByOutcome: [{ key: "AUTONOMY", count: 1 }],
    places: [
      { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 2, occupied: 1, free: 1 },
      { structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 1, occupied: 1, free: 0 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 1, occupied: 0, free: 1 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WITH_CHILDREN", total: 1, occupied: 0, free: 1 },
    ],
  },
  Q2: {
    outings: 1,
    contacts: 3,
    accompaniments: 1,
    newCases: 1, // c6 (opened on `from`)
    activeCases: 5, // c1, c2, c5, c6, c7
    closedCases: 2, // c5, c6 (closed on `to`)
    personsAssessed: 2, // c2, c6
    personsIdentified: 1, // c7; c6 was NOT identified
    permitsRequested: 0,
    permitsGranted: 1, // c1
    jobPlacements: 1, // c1 on 06-30
    trainingEvents: 1,
    trainingParticipants: 30,
    placesTotal: 5,
    placesOccupied: 2, // A3 (c2), B1 (c1); A2 freed on 06-30
    placesFree: 2,
    placesHeld: 1, // B2; A1's hold ended on 06-30; B1 is held but occupied
    transfersIn: 0,
    transfersOut: 0,
    byPhase: [
      { key: "IMMEDIATE_PROTECTION", count: 2 }, // c2, c7
      { key: "IDENTIFICATION", count: 1 }, // c6
      { key: "RESIDENTIAL_RECEPTION", count: 1 }, // c1
      { key: "SEMI_AUTONOMY", count: 1 }, // c5 at closing
    ],
    byGender: [
      { key: "WOMAN", count: 4 },
      { key: "MAN", count: 1 },
    ],
    byAgeBand: [
      { key: "AGE_0_17", count: 1 },
      { key: "AGE_18_20", count: 1 },
      { key: "AGE_21_25", count: 1 },
      { key: "AGE_26_30", count: 1 },
      { key: "AGE_41_PLUS", count: 1 },
    ],
    byCitizenship: [
      { key: "NG", count: 3 },
      { key: "AL", count: 1 },
      { key: "PK", count: 1 },
    ],
    byExploitationType: [
      { key: "SEXUAL", count: 3 },
      { key: "BEGGING", count: 1 },
      { key: "LABOUR_CONSTRUCTION", count: 1 },
      { key: "LABOUR_DOMESTIC_CARE", count: 1 },
      { key: "LABOUR_OTHER", count: 1 },
    ],
    byReferralSource: [
      { key: "STREET_UNIT", count: 2 },
      { key: "CAS", count: 1 },
      { key: "NUMERO_VERDE", count: 1 },
      { key: "OTHER_PROVINCE", count: 1 },
    ],
    exitsByOutcome: [
      { key: "NOT_IDENTIFIED", count: 1 },
      { key: "OTHER_PROGRAMME", count: 1 },
    ],
    places: [
      { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 2, occupied: 0, free: 2 },
      { structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 1, occupied: 1, free: 0 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 1, occupied: 1, free: 0 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WITH_CHILDREN", total: 1, occupied: 0, free: 0 }, // B2 held
    ],
  },
  NEW_YEARS_EVE: {
    outings: 1, // the drop-in
    contacts: 5,
    accompaniments: 2,
    newCases: 0,
    activeCases: 3, // c1, c3, c4 (closed that very day)
    closedCases: 1, // c4
    personsAssessed: 1, // c4
    personsIdentified: 0,
    permitsRequested: 0,
    permitsGranted: 0,
    jobPlacements: 1, // c3
    trainingEvents: 0,
    trainingParticipants: 0,
    placesTotal: 5,
    placesOccupied: 0, // H1 is occupied but its structure is inactive
    placesFree: 5,
    placesHeld: 0,
    transfersIn: 0,
    transfersOut: 0,
    byPhase: [
      { key: "FIRST_CONTACT", count: 1 }, // c1
      { key: "IDENTIFICATION", count: 1 }, // c4, no history: its phase
      { key: "SEMI_AUTONOMY", count: 1 }, // c3
    ],
    byGender: [
      { key: "MAN", count: 1 },
      { key: "TRANS_NON_BINARY", count: 1 },
      { key: "WOMAN", count: 1 },
    ],
    byAgeBand: [
      { key: "AGE_18_20", count: 1 },
      { key: "AGE_21_25", count: 1 },
      { key: "AGE_31_40", count: 1 },
    ],
    byCitizenship: [
      { key: "BR", count: 1 },
      { key: "NG", count: 1 },
      { key: "RO", count: 1 },
    ],
    byExploitationType: [
      { key: "FORCED_ILLEGAL_ACTIVITIES", count: 1 },
      { key: "LABOUR_AGRICULTURE", count: 1 },
      { key: "SEXUAL", count: 1 },
    ],
    byReferralSource: [
      { key: "POLICE", count: 1 },
      { key: "SELF_REFERRAL", count: 1 },
      { key: "STREET_UNIT", count: 1 },
    ],
    exitsByOutcome: [{ key: "DROPPED_OUT", count: 1 }],
    places: [
      { structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 2, occupied: 0, free: 2 },
      { structureType: "EMERGENCY_SHELTER", target: "MINORS", total: 1, occupied: 0, free: 1 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WOMEN", total: 1, occupied: 0, free: 1 },
      { structureType: "RESIDENTIAL_COMMUNITY", target: "WITH_CHILDREN", total: 1, occupied: 0, free: 1 },
    ],
  },
};

/**
 * The same figures computed row by row in JS with the period.ts definitions: a second, independent
 * implementation to cross-check the SQL on data nobody worked out by hand.
 */
async function referenceFigures(prisma: PrismaClient, period: Period): Promise<ProvinceFigures> {
  const within = (d: Date | null) => isDayInPeriod(d ? formatDate(d) : null, period);
  const [cases, outings, interviews, legal, services, training, places, holds] = await Promise.all([
    prisma.case.findMany({ include: { person: true, phases: true, exploitations: true } }),
    prisma.outreachOuting.findMany(),
    prisma.interview.findMany(),
    prisma.legalEvent.findMany(),
    prisma.serviceDelivery.findMany(),
    prisma.trainingEvent.findMany(),
    prisma.place.findMany({ include: { structure: true, placements: true } }),
    prisma.transfer.findMany({ where: { heldPlaceId: { not: null } } }),
  ]);
  const dates = (c: (typeof cases)[number]) => ({ openedOn: formatDate(c.openedOn), closedOn: c.closedOn ? formatDate(c.closedOn) : null });
  const active = cases.filter((c) => isCaseActiveInPeriod(dates(c), period));
  const closedIn = active.filter((c) => within(c.closedOn));
  const rows: BreakdownRow[] = [];
  for (const c of active) {
    const phase = phaseAtEndOfPeriod(
      { ...dates(c), phase: c.phase },
      c.phases.map((h) => ({ phase: h.phase, startedOn: formatDate(h.startedOn), recordedAt: h.createdAt })),
      period,
    );
    rows.push(
      { breakdown: "byPhase", key: phase, count: 1 },
      { breakdown: "byGender", key: c.person.gender, count: 1 },
      { breakdown: "byAgeBand", key: c.ageBand, count: 1 },
      { breakdown: "byCitizenship", key: c.person.citizenship.trim().toUpperCase(), count: 1 },
      { breakdown: "byReferralSource", key: c.referralSource, count: 1 },
      ...c.exploitations.map((e) => ({ breakdown: "byExploitationType", key: e.type, count: 1 })),
    );
  }
  for (const c of closedIn) rows.push({ breakdown: "exitsByOutcome", key: c.exitOutcome!, count: 1 });
  const groups = new Map<string, { structureType: string; target: string; total: number; occupied: number; held: number }>();
  for (const p of places.filter((p) => p.active && p.structure.active)) {
    const key = `${p.structure.type}/${p.target}`;
    const g = groups.get(key) ?? { structureType: p.structure.type, target: p.target, total: 0, occupied: 0, held: 0 };
    g.total += 1;
    const placements = p.placements.map((pm) => ({ startOn: formatDate(pm.startOn), endOn: pm.endOn ? formatDate(pm.endOn) : null }));
    const heldNow = holds.some(
      (h) =>
        h.heldPlaceId === p.id &&
        isHoldCurrentOn({ holdFrom: formatDate(h.holdFrom!), holdReleasedOn: h.holdReleasedOn ? formatDate(h.holdReleasedOn) : null }, period.to),
    );
    if (isPlaceOccupiedOn(placements, period.to)) g.occupied += 1;
    else if (heldNow) g.held += 1;
    groups.set(key, g);
  }
  const capacity = toCapacityFigures([...groups.values()]);
  const outingsIn = outings.filter((o) => within(o.heldOn));
  const trainingIn = training.filter((t) => within(t.heldOn));
  const sum = <T>(list: T[], f: (x: T) => number) => list.reduce((s, x) => s + f(x), 0);
  return {
    outings: outingsIn.length,
    contacts: sum(outingsIn, (o) => o.contacts),
    accompaniments: sum(outingsIn, (o) => o.accompaniments),
    newCases: active.filter((c) => within(c.openedOn) && c.openedByTransferId === null).length,
    transfersIn: active.filter((c) => within(c.openedOn) && c.openedByTransferId !== null).length,
    transfersOut: closedIn.filter((c) => c.exitOutcome === "TRANSFERRED").length,
    activeCases: active.length,
    closedCases: closedIn.length,
    personsAssessed: new Set(interviews.filter((i) => within(i.heldOn)).map((i) => i.caseId)).size,
    personsIdentified: cases.filter((c) => c.identification === "IDENTIFIED" && within(c.identifiedOn)).length,
    permitsRequested: legal.filter((l) => l.kind === "PERMIT_REQUESTED" && within(l.occurredOn)).length,
    permitsGranted: legal.filter((l) => l.kind === "PERMIT_GRANTED" && within(l.occurredOn)).length,
    jobPlacements: services.filter((s) => s.kind === "JOB_PLACEMENT" && within(s.deliveredOn)).length,
    trainingEvents: trainingIn.length,
    trainingParticipants: sum(trainingIn, (t) => t.participants),
    ...placeTotals(capacity),
    ...toBreakdowns(rows),
    places: capacity,
  };
}

describe("prismaFiguresStore on a hand-made province", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
    await seedHandMadeProvince(db.prisma);
  });
  afterAll(async () => db?.close());

  it.each([
    ["Q1", Q1],
    ["Q2", Q2],
    ["NEW_YEARS_EVE", NEW_YEARS_EVE],
  ] as const)("gives the hand-computed figures for %s", async (name, period) => {
    const figures = await prismaFiguresStore(db.prisma).forPeriod(period);
    const expected = EXPECTED[name]!;
    // Counter by counter first, for a readable failure; then everything at once.
    for (const counter of COUNTER_NAMES) expect({ counter, value: figures[counter] }).toEqual({ counter, value: expected[counter] });
    for (const breakdown of BREAKDOWN_NAMES) expect({ breakdown, value: figures[breakdown] }).toEqual({ breakdown, value: expected[breakdown] });
    expect(figures).toEqual(expected);
  });

  it("agrees with the row-by-row definitions of period.ts on many periods", async () => {
    const store = prismaFiguresStore(db.prisma);
    const periods: Period[] = [
      Q1,
      Q2,
      NEW_YEARS_EVE,
      { from: "2025-01-01", to: "2026-12-31" },
      { from: "2026-03-31", to: "2026-03-31" },
      { from: "2026-01-01", to: "2026-01-01" },
      { from: "2026-05-10", to: "2026-05-15" },
      { from: "2027-01-01", to: "2027-12-31" },
      { from: "2020-01-01", to: "2020-12-31" },
    ];
    for (const period of periods) {
      expect({ period, figures: await store.forPeriod(period) }).toEqual({ period, figures: await referenceFigures(db.prisma, period) });
    }
  });

  it("filters the period with the date indexes (EXPLAIN)", async () => {
    // On a hand-made province every table fits one page, and whether the planner then prefers a
    // sequential scan changes between PostgreSQL versions. With sequential scans priced out it
    // still scans sequentially when no index can serve the filter, which is what this guards.
    const plan = async (sql: string) => {
      await db.sql.exec("SET enable_seqscan = off");
      try {
        return (await db.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`)).map((r) => r["QUERY PLAN"]).join("\n");
      } finally {
        await db.sql.exec("RESET enable_seqscan");
      }
    };
    const period = `BETWEEN '2026-01-01'::date AND '2026-03-31'::date`;
    expect(await plan(`SELECT count(*) FROM "OutreachOuting" WHERE "heldOn" ${period}`)).toContain("OutreachOuting_heldOn_idx");
    expect(await plan(`SELECT count(*) FROM "TrainingEvent" WHERE "heldOn" ${period}`)).toContain("TrainingEvent_heldOn_idx");
    expect(await plan(`SELECT count(DISTINCT "caseId") FROM "Interview" WHERE "heldOn" ${period}`)).toContain("Interview_heldOn_idx");
    expect(await plan(`SELECT count(*) FROM "LegalEvent" WHERE "kind" IN ('PERMIT_REQUESTED', 'PERMIT_GRANTED') AND "occurredOn" ${period}`)).toContain(
      "LegalEvent_kind_occurredOn_idx",
    );
    expect(await plan(`SELECT count(*) FROM "ServiceDelivery" WHERE "kind" = 'JOB_PLACEMENT' AND "deliveredOn" ${period}`)).toContain(
      "ServiceDelivery_kind_deliveredOn_idx",
    );
    expect(
      await plan(`SELECT count(*) FROM "Case" WHERE "openedOn" <= '2026-03-31'::date AND ("closedOn" IS NULL OR "closedOn" >= '2026-01-01'::date)`),
    ).toMatch(/Case_(openedOn|closedOn)_idx/);
    expect(
      await plan(
        `SELECT h."phase" FROM "CasePhaseChange" h WHERE h."caseId" = gen_random_uuid() AND h."startedOn" <= '2026-03-31'::date ORDER BY h."startedOn" DESC LIMIT 1`,
      ),
    ).toContain("CasePhaseChange_caseId_startedOn_idx");
  });

  it("counts nothing but numbers and codes: no note, name or id leaves in the figures", async () => {
    const text = JSON.stringify(await prismaFiguresStore(db.prisma).forPeriod({ from: "2020-01-01", to: "2030-12-31" }));
    expect(text).not.toMatch(/private note|Person |Test|Zingonia|Aurora|BG-TEST|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe("figures on a generated province", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
  });
  afterAll(async () => db?.close());

  it("agrees with the row-by-row definitions on random data and random periods", async () => {
    const random = mulberry32(20261122);
    await seedRandomProvince(db.prisma, random);
    const store = prismaFiguresStore(db.prisma);
    for (let i = 0; i < 12; i++) {
      const a = randomDay(random);
      const b = randomDay(random);
      const period = a <= b ? { from: a, to: b } : { from: b, to: a };
      expect({ period, figures: await store.forPeriod(period) }).toEqual({ period, figures: await referenceFigures(db.prisma, period) });
    }
  });
});

describe("the federation endpoint", async () => {
  const identity = await testAuth("BG");
  let db: Database;
  let service: RunningProvinceService;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
    await seedHandMadeProvince(db.prisma);
    service = await startProvinceService(
      {
        config: { province: provinceByCode("BG"), nodeEnv: "test" },
        db,
        clock: fixedClock("2026-11-22T10:00:00Z"),
        logger: pino({ level: "silent" }),
        auth: identity.auth,
      },
      { host: "127.0.0.1", port: 0 },
    );
  });
  afterAll(async () => {
    await service?.stop();
    await db?.close();
  });

  const entities = (from: string, to: string) => `{
    _entities(representations: [{ __typename: "Region", from: "${from}", to: "${to}" }]) {
      ... on Region {
        bergamo {
          contacts newCases activeCases placesFree
          byPhase { key count }
          exitsByOutcome { key count }
          places { structureType target total occupied free }
        }
      }
    }
  }`;
  const post = async (query: string) => {
    const res = await fetch(`${service.url}/federation`, {
      method: "POST",
      headers: { "content-type": "application/json", ...identity.gatewayHeaders },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: { _entities: [{ bergamo: Partial<ProvinceFigures> | null }] }; errors?: { extensions: Record<string, unknown> }[] };
  };

  it("serves the province's figures for the Region entity of the period", async () => {
    const body = await post(entities(Q1.from, Q1.to));
    expect(body.errors).toBeUndefined();
    const e = EXPECTED.Q1!;
    expect(body.data!._entities[0].bergamo).toEqual({
      contacts: e.contacts,
      newCases: e.newCases,
      activeCases: e.activeCases,
      placesFree: e.placesFree,
      byPhase: e.byPhase,
      exitsByOutcome: e.exitsByOutcome,
      places: e.places,
    });
  });

  it("refuses a period that ends before it starts", async () => {
    const body = await post(entities(Q2.to, Q2.from));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
  });
});

// Deterministic generator so a failure can be replayed.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const randomDay = (random: () => number) => new Date(BASE + Math.floor(random() * 730) * DAY_MS).toISOString().slice(0, 10);
const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

async function seedRandomProvince(prisma: PrismaClient, random: () => number): Promise<void> {
  const phases = ["FIRST_CONTACT", "IDENTIFICATION", "IMMEDIATE_PROTECTION", "RESIDENTIAL_RECEPTION", "SEMI_AUTONOMY", "TERRITORIAL_CARE"] as const;
  const structures = await Promise.all(
    (["EMERGENCY_SHELTER", "RESIDENTIAL_COMMUNITY", "SEMI_AUTONOMY", "HOUSING"] as const).map((type, i) =>
      prisma.structure.create({ data: { name: `S${i}`, type, municipality: "Bergamo", active: i !== 3 } }),
    ),
  );
  const placeIds: string[] = [];
  for (const [i, s] of structures.entries()) {
    for (let j = 0; j < 4; j++) {
      const p = await prisma.place.create({
        data: { structureId: s.id, label: `P${j}`, target: pick(random, ["WOMEN", "MEN", "TRANS", "WITH_CHILDREN", "MINORS"] as const), active: !(i === 0 && j === 3) },
      });
      placeIds.push(p.id);
    }
  }
  const caseIds: { id: string; openedOn: string }[] = [];
  for (let i = 0; i < 40; i++) {
    const openedOn = randomDay(random);
    const closedOn = random() < 0.5 ? addDays(openedOn, Math.floor(random() * 200)) : null;
    const person = await prisma.person.create({
      data: {
        givenName: `P${i}`,
        familyName: "Random",
        gender: pick(random, ["WOMAN", "MAN", "TRANS_NON_BINARY"] as const),
        citizenship: pick(random, ["NG", "NGA", "ng", "RO", "ROU", "AL", "XXA", "BR"]),
      },
    });
    const history = Array.from({ length: Math.floor(random() * 4) }, () => ({
      phase: pick(random, phases),
      startedOn: addDays(openedOn, Math.floor(random() * 250)),
      createdAt: new Date(BASE + Math.floor(random() * 1e10)),
    }));
    const identified = random() < 0.4;
    const c = await prisma.case.create({
      data: {
        reference: `R-${i}`,
        personId: person.id,
        status: closedOn ? "CLOSED" : "OPEN",
        openedOn: day(openedOn),
        closedOn: closedOn ? day(closedOn) : null,
        exitOutcome: closedOn ? pick(random, ["AUTONOMY", "ASSISTED_VOLUNTARY_RETURN", "TRANSFERRED", "DROPPED_OUT"] as const) : null,
        phase: pick(random, phases),
        referralSource: pick(random, ["STREET_UNIT", "CAS", "POLICE", "OTHER_PROVINCE"] as const),
        ageBand: pick(random, ["AGE_0_17", "AGE_18_20", "AGE_26_30", "UNKNOWN"] as const),
        minorAtOpening: false,
        identification: identified ? "IDENTIFIED" : pick(random, ["PENDING", "NOT_IDENTIFIED"] as const),
        identifiedOn: identified || random() < 0.3 ? day(addDays(openedOn, Math.floor(random() * 60))) : null,
        openedByTransferId: random() < 0.2 ? randomUUID() : null,
        exploitations: { create: [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(random, ["SEXUAL", "BEGGING", "LABOUR_CATERING"] as const)))].map((type) => ({ type })) },
        phases: { create: history.map((h) => ({ phase: h.phase, startedOn: day(h.startedOn), createdAt: h.createdAt })) },
      },
    });
    caseIds.push({ id: c.id, openedOn });
    const interviews = Math.floor(random() * 3);
    for (let s = 1; s <= interviews; s++) {
      await prisma.interview.create({ data: { caseId: c.id, sequence: s, heldOn: day(addDays(openedOn, Math.floor(random() * 90))), withMediator: true } });
    }
    for (let k = 0; k < 3; k++) {
      const kind = pick(random, ["PERMIT_REQUESTED", "PERMIT_GRANTED", "PERMIT_RENEWED", "COMPLAINT_FILED"] as const);
      await prisma.legalEvent.create({
        data: { caseId: c.id, kind, permitType: kind === "COMPLAINT_FILED" ? null : "ART_18", occurredOn: day(addDays(openedOn, Math.floor(random() * 300))) },
      });
      await prisma.serviceDelivery.create({
        data: { caseId: c.id, kind: pick(random, ["JOB_PLACEMENT", "HEALTH", "LEGAL"] as const), deliveredOn: day(addDays(openedOn, Math.floor(random() * 300))) },
      });
    }
  }
  // Each place gets a chain of back-to-back or spaced placements; only the last may stay open,
  // and a case holds at most one open placement (the partial unique indexes).
  const withOpenPlacement = new Set<string>();
  for (const placeId of placeIds) {
    let start = randomDay(random);
    for (let k = 0; k < 4; k++) {
      const c = pick(random, caseIds);
      const open = k === 3 && random() < 0.6 && !withOpenPlacement.has(c.id);
      const end = open ? null : addDays(start, 1 + Math.floor(random() * 60));
      await prisma.placement.create({ data: { caseId: c.id, placeId, startOn: day(start), endOn: end ? day(end) : null } });
      if (!end) {
        withOpenPlacement.add(c.id);
        break;
      }
      start = addDays(end, Math.floor(random() * 3) - 1); // may overlap the previous one by a day
    }
  }
  for (let i = 0; i < 30; i++) {
    const contacts = Math.floor(random() * 30);
    await prisma.outreachOuting.create({
      data: { kind: "STREET_UNIT", heldOn: day(randomDay(random)), area: "Zona", operators: 2, contacts, newContacts: Math.floor(contacts / 2), accompaniments: Math.floor(random() * 3) },
    });
    await prisma.trainingEvent.create({
      data: { kind: "TRAINING", audience: "POLICE", heldOn: day(randomDay(random)), title: "T", participants: Math.floor(random() * 40) },
    });
  }
}
