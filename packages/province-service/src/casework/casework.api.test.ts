import { randomUUID } from "node:crypto";
import { provinceByCode, toDbDate } from "@regional/schema";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import type { Database } from "../db/database.ts";
import { migratedTestDatabase, testBackends, type TestBackend } from "../testing/databases.ts";
import { testAuth } from "../testing/tokens.ts";

// The real operational API (Apollo Server over HTTP) on a migrated in-memory PGlite, and also on
// PostgreSQL when TEST_DATABASE_URL names a server (as in CI), where simultaneous requests really
// run at the same time. No mocks. Persons and cases are inserted directly: this module reads
// them, the cases module owns them.

const TODAY = "2026-11-22";
const identity = await testAuth("BG");
let db: Database;
let service: RunningProvinceService;
let dropDatabase: () => Promise<void> = async () => undefined;

async function openBackend(kind: TestBackend): Promise<void> {
  ({ db, drop: dropDatabase } = await migratedTestDatabase(kind, "casework", { maxConnections: 6 }));
  service = await startProvinceService(
    {
      config: { province: provinceByCode("BG"), nodeEnv: "test" },
      db,
      clock: fixedClock(`${TODAY}T10:00:00Z`),
      logger: pino({ level: "silent" }),
      auth: identity.auth,
    },
    { host: "127.0.0.1", port: 0 },
  );
}

async function closeBackend(): Promise<void> {
  await service?.stop();
  await dropDatabase();
}

interface GraphQLErrorJson {
  message: string;
  extensions?: { code?: string; rule?: string; field?: string; reason?: string };
}

async function graphql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${service.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...identity.headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T | null; errors?: GraphQLErrorJson[] };
}

