import { randomBytes, randomUUID } from "node:crypto";
import { provinceByCode, type ProvinceCode } from "@regional/schema";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import type { Clock } from "../clock.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { testAuth, type TestAuth } from "../testing/tokens.ts";
import { generateSigningKeys, PEER_MESSAGES_PATH, signMessage, type PeerMessage, type SigningKeys } from "./messages.ts";
import { memoryPeerDirectory, type MutablePeerDirectory } from "./peers.ts";

/**
 * Two province services over real HTTP, each with its own database, its own key and its own view
 * of the other (peer URL and public key). Bergamo sends, Lodi receives.
 */
const silent = pino({ level: "silent" });

/** A clock the test moves forward (hold expiry, medians); starts on the suite's day. */
function movableClock(start: string): Clock & { advance(ms: number): void } {
  let at = new Date(start);
  return {
    now: () => new Date(at),
    today: () => at.toISOString().slice(0, 10),
    advance: (ms) => void (at = new Date(at.getTime() + ms)),
  };
}

interface Province {
  code: ProvinceCode;
  db: Database;
  identity: TestAuth;
  keys: SigningKeys;
  peers: MutablePeerDirectory;
  service: RunningProvinceService | undefined;
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: { message: string; extensions: Record<string, any> }[] }>;
  data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

const HOLD_MS = 48 * 3_600_000;

