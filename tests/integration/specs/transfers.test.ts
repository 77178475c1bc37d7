import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProvinceCode } from "@regional/schema";
import { generateSigningKeys } from "@regional/province-service";
import { backends } from "../fixtures/databases.ts";
import { expectData } from "../fixtures/graphql.ts";
import { eventually, HOLD_MS, movableClock, startTransferRegion, type TransferProvince, type TransferRegion } from "../fixtures/transfers.ts";

/**
 * Transfers across real province services (own database and key each, real HTTP between them)
 * and the real gateway: the workflow end to end, the channel's faults, and what the capofila sees.
 */
const HOUR = 3_600_000;
const PERIOD = { from: "2026-11-01", to: "2026-11-30" };

const TRANSFER = `id direction state origin destination requestedAt decidedAt departedAt arrivedAt endedAt
  case { id status exitOutcome closedOn openedOn person { givenName familyName } }
  heldPlace { id } dossier { givenName familyName citizenship exploitationTypes }
  messages { seq kind deliveredAt attempts lastError }`;

async function openCase(p: TransferProvince, options: { consent?: boolean } = {}): Promise<{ personId: string; caseId: string }> {
  const { registerPerson } = await p.data(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, {
    input: { givenName: "Blessing", familyName: `Okoro-${randomUUID().slice(0, 6)}`, gender: "WOMAN", citizenship: "NG", birthDate: "2000-05-01" },
  });
  const { openCase: kase } = await p.data(`mutation ($input: OpenCaseInput!) { openCase(input: $input) { id } }`, {
    input: { personId: registerPerson.id, openedOn: "2026-11-02", referralSource: "NUMERO_VERDE", exploitationTypes: ["SEXUAL"], protectionStatus: "NONE" },
  });
  if (options.consent !== false) {
    await p.data(`mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId: registerPerson.id, kind: "TRANSFER_TO_PROVINCE", givenOn: "2026-11-02" },
    });
  }
  return { personId: registerPerson.id, caseId: kase.id };
}

async function addPlaces(p: TransferProvince, type: string, target: string, count: number): Promise<string[]> {
  const { createStructure } = await p.data(`mutation ($input: CreateStructureInput!) { createStructure(input: $input) { id } }`, {
    input: { name: `Casa ${randomUUID().slice(0, 8)}`, type, municipality: "Crema" },
  });
  const { addPlaces: places } = await p.data(`mutation ($input: AddPlacesInput!) { addPlaces(input: $input) { id } }`, {
    input: { structureId: createStructure.id, target, count },
  });
  return places.map((x: { id: string }) => x.id);
}

const transferOf = async (p: TransferProvince, id: string) =>
  (await p.data<{ transfer: any }>(`query ($id: ID!) { transfer(id: $id) { ${TRANSFER} } }`, { id })).transfer;

const REQUEST = `mutation ($input: RequestTransferInput!) { requestTransfer(input: $input) { id state } }`;
const request = (caseId: string, destination: ProvinceCode, accommodation = "EMERGENCY_SHELTER") => ({
  input: { caseId, destination, withChildren: false, accommodation, urgency: "URGENT", reason: "SAFETY", sharedFields: ["NAMES", "CITIZENSHIP", "EXPLOITATION_TYPES"] },
});
const ACCEPT = `mutation ($input: AcceptTransferInput!) { acceptTransfer(input: $input) { id state } }`;

const BOARD = `query ($from: Date!, $to: Date!) { region(from: $from, to: $to) {
  transfers {
    missing medianHoursToDecision medianHoursToArrival
    byState { state count } routes { origin destination count }
    transfers { id origin destination state confirmed requestedAt decidedAt departedAt arrivedAt endedAt declineReason cancelReason
      needs { gender ageBand withChildren accommodation urgency reason } }
  }
} }`;

describe.each(backends())("transfers across provinces on %s", (backend) => {
  const clock = movableClock("2026-11-22T08:00:00Z");
  let region: TransferRegion;
  let BG: TransferProvince, LO: TransferProvince, CR: TransferProvince, PV: TransferProvince;

  beforeAll(async () => {
    region = await startTransferRegion(backend, clock);
    const get = (code: ProvinceCode) => region.provinces.get(code)!;
    [BG, LO, CR, PV] = [get("BG"), get("LO"), get("CR"), get("PV")];
  });
  afterAll(async () => region?.stop());

  // With a province down the answer still comes, with an error naming it: the board is read either way.
  const board = async () => {
    const res = await region.capofila(BOARD, PERIOD);
    if (!res.data) throw new Error(`no board: ${JSON.stringify(res.errors)}`);
    return res.data.region.transfers;
  };
  const boardEntry = async (id: string) => (await board()).transfers.find((t: { id: string }) => t.id === id);

  it("moves a person from Bergamo to Lodi: free place found through the gateway, held, data handed over, the person counted once", async () => {
    const [placeId] = await addPlaces(LO, "EMERGENCY_SHELTER", "WOMEN", 3);
    const freeAtLodi = async () => {
      const { region: r } = expectData(
        await region.capofila(`query ($from: Date!, $to: Date!) { region(from: $from, to: $to) {
          freeCapacity { province structureType target total free } totals { placesHeld placesFree } } }`, { from: clock.today(), to: clock.today() }),
      );
      const cell = r.freeCapacity.find((c: any) => c.province === "LO" && c.structureType === "EMERGENCY_SHELTER" && c.target === "WOMEN");
      return { cell, totals: r.totals };
    };
    // Finding a place: the capofila's graph shows Lodi's free women's emergency places, nobody in them.
    expect((await freeAtLodi()).cell).toEqual({ province: "LO", structureType: "EMERGENCY_SHELTER", target: "WOMEN", total: 3, free: 3 });

    const { caseId } = await openCase(BG);
    const { requestTransfer } = await BG.data(REQUEST, request(caseId, "LO"));
    const id: string = requestTransfer.id;
    await eventually(() => LO.gql(`query ($id: ID!) { transfer(id: $id) { id } }`, { id }), (r) => !!r.data?.transfer);

    clock.advance(2 * HOUR);
    await LO.data(ACCEPT, { input: { transferId: id, placeId } });
    // Held: not free everywhere at once (the province's figures through the gateway).
    expect(await freeAtLodi()).toMatchObject({ cell: { total: 3, free: 2 }, totals: { placesHeld: 1 } });
    await eventually(() => transferOf(LO, id), (t) => t.dossier !== null);
    expect((await transferOf(LO, id)).dossier).toMatchObject({ givenName: "Blessing", citizenship: "NG", exploitationTypes: ["SEXUAL"] });

    await eventually(() => transferOf(BG, id), (t) => t.state === "ACCEPTED");
    clock.advance(HOUR);
    await BG.data(`mutation ($input: MarkDepartureInput!) { markDeparture(input: $input) { id } }`, { input: { transferId: id } });
    await eventually(() => transferOf(LO, id), (t) => t.state === "DEPARTED");
    clock.advance(3 * HOUR);
    const { markArrival } = await LO.data(`mutation ($input: MarkArrivalInput!) { markArrival(input: $input) { ${TRANSFER} } }`, { input: { transferId: id } });
    expect(markArrival.case).toMatchObject({ status: "OPEN", openedOn: "2026-11-22", person: { givenName: "Blessing" } });
    const atOrigin = await eventually(() => transferOf(BG, id), (t) => t.state === "ARRIVED");
    expect(atOrigin.case).toMatchObject({ id: caseId, status: "CLOSED", exitOutcome: "TRANSFERRED", closedOn: "2026-11-22" });
    expect(await freeAtLodi()).toMatchObject({ cell: { total: 3, free: 2 }, totals: { placesHeld: 0 } });

    // The capofila's board: one transfer, both records agree, times from the province that made each move.
    const entry = await eventually(() => boardEntry(id), (t) => t?.confirmed === true && t.state === "ARRIVED");
    expect(entry).toMatchObject({
      origin: "BG",
      destination: "LO",
      state: "ARRIVED",
      requestedAt: "2026-11-22T08:00:00.000Z",
      decidedAt: "2026-11-22T10:00:00.000Z",
      departedAt: "2026-11-22T11:00:00.000Z",
      arrivedAt: "2026-11-22T14:00:00.000Z",
      needs: { gender: "WOMAN", ageBand: "AGE_26_30", withChildren: false, accommodation: "EMERGENCY_SHELTER", urgency: "URGENT", reason: "SAFETY" },
    });
    expect(JSON.stringify(await board())).not.toMatch(/Blessing|Okoro|NG"|caseId|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?!")/);

    // Counted once in the region: a new case in Bergamo, an arrival (not a new case) in Lodi.
    const { region: r } = expectData(
      await region.capofila(`query ($from: Date!, $to: Date!) { region(from: $from, to: $to) {
        totals { newCases transfersIn transfersOut } provinces { province newCases transfersIn transfersOut activeCases } } }`, PERIOD),
    );
    const of = (code: string) => r.provinces.find((p: { province: string }) => p.province === code);
    expect(of("BG")).toMatchObject({ newCases: 1, transfersOut: 1, transfersIn: 0 });
    expect(of("LO")).toMatchObject({ newCases: 0, transfersIn: 1, transfersOut: 0 });
    expect(r.totals).toMatchObject({ newCases: 1, transfersIn: 1, transfersOut: 1 });
  });

  it("refuses a request without the person's consent", async () => {
    const { caseId } = await openCase(BG, { consent: false });
    const res = await BG.gql(REQUEST, request(caseId, "LO"));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "transfer-consent-missing" });
  });

  it("shows declined, cancelled and expired transfers on the board, by state and route, with the medians", async () => {
    const [place] = await addPlaces(PV, "RESIDENTIAL_COMMUNITY", "WOMEN", 1);
    const ids: Record<string, string> = {};
    for (const [name, origin, destination] of [
      ["declined", CR, LO],
      ["cancelled", CR, PV],
      ["expired", BG, PV],
    ] as const) {
      const { caseId } = await openCase(origin);
      ids[name] = (await origin.data(REQUEST, request(caseId, destination.code, "RESIDENTIAL_COMMUNITY"))).requestTransfer.id;
      await eventually(() => destination.gql(`query ($id: ID!) { transfer(id: $id) { id } }`, { id: ids[name] }), (r) => !!r.data?.transfer);
    }
    clock.advance(HOUR);
    await LO.data(`mutation ($input: DeclineTransferInput!) { declineTransfer(input: $input) { id } }`, { input: { transferId: ids.declined, reason: "NEEDS_NOT_MET" } });
    await CR.data(`mutation ($input: CancelTransferInput!) { cancelTransfer(input: $input) { id } }`, { input: { transferId: ids.cancelled, reason: "OTHER_SOLUTION" } });
    await PV.data(ACCEPT, { input: { transferId: ids.expired!, placeId: place } });
    await eventually(() => transferOf(BG, ids.expired!), (t) => t.state === "ACCEPTED");
    clock.advance(HOLD_MS + 60_000);
    await eventually(() => transferOf(BG, ids.expired!), (t) => t.state === "EXPIRED");
    await eventually(() => transferOf(CR, ids.declined!), (t) => t.state === "DECLINED");
    await eventually(() => transferOf(PV, ids.cancelled!), (t) => t.state === "CANCELLED");

    const b = await eventually(board, (x) => ["declined", "cancelled", "expired"].every((n) => x.transfers.find((t: any) => t.id === ids[n])?.confirmed));
    const stateOf = (name: string) => b.transfers.find((t: any) => t.id === ids[name]);
    expect(stateOf("declined")).toMatchObject({ state: "DECLINED", declineReason: "NEEDS_NOT_MET", origin: "CR", destination: "LO" });
    expect(stateOf("cancelled")).toMatchObject({ state: "CANCELLED", cancelReason: "OTHER_SOLUTION" });
    expect(stateOf("expired")).toMatchObject({ state: "EXPIRED" });
    expect(b.missing).toEqual([]);
    const count = (state: string) => b.byState.find((s: any) => s.state === state).count;
    expect(count("DECLINED")).toBeGreaterThanOrEqual(1);
    expect(count("EXPIRED")).toBeGreaterThanOrEqual(1);
    expect(count("CANCELLED")).toBeGreaterThanOrEqual(1);
    expect(b.byState.reduce((s: number, x: any) => s + x.count, 0)).toBe(b.transfers.length);
    const routes = new Map(b.routes.map((r: any) => [`${r.origin}>${r.destination}`, r.count]));
    expect(routes.get("CR>LO")).toBeGreaterThanOrEqual(1);
    expect(routes.get("CR>PV")).toBeGreaterThanOrEqual(1);
    expect([...routes.values()].reduce((s: any, n: any) => s + n, 0)).toBe(b.transfers.length);
    // The Bergamo → Lodi transfer of the first test: decided 2 h and arrived 6 h after its request.
    expect(b.medianHoursToArrival).toBe(6);
    expect(b.medianHoursToDecision).not.toBeNull();
  });

  it("holds a full province's last place once: a second acceptance is refused and nothing is free", async () => {
    const [only] = await addPlaces(CR, "SEMI_AUTONOMY", "MEN", 1);
    const first = (await LO.data(REQUEST, request((await openCase(LO)).caseId, "CR", "SEMI_AUTONOMY"))).requestTransfer.id;
    const second = (await PV.data(REQUEST, request((await openCase(PV)).caseId, "CR", "SEMI_AUTONOMY"))).requestTransfer.id;
    for (const id of [first, second]) await eventually(() => CR.gql(`query ($id: ID!) { transfer(id: $id) { id } }`, { id }), (r) => !!r.data?.transfer);
    await CR.data(ACCEPT, { input: { transferId: first, placeId: only } });
    const refused = await CR.gql(ACCEPT, { input: { transferId: second, placeId: only } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "ILLEGAL_OPERATION", rule: "place-held" });
    const { region: r } = expectData(await region.capofila(`query ($d: Date!) { region(from: $d, to: $d) { freeCapacity { province structureType target free } } }`, { d: clock.today() }));
    expect(r.freeCapacity.find((c: any) => c.province === "CR" && c.structureType === "SEMI_AUTONOMY" && c.target === "MEN")).toMatchObject({ free: 0 });
  });

  it("delivers a request made while the destination was down; meanwhile the board shows it from the sender's side", async () => {
    await PV.goOffline();
    try {
      const { caseId } = await openCase(BG);
      const id = (await BG.data(REQUEST, request(caseId, "PV"))).requestTransfer.id;
      const waiting = await eventually(() => transferOf(BG, id), (t) => t.messages[0].attempts >= 2);
      expect(waiting.messages[0]).toMatchObject({ deliveredAt: null });
      const partial = await board();
      expect(partial.missing).toEqual(["PV"]);
      expect((await region.capofila(BOARD, PERIOD)).errors?.[0]?.extensions).toMatchObject({ code: "PROVINCE_UNAVAILABLE", province: "PV" });
      expect(partial.transfers.find((t: any) => t.id === id)).toMatchObject({ state: "REQUESTED", confirmed: false });
      await PV.comeBack();
      await eventually(() => boardEntry(id), (t) => t?.confirmed === true);
    } finally {
      await PV.comeBack();
    }
  });

  it("delivers what was in the sender's outbox across a restart of the sender", async () => {
    await LO.goOffline();
    const { caseId } = await openCase(BG);
    const id = (await BG.data(REQUEST, request(caseId, "LO"))).requestTransfer.id;
    await BG.data(`mutation ($input: CancelTransferInput!) { cancelTransfer(input: $input) { id } }`, { input: { transferId: id, reason: "CHANGED_MIND" } });
    await BG.goOffline();
    await BG.comeBack();
    await LO.comeBack();
    await eventually(() => transferOf(LO, id).catch(() => null), (t) => t?.state === "CANCELLED");
    const inbox = await LO.database.db.sql.query<{ seq: number; outcome: string }>(
      `SELECT seq, outcome FROM "TransferInbox" WHERE "transferId" = $1 ORDER BY seq`,
      [id],
    );
    expect(inbox).toEqual([
      { seq: 1, outcome: "APPLIED" },
      { seq: 2, outcome: "APPLIED" },
    ]);
  });

  it("turns away a forged message and acknowledges a duplicate without effect", async () => {
    const { caseId } = await openCase(BG);
    const id = (await BG.data(REQUEST, request(caseId, "LO"))).requestTransfer.id;
    await eventually(() => transferOf(BG, id), (t) => t.messages[0].deliveredAt !== null);
    // Bergamo's own message, re-signed with another key (forged), then sent again as it is (a duplicate).
    const [row] = await BG.database.db.sql.query<any>(`SELECT * FROM "TransferOutbox" WHERE "transferId" = $1 AND seq = 1`, [id]);
    const message = {
      v: 1,
      id: row.id,
      transferId: id,
      seq: 1,
      kind: "REQUESTED",
      from: "BG",
      to: "LO",
      createdAt: new Date(row.createdAt).toISOString(),
      sentAt: new Date().toISOString(),
      body: row.body,
    };
    const { createPrivateKey, sign } = await import("node:crypto");
    const envelope = (key: import("node:crypto").KeyObject) => {
      const payload = JSON.stringify(message);
      return { payload, signature: sign(null, Buffer.from(payload), key).toString("base64url") };
    };
    const post = async (body: unknown) => {
      const res = await fetch(`${LO.url}/peer/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect(await post(envelope(generateSigningKeys().privateKey))).toMatchObject({ status: 401, body: { reason: "forged" } });
    expect(await post(envelope(createPrivateKey(BG.keys.privateKey.export({ type: "pkcs8", format: "pem" }))))).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
    const rows = await LO.database.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Transfer" WHERE id = $1`, [id]);
    expect(rows[0]!.n).toBe(1);
  });
});