/** The data of a request that must succeed. */
async function ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await graphql<T>(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function rowCounts() {
  const [consents, revoked, interviews, services, legalEvents] = await Promise.all([
    db.prisma.consent.count(),
    db.prisma.consent.count({ where: { revokedOn: { not: null } } }),
    db.prisma.interview.count(),
    db.prisma.serviceDelivery.count(),
    db.prisma.legalEvent.count(),
  ]);
  return { consents, revoked, interviews, services, legalEvents };
}

/** A request that must be refused with this code (and rule/field), writing nothing at all. */
async function refused(
  query: string,
  variables: Record<string, unknown>,
  expected: { code: string; rule?: string; field?: string },
): Promise<GraphQLErrorJson> {
  const before = await rowCounts();
  const result = await graphql(query, variables);
  expect(result.errors).toHaveLength(1);
  const error = result.errors![0]!;
  expect(error.extensions).toMatchObject(expected);
  expect(await rowCounts()).toEqual(before);
  return error;
}

let caseNumber = 0;

async function newCase(options: { openedOn?: string; closedOn?: string } = {}) {
  const person = await db.prisma.person.create({
    data: { givenName: "Joy", familyName: `Osagie ${caseNumber}`, gender: "WOMAN", citizenship: "NG" },
  });
  caseNumber += 1;
  const kase = await db.prisma.case.create({
    data: {
      reference: `BG-2026-${String(caseNumber).padStart(4, "0")}`,
      personId: person.id,
      openedOn: toDbDate(options.openedOn ?? "2026-03-01"),
      phase: "IDENTIFICATION",
      referralSource: "COMMISSIONE_TERRITORIALE",
      ageBand: "AGE_21_25",
      minorAtOpening: false,
      ...(options.closedOn ? { status: "CLOSED" as const, closedOn: toDbDate(options.closedOn), exitOutcome: "AUTONOMY" as const } : {}),
    },
  });
  return { personId: person.id, caseId: kase.id };
}

const CONSENT_FIELDS = "id personId caseId kind givenOn revokedOn active note";

const RECORD_CONSENT = `mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { ${CONSENT_FIELDS} } }`;
const REVOKE_CONSENT = `mutation ($input: RevokeConsentInput!) { revokeConsent(input: $input) { ${CONSENT_FIELDS} } }`;
const RECORD_INTERVIEW = `mutation ($input: RecordInterviewInput!) {
  recordInterview(input: $input) {
    id caseId sequence heldOn withMediator mediatorLanguage indicatorsFound reportToCommissione notes
    case { legalEvents { kind occurredOn permitType note } interviews { sequence heldOn } }
  }
}`;
const RECORD_SERVICE = `mutation ($input: RecordServiceInput!) {
  recordService(input: $input) { id caseId kind deliveredOn note case { services { kind deliveredOn } } }
}`;
const RECORD_LEGAL_EVENT = `mutation ($input: RecordLegalEventInput!) {
  recordLegalEvent(input: $input) { id caseId kind occurredOn permitType note }
}`;

describe.each(testBackends())("casework on %s", (backend) => {
  beforeAll(() => openBackend(backend));
  afterAll(closeBackend);

  describe("consents", () => {
    it("records consents, with and without a case, and lists them on the person and on the case by date", async () => {
      const { personId, caseId } = await newCase();
      const transfer = await ok(RECORD_CONSENT, {
        input: { personId, caseId, kind: "TRANSFER_TO_PROVINCE", givenOn: "2026-04-02", note: " firmato con mediatrice " },
      });
      expect(transfer.recordConsent).toMatchObject({
        personId,
        caseId,
        kind: "TRANSFER_TO_PROVINCE",
        givenOn: "2026-04-02",
        revokedOn: null,
        active: true,
        note: "firmato con mediatrice",
      });
      await ok(RECORD_CONSENT, { input: { personId, kind: "DATA_PROCESSING", givenOn: "2026-03-01" } });

      const read = await ok(
        `mutation ($input: RecordConsentInput!) {
          recordConsent(input: $input) {
            kind
            person { consents { kind givenOn } }
            case { consents { kind } }
          }
        }`,
        { input: { personId, caseId, kind: "SHARE_WITH_COMMISSIONE", givenOn: TODAY } },
      );
      expect(read.recordConsent.person.consents).toEqual([
        { kind: "DATA_PROCESSING", givenOn: "2026-03-01" },
        { kind: "TRANSFER_TO_PROVINCE", givenOn: "2026-04-02" },
        { kind: "SHARE_WITH_COMMISSIONE", givenOn: TODAY },
      ]);
      // The person-level consent (no case) holds for the case too.
      expect(read.recordConsent.case.consents.map((c: { kind: string }) => c.kind)).toEqual([
        "DATA_PROCESSING",
        "TRANSFER_TO_PROVINCE",
        "SHARE_WITH_COMMISSIONE",
      ]);
    });

    it("refuses a second active consent of the same kind, and accepts it again after revocation", async () => {
      const { personId } = await newCase();
      const first = await ok(RECORD_CONSENT, { input: { personId, kind: "SHARE_WITH_CAS", givenOn: "2026-04-01" } });
      await refused(
        RECORD_CONSENT,
        { input: { personId, kind: "SHARE_WITH_CAS", givenOn: "2026-05-01" } },
        { code: "ILLEGAL_OPERATION", rule: "consent-already-active", field: "input.kind" },
      );
      await ok(REVOKE_CONSENT, { input: { consentId: first.recordConsent.id, on: "2026-06-01" } });
      const again = await ok(RECORD_CONSENT, { input: { personId, kind: "SHARE_WITH_CAS", givenOn: "2026-07-01" } });
      expect(again.recordConsent.active).toBe(true);
    });

    it("lets only one of two simultaneous identical consents in", async () => {
      const { personId } = await newCase();
      const input = { personId, kind: "DATA_PROCESSING", givenOn: "2026-04-01" };
      const results = await Promise.all([graphql(RECORD_CONSENT, { input }), graphql(RECORD_CONSENT, { input })]);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.find((r) => r.errors)!.errors![0]!.extensions).toMatchObject({ rule: "consent-already-active" });
      expect(await db.prisma.consent.count({ where: { personId } })).toBe(1);
    });

    it("refuses a case of another person, an unknown person or case, and bad dates", async () => {
      const { personId } = await newCase();
      const other = await newCase();
      await refused(
        RECORD_CONSENT,
        { input: { personId, caseId: other.caseId, kind: "DATA_PROCESSING", givenOn: "2026-04-01" } },
        { code: "ILLEGAL_OPERATION", rule: "consent-case-of-another-person", field: "input.caseId" },
      );
      await refused(RECORD_CONSENT, { input: { personId: randomUUID(), kind: "DATA_PROCESSING", givenOn: "2026-04-01" } }, { code: "NOT_FOUND" });
      await refused(
        RECORD_CONSENT,
        { input: { personId, caseId: randomUUID(), kind: "DATA_PROCESSING", givenOn: "2026-04-01" } },
        { code: "NOT_FOUND" },
      );
      await refused(
        RECORD_CONSENT,
        { input: { personId, kind: "DATA_PROCESSING", givenOn: "2026-11-23" } },
        { code: "BAD_USER_INPUT", field: "input.givenOn" },
      );
      const old = await refused(
        RECORD_CONSENT,
        { input: { personId, kind: "DATA_PROCESSING", givenOn: "1899-12-31" } },
        { code: "BAD_USER_INPUT", field: "input.givenOn" },
      );
      expect(old.extensions!.reason).toMatch(/1900/);
    });

    it("revokes a consent once; revoking it twice is refused and changes nothing", async () => {
      const { personId } = await newCase();
      const given = await ok(RECORD_CONSENT, { input: { personId, kind: "TRANSFER_TO_PROVINCE", givenOn: "2026-04-01" } });
      const consentId = given.recordConsent.id;
      const revoked = await ok(REVOKE_CONSENT, { input: { consentId, on: "2026-04-01" } });
      expect(revoked.revokeConsent).toMatchObject({ id: consentId, revokedOn: "2026-04-01", active: false });

      await refused(
        REVOKE_CONSENT,
        { input: { consentId, on: "2026-05-01" } },
        { code: "ILLEGAL_OPERATION", rule: "consent-already-revoked" },
      );
      const row = await db.prisma.consent.findUniqueOrThrow({ where: { id: consentId } });
      expect(row.revokedOn).toEqual(toDbDate("2026-04-01"));
    });

    it("refuses a revocation before the consent was given, in the future, or of an unknown consent", async () => {
      const { personId } = await newCase();
      const given = await ok(RECORD_CONSENT, { input: { personId, kind: "DATA_PROCESSING", givenOn: "2026-04-01" } });
      const consentId = given.recordConsent.id;
      await refused(
        REVOKE_CONSENT,
        { input: { consentId, on: "2026-03-31" } },
        { code: "ILLEGAL_OPERATION", rule: "revocation-before-consent", field: "input.on" },
      );
      await refused(REVOKE_CONSENT, { input: { consentId, on: "2026-12-01" } }, { code: "BAD_USER_INPUT", field: "input.on" });
      await refused(REVOKE_CONSENT, { input: { consentId: randomUUID(), on: "2026-05-01" } }, { code: "NOT_FOUND" });
      await refused(REVOKE_CONSENT, { input: { consentId: "42", on: "2026-05-01" } }, { code: "BAD_USER_INPUT", field: "input.consentId" });
    });
  });

  describe("interviews", () => {
    const interview = (caseId: string, heldOn: string, extra: Record<string, unknown> = {}) => ({
      input: { caseId, heldOn, withMediator: true, mediatorLanguage: "Edo", indicatorsFound: 2, reportToCommissione: false, ...extra },
    });

    it("numbers interviews in order, records the report to the Commissione as a legal event, and refuses a sixth", async () => {
      const { caseId } = await newCase();
      const days = ["2026-03-05", "2026-03-12", "2026-03-12", "2026-04-01"];
      for (const [i, day] of days.entries()) {
        const r = await ok(RECORD_INTERVIEW, interview(caseId, day));
        expect(r.recordInterview).toMatchObject({ sequence: i + 1, heldOn: day });
      }
      const fifth = await ok(
        RECORD_INTERVIEW,
        interview(caseId, "2026-04-20", { withMediator: false, mediatorLanguage: null, reportToCommissione: true, notes: "relazione" }),
      );
      expect(fifth.recordInterview).toMatchObject({
        sequence: 5,
        withMediator: false,
        mediatorLanguage: null,
        reportToCommissione: true,
        notes: "relazione",
      });
      expect(fifth.recordInterview.case.interviews.map((i: { sequence: number }) => i.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect(fifth.recordInterview.case.legalEvents).toEqual([
        { kind: "COMMISSIONE_REPORT_SENT", occurredOn: "2026-04-20", permitType: null, note: "Written report sent with interview 5" },
      ]);

      await refused(RECORD_INTERVIEW, interview(caseId, "2026-05-01"), { code: "ILLEGAL_OPERATION", rule: "interview-limit-reached" });
    });

    it("gives simultaneous interviews distinct numbers and still stops at five", async () => {
      const { caseId } = await newCase();
      const results = await Promise.all(Array.from({ length: 6 }, () => graphql(RECORD_INTERVIEW, interview(caseId, "2026-04-01"))));
      const recorded = results.filter((r) => !r.errors).map((r) => r.data!.recordInterview.sequence);
      expect(recorded.sort()).toEqual([1, 2, 3, 4, 5]);
      expect(results.find((r) => r.errors)!.errors![0]!.extensions).toMatchObject({ rule: "interview-limit-reached" });
    });

    it("refuses bad dates, a closed case, an unknown case and a missing mediator language, writing nothing (no legal event either)", async () => {
      const { caseId } = await newCase({ openedOn: "2026-03-01" });
      await ok(RECORD_INTERVIEW, interview(caseId, "2026-04-10"));
      const report = { reportToCommissione: true };
      await refused(RECORD_INTERVIEW, interview(caseId, "2026-04-09", report), {
        code: "ILLEGAL_OPERATION",
        rule: "interview-before-previous",
        field: "input.heldOn",
      });
      const other = await newCase({ openedOn: "2026-03-01" });
      await refused(RECORD_INTERVIEW, interview(other.caseId, "2026-02-28", report), {
        code: "ILLEGAL_OPERATION",
        rule: "interview-before-case-opening",
        field: "input.heldOn",
      });
      await refused(RECORD_INTERVIEW, interview(caseId, "2026-11-23", report), { code: "BAD_USER_INPUT", field: "input.heldOn" });
      await refused(RECORD_INTERVIEW, interview(caseId, "2026-04-11", { mediatorLanguage: null }), {
        code: "BAD_USER_INPUT",
        field: "input.mediatorLanguage",
      });
      await refused(RECORD_INTERVIEW, interview(caseId, "2026-04-11", { indicatorsFound: -2 }), {
        code: "BAD_USER_INPUT",
        field: "input.indicatorsFound",
      });
      await refused(RECORD_INTERVIEW, interview(randomUUID(), "2026-04-11"), { code: "NOT_FOUND" });
      const closed = await newCase({ openedOn: "2026-03-01", closedOn: "2026-09-30" });
      await refused(RECORD_INTERVIEW, interview(closed.caseId, "2026-04-11", report), {
        code: "ILLEGAL_OPERATION",
        rule: "case-closed",
        field: "input.caseId",
      });
    });
  });

  describe("services delivered", () => {
    const service = (caseId: string, deliveredOn: string, kind = "LEGAL") => ({ input: { caseId, kind, deliveredOn } });

    it("records services on an open case and lists them by date", async () => {
      const { caseId } = await newCase({ openedOn: "2026-03-01" });
      await ok(RECORD_SERVICE, service(caseId, "2026-05-01", "HEALTH"));
      const r = await ok(RECORD_SERVICE, { input: { caseId, kind: "PSYCHOLOGICAL", deliveredOn: "2026-03-01", note: "primo colloquio" } });
      expect(r.recordService).toMatchObject({ caseId, kind: "PSYCHOLOGICAL", deliveredOn: "2026-03-01", note: "primo colloquio" });
      expect(r.recordService.case.services).toEqual([
        { kind: "PSYCHOLOGICAL", deliveredOn: "2026-03-01" },
        { kind: "HEALTH", deliveredOn: "2026-05-01" },
      ]);
    });

    it("records a service of a closed case up to its closing day, and refuses one after", async () => {
      const { caseId } = await newCase({ openedOn: "2026-03-01", closedOn: "2026-09-30" });
      await ok(RECORD_SERVICE, service(caseId, "2026-09-30"));
      await refused(RECORD_SERVICE, service(caseId, "2026-10-01"), {
        code: "ILLEGAL_OPERATION",
        rule: "service-after-case-closing",
        field: "input.deliveredOn",
      });
    });

    it("refuses a service before the opening, in the future, of an unknown kind or case", async () => {
      const { caseId } = await newCase({ openedOn: "2026-03-01" });
      await refused(RECORD_SERVICE, service(caseId, "2026-02-28"), {
        code: "ILLEGAL_OPERATION",
        rule: "service-before-case-opening",
        field: "input.deliveredOn",
      });
      await refused(RECORD_SERVICE, service(caseId, "2026-11-23"), { code: "BAD_USER_INPUT", field: "input.deliveredOn" });
      // An unknown enum value is stopped by GraphQL itself before any resolver runs.
      const bad = await graphql(RECORD_SERVICE, service(caseId, "2026-04-01", "MAGIC"));
      expect(bad.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      await refused(RECORD_SERVICE, service(randomUUID(), "2026-04-01"), { code: "NOT_FOUND" });
    });
  });

  describe("legal events", () => {
    const event = (caseId: string, kind: string, occurredOn: string, permitType: string | null = "ART_18") => ({
      input: { caseId, kind, occurredOn, permitType },
    });

    it("follows a permit from request to grant and renewal", async () => {
      const { caseId } = await newCase();
      await ok(RECORD_LEGAL_EVENT, event(caseId, "COMPLAINT_FILED", "2026-03-02", null));
      await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_REQUESTED", "2026-03-10"));
      const granted = await ok(RECORD_LEGAL_EVENT, { input: { ...event(caseId, "PERMIT_GRANTED", "2026-03-10").input, note: "6 mesi" } });
      expect(granted.recordLegalEvent).toMatchObject({ caseId, kind: "PERMIT_GRANTED", occurredOn: "2026-03-10", permitType: "ART_18", note: "6 mesi" });
      await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_RENEWED", "2026-09-01"));
      await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_GRANTED", "2026-09-15"));
    });

    it("refuses a permit granted or denied without a request, writing nothing", async () => {
      const { caseId } = await newCase();
      await refused(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_GRANTED", "2026-04-01"), {
        code: "ILLEGAL_OPERATION",
        rule: "permit-not-requested",
        field: "input.permitType",
      });
      await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_REQUESTED", "2026-04-02", "ART_22"));
      await refused(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_DENIED", "2026-04-03", "ART_18"), {
        code: "ILLEGAL_OPERATION",
        rule: "permit-not-requested",
      });
      await refused(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_GRANTED", "2026-04-01", "ART_22"), {
        code: "ILLEGAL_OPERATION",
        rule: "permit-not-requested",
      });
    });

    it("refuses a second grant of the same permit without a renewal", async () => {
      const { caseId } = await newCase();
      await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_REQUESTED", "2026-04-01"));
      await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_GRANTED", "2026-05-01"));
      await refused(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_GRANTED", "2026-06-01"), {
        code: "ILLEGAL_OPERATION",
        rule: "permit-already-granted",
        field: "input.kind",
      });
    });

    it("lets only one of two simultaneous grants of the same permit in", async () => {
      const { caseId } = await newCase();
      await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_REQUESTED", "2026-04-01"));
      const grant = event(caseId, "PERMIT_GRANTED", "2026-05-01");
      const results = await Promise.all([graphql(RECORD_LEGAL_EVENT, grant), graphql(RECORD_LEGAL_EVENT, grant)]);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.find((r) => r.errors)!.errors![0]!.extensions).toMatchObject({ rule: "permit-already-granted" });
      expect(await db.prisma.legalEvent.count({ where: { caseId, kind: "PERMIT_GRANTED" } })).toBe(1);
    });

    it("requires a permit type exactly for permit events", async () => {
      const { caseId } = await newCase();
      await refused(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_REQUESTED", "2026-04-01", null), {
        code: "BAD_USER_INPUT",
        field: "input.permitType",
      });
      await refused(RECORD_LEGAL_EVENT, event(caseId, "ASYLUM_APPLICATION", "2026-04-01", "ART_18"), {
        code: "BAD_USER_INPUT",
        field: "input.permitType",
      });
      await refused(RECORD_LEGAL_EVENT, event(randomUUID(), "ASYLUM_APPLICATION", "2026-04-01", null), { code: "NOT_FOUND" });
    });

    it("lists the province's legal events, filtered and by pages, most recent first", async () => {
      const { caseId } = await newCase();
      for (const day of ["2025-01-10", "2025-02-10", "2025-03-10"]) {
        await ok(RECORD_LEGAL_EVENT, event(caseId, "PERMIT_REQUESTED", day, "SPECIAL_PROTECTION"));
      }
      const LIST = `query ($filter: LegalEventFilter, $first: Int, $after: String) {
        legalEvents(filter: $filter, first: $first, after: $after) {
          nodes { occurredOn kind permitType case { id } }
          pageInfo { endCursor hasNextPage }
        }
      }`;
      const filter = { kind: "PERMIT_REQUESTED", permitType: "SPECIAL_PROTECTION", from: "2025-01-01", to: "2025-12-31" };
      const first = await ok(LIST, { filter, first: 2 });
      expect(first.legalEvents.nodes).toEqual([
        { occurredOn: "2025-03-10", kind: "PERMIT_REQUESTED", permitType: "SPECIAL_PROTECTION", case: { id: caseId } },
        { occurredOn: "2025-02-10", kind: "PERMIT_REQUESTED", permitType: "SPECIAL_PROTECTION", case: { id: caseId } },
      ]);
      expect(first.legalEvents.pageInfo.hasNextPage).toBe(true);
      const second = await ok(LIST, { filter, first: 2, after: first.legalEvents.pageInfo.endCursor });
      expect(second.legalEvents.nodes.map((n: { occurredOn: string }) => n.occurredOn)).toEqual(["2025-01-10"]);
      expect(second.legalEvents.pageInfo.hasNextPage).toBe(false);

      const narrow = await ok(LIST, { filter: { ...filter, from: "2025-02-01", to: "2025-02-28" } });
      expect(narrow.legalEvents.nodes).toHaveLength(1);
      const bad = await graphql(LIST, { filter: { from: "2025-02-01", to: "2025-01-01" } });
      expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.to" });
    });
  });

  describe("reading a case", () => {
    it("shows the case's consents, interviews, services and legal events by date, through the cases module's Case", async () => {
      const { personId, caseId } = await newCase({ openedOn: "2026-03-01" });
      await ok(RECORD_SERVICE, { input: { caseId, kind: "HEALTH", deliveredOn: "2026-06-01" } });
      await ok(RECORD_SERVICE, { input: { caseId, kind: "LEGAL", deliveredOn: "2026-04-01" } });
      await ok(RECORD_LEGAL_EVENT, { input: { caseId, kind: "PERMIT_REQUESTED", occurredOn: "2026-05-01", permitType: "ART_18" } });
      await ok(RECORD_INTERVIEW, {
        input: { caseId, heldOn: "2026-03-10", withMediator: true, mediatorLanguage: "Pidgin", indicatorsFound: 4, reportToCommissione: true },
      });
      await ok(RECORD_CONSENT, { input: { personId, caseId, kind: "SHARE_WITH_COMMISSIONE", givenOn: "2026-03-10" } });
      await ok(RECORD_CONSENT, { input: { personId, kind: "DATA_PROCESSING", givenOn: "2026-03-01" } });

      const read = await ok(
        `query ($id: ID!) {
          case(id: $id) {
            id
            consents { kind caseId case { id } person { id } }
            interviews { sequence heldOn mediatorLanguage indicatorsFound case { id } }
            services { kind deliveredOn }
            legalEvents { kind occurredOn permitType }
            person { consents { kind } }
          }
        }`,
        { id: caseId },
      );
      expect(read.case).toEqual({
        id: caseId,
        consents: [
          { kind: "DATA_PROCESSING", caseId: null, case: null, person: { id: personId } },
          { kind: "SHARE_WITH_COMMISSIONE", caseId, case: { id: caseId }, person: { id: personId } },
        ],
        interviews: [{ sequence: 1, heldOn: "2026-03-10", mediatorLanguage: "Pidgin", indicatorsFound: 4, case: { id: caseId } }],
        services: [
          { kind: "LEGAL", deliveredOn: "2026-04-01" },
          { kind: "HEALTH", deliveredOn: "2026-06-01" },
        ],
        legalEvents: [
          { kind: "COMMISSIONE_REPORT_SENT", occurredOn: "2026-03-10", permitType: null },
          { kind: "PERMIT_REQUESTED", occurredOn: "2026-05-01", permitType: "ART_18" },
        ],
        person: { consents: [{ kind: "DATA_PROCESSING" }, { kind: "SHARE_WITH_COMMISSIONE" }] },
      });
    });
  });
});