async function province(code: ProvinceCode, clock: Clock): Promise<Province> {
  const db = await openDatabase({ kind: "pglite" });
  await migrate(db.sql);
  const identity = await testAuth(code);
  const keys = generateSigningKeys();
  const peers = memoryPeerDirectory();
  // Kept across restarts, as a real deployment keeps its keys.
  const dataKey = randomBytes(32);
  const p: Province = {
    code,
    db,
    identity,
    keys,
    peers,
    service: undefined,
    port: 0,
    url: "",
    start: async () => {
      p.service = await startProvinceService(
        {
          config: { province: provinceByCode(code), nodeEnv: "test" },
          db,
          clock,
          logger: silent,
          auth: identity.auth,
          dataKey,
          transfers: { keys, peers, holdMs: HOLD_MS, pollMs: 20, sweepMs: 20, backoff: { baseMs: 20, maxMs: 200 }, requestTimeoutMs: 2000 },
        },
        { host: "127.0.0.1", port: p.port },
      );
      p.port = p.service.port;
      p.url = p.service.url;
    },
    stop: async () => {
      await p.service?.stop();
      p.service = undefined;
    },
    gql: async (query, variables = {}) => {
      const send = () =>
        fetch(`${p.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...identity.headers },
          body: JSON.stringify({ query, variables }),
        });
      // After a restart on the same port, the first request may ride a pooled connection the old server closed.
      const res = await send().catch(send);
      return (await res.json()) as never;
    },
    data: async (query, variables) => {
      const result = await p.gql(query, variables);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data as never;
    },
  };
  return p;
}

/** Waits until the check passes (the peers deliver in the background); fails with the last value. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

const TRANSFER = `id direction origin destination state sharedFields requestedAt decidedAt departedAt arrivedAt arrivedOn endedAt holdExpiresAt
  needs { gender ageBand withChildren accommodation urgency reason }
  offer { structureType target structure municipality } declineReason declineNote cancelReason closeProblem
  case { id status exitOutcome closedOn openedOn referralSource phase person { givenName familyName citizenship gender } }
  heldPlace { id label }
  dossier { givenName familyName alias birthDate citizenship phone documentNumber exploitationTypes caseDetails { reference phase } legalEvents { kind } services { kind } }
  messages { seq kind attempts deliveredAt lastError }`;

const transferOf = (p: Province, id: string) => p.data<{ transfer: any }>(`query ($id: ID!) { transfer(id: $id) { ${TRANSFER} } }`, { id }).then((d) => d.transfer);

/** A person with an open case in `p` and, unless told otherwise, the consent to be transferred. */
async function openCase(p: Province, options: { consent?: boolean; birthDate?: string } = {}): Promise<{ personId: string; caseId: string }> {
  const { registerPerson } = await p.data(
    `mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`,
    {
      input: {
        givenName: "Joy",
        familyName: `Adeyemi-${randomUUID().slice(0, 6)}`,
        gender: "WOMAN",
        citizenship: "NG",
        birthDate: options.birthDate ?? "2001-04-02",
        phone: "+39 333 1234567",
        documentNumber: "A1234567",
      },
    },
  );
  const { openCase: kase } = await p.data(
    `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
    { input: { personId: registerPerson.id, openedOn: "2026-10-01", referralSource: "STREET_UNIT", exploitationTypes: ["SEXUAL"], protectionStatus: "NONE" } },
  );
  if (options.consent !== false) {
    await p.data(`mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId: registerPerson.id, kind: "TRANSFER_TO_PROVINCE", givenOn: "2026-11-01" },
    });
  }
  return { personId: registerPerson.id, caseId: kase.id };
}

async function addPlaces(p: Province, type: string, target: string, count: number): Promise<string[]> {
  const { createStructure } = await p.data(`mutation ($input: CreateStructureInput!) { createStructure(input: $input) { id } }`, {
    input: { name: `Casa ${randomUUID().slice(0, 8)}`, type, municipality: "Lodi" },
  });
  const { addPlaces: places } = await p.data(`mutation ($input: AddPlacesInput!) { addPlaces(input: $input) { id } }`, {
    input: { structureId: createStructure.id, target, count },
  });
  return places.map((x: { id: string }) => x.id);
}

const REQUEST = `mutation ($input: RequestTransferInput!) { requestTransfer(input: $input) { ${TRANSFER} } }`;
const ACCEPT = `mutation ($input: AcceptTransferInput!) { acceptTransfer(input: $input) { ${TRANSFER} } }`;
const DECLINE = `mutation ($input: DeclineTransferInput!) { declineTransfer(input: $input) { ${TRANSFER} } }`;
const CANCEL = `mutation ($input: CancelTransferInput!) { cancelTransfer(input: $input) { ${TRANSFER} } }`;
const DEPART = `mutation ($input: MarkDepartureInput!) { markDeparture(input: $input) { ${TRANSFER} } }`;
const ARRIVE = `mutation ($input: MarkArrivalInput!) { markArrival(input: $input) { ${TRANSFER} } }`;

const request = (caseId: string, overrides: Record<string, unknown> = {}) => ({
  input: {
    caseId,
    destination: "LO",
    withChildren: false,
    accommodation: "EMERGENCY_SHELTER",
    urgency: "URGENT",
    reason: "SAFETY",
    sharedFields: ["NAMES", "CITIZENSHIP", "EXPLOITATION_TYPES", "CASE_DETAILS"],
    ...overrides,
  },
});

const capacity = (p: Province) =>
  p.data<{ capacity: { total: number; occupied: number; free: number } }>(`{ capacity { total occupied free } }`).then((d) => d.capacity);

describe("a transfer between two province services", () => {
  const clock = movableClock("2026-11-22T09:00:00Z");
  let bg: Province;
  let lo: Province;

  beforeAll(async () => {
    bg = await province("BG", clock);
    lo = await province("LO", clock);
    await bg.start();
    await lo.start();
    bg.peers.set("LO", { url: lo.url, publicKey: lo.keys.publicKey });
    lo.peers.set("BG", { url: bg.url, publicKey: bg.keys.publicKey });
  });
  afterAll(async () => {
    await bg?.stop();
    await lo?.stop();
    await bg?.db.close();
    await lo?.db.close();
  });

  it("goes from request to arrival: profile first, consented data on acceptance, the case closed here and opened there", async () => {
    const { caseId } = await openCase(bg);
    const [placeId] = await addPlaces(lo, "EMERGENCY_SHELTER", "WOMEN", 2);
    const before = await capacity(lo);

    const { requestTransfer: t } = await bg.data(REQUEST, request(caseId));
    expect(t).toMatchObject({ direction: "OUTGOING", origin: "BG", destination: "LO", state: "REQUESTED" });
    expect(t.needs).toEqual({ gender: "WOMAN", ageBand: "AGE_21_25", withChildren: false, accommodation: "EMERGENCY_SHELTER", urgency: "URGENT", reason: "SAFETY" });

    // Lodi sees the needs profile and nothing else.
    const incoming = await eventually(() => lo.gql(`query ($id: ID!) { transfer(id: $id) { ${TRANSFER} } }`, { id: t.id }), (r) => !!r.data?.transfer);
    expect(incoming.data.transfer).toMatchObject({ direction: "INCOMING", state: "REQUESTED", dossier: null, case: null, needs: t.needs });
    expect(JSON.stringify(incoming.data.transfer)).not.toMatch(/Joy|Adeyemi|A1234567|333/);

    clock.advance(2 * 3_600_000);
    const { acceptTransfer: accepted } = await lo.data(ACCEPT, { input: { transferId: t.id, placeId } });
    expect(accepted).toMatchObject({ state: "ACCEPTED", heldPlace: { id: placeId } });
    // Held at once: the place is not free any more, nor is it occupied.
    expect(await capacity(lo)).toEqual({ total: before.total, occupied: before.occupied, free: before.free - 1 });
    const placedElsewhere = await openCase(lo, { consent: false });
    const refused = await lo.gql(`mutation ($input: PlacePersonInput!) { placePerson(input: $input) { id } }`, {
      input: { caseId: placedElsewhere.caseId, placeId, startOn: "2026-11-22" },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "place-held" });

    // The sender learns of the acceptance and sends the consented data, only that.
    await eventually(() => transferOf(bg, t.id), (x) => x.state === "ACCEPTED");
    const withDossier = await eventually(() => transferOf(lo, t.id), (x) => x.dossier !== null);
    expect(withDossier.dossier).toMatchObject({ givenName: "Joy", citizenship: "NG", exploitationTypes: ["SEXUAL"], caseDetails: { phase: "FIRST_CONTACT" } });
    expect(withDossier.dossier).toMatchObject({ birthDate: null, phone: null, documentNumber: null, legalEvents: null, services: null });
    // Readable through the API, sealed at rest on both sides (as the people's identifiers are).
    const atRest = async (p: Province) =>
      JSON.stringify(await p.db.sql.query(`SELECT t."dossier", o."body" FROM "Transfer" t LEFT JOIN "TransferOutbox" o ON o."transferId" = t."id" WHERE t."id" = $1`, [t.id]));
    expect(await atRest(lo)).toContain('"sealed"');
    expect(await atRest(lo)).not.toMatch(/Joy|Adeyemi/);
    await eventually(() => atRest(bg), (text) => !text.includes('"sealed"'));
    expect(await atRest(bg)).not.toMatch(/Joy|Adeyemi/);

    const { markDeparture } = await bg.data(DEPART, { input: { transferId: t.id } });
    expect(markDeparture.state).toBe("DEPARTED");
    await eventually(() => transferOf(lo, t.id), (x) => x.state === "DEPARTED");

    clock.advance(6 * 3_600_000);
    const { markArrival: arrived } = await lo.data(ARRIVE, { input: { transferId: t.id } });
    expect(arrived).toMatchObject({ state: "ARRIVED", arrivedOn: "2026-11-22", heldPlace: null });
    expect(arrived.case).toMatchObject({ status: "OPEN", referralSource: "OTHER_PROVINCE", phase: "IMMEDIATE_PROTECTION", person: { givenName: "Joy", citizenship: "NG", gender: "WOMAN" } });
    const placement = await lo.data(`query ($id: ID!) { case(id: $id) { currentPlacement { place { id } } transfers { id } } }`, { id: arrived.case.id });
    expect(placement.case).toEqual({ currentPlacement: { place: { id: placeId } }, transfers: [{ id: t.id }] });
    expect(await capacity(lo)).toEqual({ total: before.total, occupied: before.occupied + 1, free: before.free - 1 });

    const closed = await eventually(() => transferOf(bg, t.id), (x) => x.state === "ARRIVED");
    expect(closed.case).toMatchObject({ id: caseId, status: "CLOSED", exitOutcome: "TRANSFERRED", closedOn: "2026-11-22" });
    expect(closed.closeProblem).toBeNull();
    expect(closed.messages.map((m: { kind: string }) => m.kind)).toEqual(["REQUESTED", "HANDOVER", "DEPARTED"]);
    expect(closed.messages.every((m: { deliveredAt: string | null }) => m.deliveredAt !== null)).toBe(true);
  });
});

describe("the rules on both sides", () => {
  const clock = movableClock("2026-11-22T09:00:00Z");
  let bg: Province;
  let lo: Province;
  const error = (r: { errors?: { extensions: Record<string, any> }[] }) => r.errors?.[0]?.extensions;

  beforeAll(async () => {
    bg = await province("BG", clock);
    lo = await province("LO", clock);
    await bg.start();
    await lo.start();
    bg.peers.set("LO", { url: lo.url, publicKey: lo.keys.publicKey });
    lo.peers.set("BG", { url: bg.url, publicKey: bg.keys.publicKey });
  });
  afterAll(async () => {
    await bg?.stop();
    await lo?.stop();
    await bg?.db.close();
    await lo?.db.close();
  });

  const requested = async (overrides: Record<string, unknown> = {}) => {
    const { caseId } = await openCase(bg);
    const { requestTransfer: t } = await bg.data(REQUEST, request(caseId, overrides));
    await eventually(() => lo.gql(`query ($id: ID!) { transfer(id: $id) { id } }`, { id: t.id }), (r) => !!r.data?.transfer);
    return { caseId, id: t.id as string };
  };

  it("refuses a request without the person's consent, with a clear error, and writes nothing", async () => {
    const { caseId } = await openCase(bg, { consent: false });
    const r = await bg.gql(REQUEST, request(caseId));
    expect(error(r)).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "transfer-consent-missing", field: "input.caseId" });
    expect(r.errors?.[0]?.message).toMatch(/consent/);
    const list = await bg.data(`{ transfers(filter: { direction: OUTGOING }) { nodes { case { id } } } }`);
    expect(list.transfers.nodes.filter((n: any) => n.case?.id === caseId)).toEqual([]);
  });

  it("refuses a revoked consent, an unknown or own province, and a second transfer of the same case", async () => {
    const { personId, caseId } = await openCase(bg);
    const { recordConsent } = await bg.data(`mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId, kind: "SHARE_WITH_CAS", givenOn: "2026-11-01" },
    });
    expect(recordConsent.id).toBeTruthy();
    expect(error(await bg.gql(REQUEST, request(caseId, { destination: "XX" })))).toMatchObject({ code: "BAD_USER_INPUT", field: "input.destination" });
    expect(error(await bg.gql(REQUEST, request(caseId, { destination: "BG" })))).toMatchObject({ code: "BAD_USER_INPUT", field: "input.destination" });
    await bg.data(REQUEST, request(caseId));
    expect(error(await bg.gql(REQUEST, request(caseId)))).toMatchObject({ rule: "case-has-active-transfer" });

    const other = await openCase(bg);
    const consents = await bg.data(`query ($id: ID!) { person(id: $id) { consents { id kind } } }`, { id: other.personId });
    const transferConsent = consents.person.consents.find((c: { kind: string }) => c.kind === "TRANSFER_TO_PROVINCE");
    await bg.data(`mutation ($input: RevokeConsentInput!) { revokeConsent(input: $input) { id } }`, { input: { consentId: transferConsent.id, on: "2026-11-20" } });
    expect(error(await bg.gql(REQUEST, request(other.caseId)))).toMatchObject({ rule: "transfer-consent-missing" });
  });

  it("declines with a reason the sender receives; nothing can be accepted afterwards", async () => {
    const { id } = await requested();
    const { declineTransfer } = await lo.data(DECLINE, { input: { transferId: id, reason: "NO_SUITABLE_PLACE", note: "no bed for minors" } });
    expect(declineTransfer).toMatchObject({ state: "DECLINED", declineReason: "NO_SUITABLE_PLACE" });
    const atOrigin = await eventually(() => transferOf(bg, id), (x) => x.state === "DECLINED");
    expect(atOrigin).toMatchObject({ declineReason: "NO_SUITABLE_PLACE", declineNote: "no bed for minors" });
    const [placeId] = await addPlaces(lo, "EMERGENCY_SHELTER", "WOMEN", 1);
    expect(error(await lo.gql(ACCEPT, { input: { transferId: id, placeId } }))).toMatchObject({ rule: "transfer-declined" });
    expect(error(await bg.gql(DEPART, { input: { transferId: id } }))).toMatchObject({ rule: "transfer-declined" });
  });

  it("refuses impossible moves: accept after cancel, two accepts, arrive before accept or departure, moves of the other side", async () => {
    const [p1, p2] = await addPlaces(lo, "EMERGENCY_SHELTER", "WOMEN", 2);
    const first = await requested();
    expect(error(await lo.gql(ARRIVE, { input: { transferId: first.id } }))).toMatchObject({ rule: "transfer-not-accepted" });
    expect(error(await bg.gql(ACCEPT, { input: { transferId: first.id, placeId: p1 } }))).toMatchObject({ rule: "transfer-wrong-side" });
    expect(error(await lo.gql(CANCEL, { input: { transferId: first.id, reason: "OTHER" } }))).toMatchObject({ rule: "transfer-wrong-side" });
    // Two acceptances at once: one holds the place, the other is refused.
    const both = await Promise.all([
      lo.gql(ACCEPT, { input: { transferId: first.id, placeId: p1 } }),
      lo.gql(ACCEPT, { input: { transferId: first.id, placeId: p2 } }),
    ]);
    expect(both.filter((r) => !r.errors)).toHaveLength(1);
    expect(error(both.find((r) => r.errors)!)).toMatchObject({ rule: "transfer-already-decided" });
    expect(error(await lo.gql(ARRIVE, { input: { transferId: first.id } }))).toMatchObject({ rule: "transfer-not-departed" });

    const second = await requested();
    await bg.data(CANCEL, { input: { transferId: second.id, reason: "CHANGED_MIND" } });
    await eventually(() => transferOf(lo, second.id), (x) => x.state === "CANCELLED");
    expect(error(await lo.gql(ACCEPT, { input: { transferId: second.id, placeId: p2 } }))).toMatchObject({ rule: "transfer-cancelled" });
  });

  it("refuses to hold an occupied place or one already held (full capacity)", async () => {
    const [only] = await addPlaces(lo, "SEMI_AUTONOMY", "WOMEN", 1);
    const a = await requested({ accommodation: "SEMI_AUTONOMY" });
    const b = await requested({ accommodation: "SEMI_AUTONOMY" });
    await lo.data(ACCEPT, { input: { transferId: a.id, placeId: only } });
    expect(error(await lo.gql(ACCEPT, { input: { transferId: b.id, placeId: only } }))).toMatchObject({ rule: "place-held", field: "input.placeId" });
    const [occupied] = await addPlaces(lo, "SEMI_AUTONOMY", "MEN", 1);
    const local = await openCase(lo, { consent: false });
    await lo.data(`mutation ($input: PlacePersonInput!) { placePerson(input: $input) { id } }`, { input: { caseId: local.caseId, placeId: occupied, startOn: "2026-11-22" } });
    expect(error(await lo.gql(ACCEPT, { input: { transferId: b.id, placeId: occupied } }))).toMatchObject({ rule: "place-occupied" });
    expect((await transferOf(lo, b.id)).state).toBe("REQUESTED");
  });

  it("keeps a held place, and its structure, in service until the hold ends", async () => {
    const [placeId] = await addPlaces(lo, "HOUSING", "MEN", 1);
    const structureId = (await lo.db.prisma.place.findUniqueOrThrow({ where: { id: placeId! } })).structureId;
    const { id } = await requested({ accommodation: "HOUSING" });
    await lo.data(ACCEPT, { input: { transferId: id, placeId } });
    const SET_ACTIVE = `mutation ($id: ID!) { setPlaceActive(placeId: $id, active: false) { id active } }`;
    const UPDATE = `mutation ($input: UpdateStructureInput!) { updateStructure(input: $input) { id active } }`;
    expect(error(await lo.gql(SET_ACTIVE, { id: placeId }))).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "place-held", field: "active" });
    expect(error(await lo.gql(UPDATE, { input: { id: structureId, active: false } }))).toMatchObject({
      code: "ILLEGAL_OPERATION",
      rule: "structure-has-held-places",
    });
    expect(await lo.db.prisma.place.findUniqueOrThrow({ where: { id: placeId! }, include: { structure: true } })).toMatchObject({
      active: true,
      structure: { active: true },
    });
    await bg.data(CANCEL, { input: { transferId: id, reason: "OTHER_SOLUTION" } });
    await eventually(() => transferOf(lo, id), (x) => x.state === "CANCELLED");
    expect((await lo.data(SET_ACTIVE, { id: placeId })).setPlaceActive.active).toBe(false);
  });

  it("releases the held place and erases the received data when the sender cancels after acceptance", async () => {
    const [placeId] = await addPlaces(lo, "HOUSING", "WOMEN", 1);
    const { id } = await requested({ accommodation: "HOUSING" });
    const before = await capacity(lo);
    await lo.data(ACCEPT, { input: { transferId: id, placeId } });
    await eventually(() => transferOf(lo, id), (x) => x.dossier !== null);
    expect((await capacity(lo)).free).toBe(before.free - 1);
    await bg.data(CANCEL, { input: { transferId: id, reason: "OTHER_SOLUTION" } });
    const cancelled = await eventually(() => transferOf(lo, id), (x) => x.state === "CANCELLED");
    expect(cancelled).toMatchObject({ dossier: null, heldPlace: null, cancelReason: "OTHER_SOLUTION" });
    expect(await capacity(lo)).toEqual(before);
  });

  it("expires an unused hold after the configured time, releasing the place on both sides", async () => {
    const [placeId] = await addPlaces(lo, "RESIDENTIAL_COMMUNITY", "WOMEN", 1);
    const { id } = await requested({ accommodation: "RESIDENTIAL_COMMUNITY" });
    // Its own structure's occupancy: other tests' holds expire too when the clock jumps.
    const freeHere = async () =>
      (await lo.data(`query ($id: ID!) { place(id: $id) { heldFor { id } structure { occupancy { free } } } }`, { id: placeId })).place;
    expect(await freeHere()).toEqual({ heldFor: null, structure: { occupancy: { free: 1 } } });
    const { acceptTransfer } = await lo.data(ACCEPT, { input: { transferId: id, placeId } });
    expect(Date.parse(acceptTransfer.holdExpiresAt) - Date.parse(acceptTransfer.decidedAt)).toBe(HOLD_MS);
    expect(await freeHere()).toEqual({ heldFor: { id }, structure: { occupancy: { free: 0 } } });
    await eventually(() => transferOf(bg, id), (x) => x.state === "ACCEPTED");
    clock.advance(HOLD_MS + 1000);
    const expired = await eventually(() => transferOf(lo, id), (x) => x.state === "EXPIRED");
    expect(expired).toMatchObject({ heldPlace: null, dossier: null });
    expect(await freeHere()).toEqual({ heldFor: null, structure: { occupancy: { free: 1 } } });
    await eventually(() => transferOf(bg, id), (x) => x.state === "EXPIRED");
    expect(error(await lo.gql(ARRIVE, { input: { transferId: id } }))).toMatchObject({ rule: "transfer-expired" });
  });

  it("converges when the sender cancels while the receiver marks the arrival (the arrival stands)", async () => {
    const [placeId] = await addPlaces(lo, "EMERGENCY_SHELTER", "TRANS", 1);
    const { id, caseId } = await requested();
    await lo.data(ACCEPT, { input: { transferId: id, placeId } });
    await eventually(() => transferOf(bg, id), (x) => x.state === "ACCEPTED");
    await bg.data(DEPART, { input: { transferId: id } });
    await eventually(() => transferOf(lo, id), (x) => x.state === "DEPARTED");
    // Lodi's messages to Bergamo are held back (its address is wrong for a while): the moves cross.
    lo.peers.set("BG", { url: "http://127.0.0.1:9" });
    await lo.data(ARRIVE, { input: { transferId: id } });
    await bg.data(CANCEL, { input: { transferId: id, reason: "CHANGED_MIND" } });
    // The cancellation reaches Lodi, which has the person: it is acknowledged and ignored.
    await eventually(() => transferOf(bg, id), (x) => x.messages.at(-1).kind === "CANCELLED" && x.messages.at(-1).deliveredAt !== null);
    expect((await transferOf(lo, id)).state).toBe("ARRIVED");
    lo.peers.set("BG", { url: bg.url });
    const atOrigin = await eventually(() => transferOf(bg, id), (x) => x.state === "ARRIVED");
    expect(atOrigin.case).toMatchObject({ id: caseId, status: "CLOSED", exitOutcome: "TRANSFERRED" });
    expect((await transferOf(lo, id)).state).toBe("ARRIVED");
  });
});

describe("the peer channel", () => {
  const clock = movableClock("2026-11-22T09:00:00Z");
  let bg: Province;
  let lo: Province;

  beforeAll(async () => {
    bg = await province("BG", clock);
    lo = await province("LO", clock);
    await bg.start();
    await lo.start();
    bg.peers.set("LO", { url: lo.url, publicKey: lo.keys.publicKey });
    lo.peers.set("BG", { url: bg.url, publicKey: bg.keys.publicKey });
  });
  afterAll(async () => {
    await bg?.stop();
    await lo?.stop();
    await bg?.db.close();
    await lo?.db.close();
  });

  /** A message as Bergamo would send it (its key unless told otherwise), posted straight to Lodi. */
  function message(overrides: Partial<PeerMessage> & Pick<PeerMessage, "transferId" | "seq" | "kind" | "body">): PeerMessage {
    return { v: 1, id: randomUUID(), from: "BG", to: "LO", createdAt: new Date().toISOString(), sentAt: new Date().toISOString(), ...overrides };
  }
  async function post(body: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${lo.url}${PEER_MESSAGES_PATH}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, json: await res.json().catch(() => null) };
  }
  const requestedBody = {
    needs: { gender: "WOMAN", ageBand: "AGE_26_30", withChildren: true, accommodation: "RESIDENTIAL_COMMUNITY", urgency: "ROUTINE", reason: "FAMILY_TIES" },
    sharedFields: ["NAMES"],
    requestedAt: "2026-11-22T09:00:00.000Z",
  };
  const incomingCount = async () => (await lo.data(`{ transfers(filter: { direction: INCOMING }) { nodes { id } } }`)).transfers.nodes.length as number;

  it("rejects unsigned, forged, misaddressed and replayed messages, writing nothing", async () => {
    const before = await incomingCount();
    const m = message({ transferId: randomUUID(), seq: 1, kind: "REQUESTED", body: requestedBody });
    const signed = signMessage(m, bg.keys.privateKey);
    expect(await post({ payload: signed.payload })).toMatchObject({ status: 401, json: { reason: "unsigned" } });
    expect(await post(signMessage(m, generateSigningKeys().privateKey))).toMatchObject({ status: 401, json: { reason: "forged" } });
    expect(await post({ ...signed, payload: signed.payload.replace("FAMILY_TIES", "SAFETY") })).toMatchObject({ status: 401, json: { reason: "forged" } });
    expect(await post(signMessage({ ...m, to: "CR" }, bg.keys.privateKey))).toMatchObject({ status: 400, json: { reason: "misaddressed" } });
    const replay = signMessage({ ...m, sentAt: new Date(Date.now() - 3_600_000).toISOString() }, bg.keys.privateKey);
    expect(await post(replay)).toMatchObject({ status: 401, json: { reason: "stale" } });
    expect(await post(signMessage({ ...m, from: "PV" }, bg.keys.privateKey))).toMatchObject({ status: 401, json: { reason: "unknown-sender" } });
    expect(await incomingCount()).toBe(before);
    // The genuine one goes through.
    expect(await post(signed)).toMatchObject({ status: 200, json: { status: "applied" } });
    expect(await incomingCount()).toBe(before + 1);
  });

  it("applies a message once and in order: duplicates acknowledged without effect, early ones wait", async () => {
    const transferId = randomUUID();
    const [placeId] = await addPlaces(lo, "RESIDENTIAL_COMMUNITY", "WITH_CHILDREN", 1);
    const first = message({ transferId, seq: 1, kind: "REQUESTED", body: requestedBody });
    expect((await post(signMessage(first, bg.keys.privateKey))).json.status).toBe("applied");
    // The same message again (a resend: new sentAt, same id and content).
    expect(await post(signMessage({ ...first, sentAt: new Date().toISOString() }, bg.keys.privateKey))).toMatchObject({ status: 200, json: { status: "duplicate" } });
    expect((await lo.data(`{ transfers(filter: { direction: INCOMING }) { nodes { id } } }`)).transfers.nodes.filter((n: any) => n.id === transferId)).toHaveLength(1);

    await lo.data(ACCEPT, { input: { transferId, placeId } });
    const handover = message({ transferId, seq: 2, kind: "HANDOVER", body: { dossier: { givenName: "Ada", familyName: "Okafor" } } });
    const departed = message({ transferId, seq: 3, kind: "DEPARTED", body: { departedAt: "2026-11-22T12:00:00.000Z", departedOn: "2026-11-22" } });
    // Out of order: the departure before the handover waits (the sender will resend it).
    expect(await post(signMessage(departed, bg.keys.privateKey))).toMatchObject({ status: 409, json: { status: "out-of-order", expected: 2 } });
    expect((await transferOf(lo, transferId)).state).toBe("ACCEPTED");
    expect((await post(signMessage(handover, bg.keys.privateKey))).json.status).toBe("applied");
    expect((await post(signMessage(departed, bg.keys.privateKey))).json.status).toBe("applied");
    const t = await transferOf(lo, transferId);
    expect(t).toMatchObject({ state: "DEPARTED", dossier: { givenName: "Ada", familyName: "Okafor" } });
    // A different message under a used sequence number (or id) is a conflict, not applied.
    const impostor = message({ transferId, seq: 3, kind: "CANCELLED", body: { cancelledAt: "2026-11-22T12:30:00.000Z", reason: "OTHER" } });
    expect(await post(signMessage(impostor, bg.keys.privateKey))).toMatchObject({ status: 409, json: { status: "conflict" } });
    expect(await post(signMessage({ ...departed, seq: 4 }, bg.keys.privateKey))).toMatchObject({ status: 409, json: { status: "conflict" } });
    // A late message the state machine cannot take: acknowledged, recorded, no effect.
    const late = message({ transferId, seq: 4, kind: "HANDOVER", body: { dossier: { givenName: "Someone", familyName: "Else" } } });
    expect(await post(signMessage(late, bg.keys.privateKey))).toMatchObject({ status: 200, json: { status: "refused" } });
    expect((await transferOf(lo, transferId)).dossier.givenName).toBe("Ada");
  });

  it("delivers a request made while the destination is down, once it is back", async () => {
    await lo.stop();
    const { caseId } = await openCase(bg);
    const { requestTransfer: t } = await bg.data(REQUEST, request(caseId));
    const waiting = await eventually(() => transferOf(bg, t.id), (x) => x.messages[0].attempts >= 2);
    expect(waiting.messages[0]).toMatchObject({ kind: "REQUESTED", deliveredAt: null });
    expect(waiting.messages[0].lastError).toBeTruthy();
    await lo.start();
    await eventually(() => transferOf(bg, t.id), (x) => x.messages[0].deliveredAt !== null);
    expect((await transferOf(lo, t.id)).state).toBe("REQUESTED");
  });

  it("delivers what was in the outbox when the sender restarted", async () => {
    await lo.stop();
    const { caseId } = await openCase(bg);
    const { requestTransfer: t } = await bg.data(REQUEST, request(caseId));
    await bg.data(CANCEL, { input: { transferId: t.id, reason: "OTHER" } });
    await bg.stop();
    await bg.start();
    await lo.start();
    await eventually(() => transferOf(bg, t.id), (x) => x.messages.every((m: any) => m.deliveredAt !== null));
    const atLodi = await transferOf(lo, t.id);
    expect(atLodi.state).toBe("CANCELLED");
    expect((await transferOf(bg, t.id)).messages.map((m: any) => [m.seq, m.kind])).toEqual([
      [1, "REQUESTED"],
      [2, "CANCELLED"],
    ]);
    // Each applied once in Lodi's inbox.
    const inbox = await lo.db.sql.query<{ seq: number; outcome: string }>(`SELECT seq, outcome FROM "TransferInbox" WHERE "transferId" = $1 ORDER BY seq`, [t.id]);
    expect(inbox).toEqual([
      { seq: 1, outcome: "APPLIED" },
      { seq: 2, outcome: "APPLIED" },
    ]);
  });
});
