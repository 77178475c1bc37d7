import { TRANSFER_STATE_RANK, TRANSFER_STATES, type TransferState } from "@regional/schema";
import { describe, expect, it } from "vitest";
import {
  ANNOUNCES,
  buildDossier,
  checkArrivalDay,
  checkCommand,
  DESTINATION_MESSAGES,
  holdExpiry,
  isHoldExpired,
  markArrivalInput,
  MESSAGE_KINDS,
  onMessage,
  ORIGIN_MESSAGES,
  phaseForAccommodation,
  profileAgeBand,
  requestTransferInput,
  retryDelay,
  sequencePosition,
  TRANSFER_FIELDS,
  type Command,
  type DossierSource,
  type MessageKind,
  type Side,
} from "./transfers.rules.ts";

const ORIGIN_COMMANDS: Command[] = ["depart", "cancel"];
const DESTINATION_COMMANDS: Command[] = ["accept", "decline", "arrive", "expire"];

describe("local moves", () => {
  // The whole table: every state, every command, both sides. Allowed moves are listed; all else refused.
  const allowed: Record<string, TransferState> = {
    "DESTINATION REQUESTED accept": "ACCEPTED",
    "DESTINATION REQUESTED decline": "DECLINED",
    "DESTINATION DEPARTED arrive": "ARRIVED",
    "DESTINATION ACCEPTED expire": "EXPIRED",
    "DESTINATION DEPARTED expire": "EXPIRED",
    "ORIGIN ACCEPTED depart": "DEPARTED",
    "ORIGIN REQUESTED cancel": "CANCELLED",
    "ORIGIN ACCEPTED cancel": "CANCELLED",
    "ORIGIN DEPARTED cancel": "CANCELLED",
  };
  const cases = (["ORIGIN", "DESTINATION"] as Side[]).flatMap((side) =>
    TRANSFER_STATES.flatMap((state) => [...ORIGIN_COMMANDS, ...DESTINATION_COMMANDS].map((command) => [side, state, command] as const)),
  );

  it.each(cases)("%s in %s: %s", (side, state, command) => {
    const verdict = checkCommand(side, state, command);
    const expected = allowed[`${side} ${state} ${command}`];
    if (expected) expect(verdict).toEqual({ ok: true, next: expected });
    else expect(verdict.ok).toBe(false);
  });

  it("names the impossible moves of the workflow", () => {
    const rule = (side: Side, state: TransferState, command: Command) => {
      const v = checkCommand(side, state, command);
      return v.ok ? "ok" : v.rule;
    };
    expect(rule("DESTINATION", "CANCELLED", "accept")).toBe("transfer-cancelled"); // accept after cancel
    expect(rule("DESTINATION", "ACCEPTED", "accept")).toBe("transfer-already-decided"); // two accepts
    expect(rule("DESTINATION", "REQUESTED", "arrive")).toBe("transfer-not-accepted"); // arrive before accept
    expect(rule("DESTINATION", "ACCEPTED", "arrive")).toBe("transfer-not-departed");
    expect(rule("DESTINATION", "EXPIRED", "arrive")).toBe("transfer-expired");
    expect(rule("ORIGIN", "ARRIVED", "cancel")).toBe("transfer-arrived"); // cancel after arrival
    expect(rule("ORIGIN", "REQUESTED", "depart")).toBe("transfer-not-accepted");
    expect(rule("ORIGIN", "REQUESTED", "accept")).toBe("transfer-wrong-side"); // the sender cannot accept its own request
    expect(rule("DESTINATION", "REQUESTED", "cancel")).toBe("transfer-wrong-side");
  });

  it("announces every move with a message of the side that makes it", () => {
    for (const command of ORIGIN_COMMANDS) expect(ORIGIN_MESSAGES).toContain(ANNOUNCES[command]);
    for (const command of DESTINATION_COMMANDS) expect(DESTINATION_MESSAGES).toContain(ANNOUNCES[command]);
  });
});

describe("messages from the other side", () => {
  it("creates the receiving side's record only from a request", () => {
    expect(onMessage("DESTINATION", null, "REQUESTED")).toEqual({ effect: "apply", next: "REQUESTED" });
    for (const kind of ["HANDOVER", "DEPARTED", "CANCELLED"] as MessageKind[]) expect(onMessage("DESTINATION", null, kind).effect).toBe("refuse");
    expect(onMessage("ORIGIN", null, "ACCEPTED").effect).toBe("refuse");
  });

  it("refuses a message sent by the wrong side", () => {
    for (const state of TRANSFER_STATES) {
      for (const kind of DESTINATION_MESSAGES) expect(onMessage("DESTINATION", state, kind).effect).toBe("refuse");
      for (const kind of ORIGIN_MESSAGES) expect(onMessage("ORIGIN", state, kind).effect).toBe("refuse");
    }
  });

  it("follows the other side's moves in the normal order", () => {
    expect(onMessage("DESTINATION", "ACCEPTED", "HANDOVER")).toEqual({ effect: "apply", next: "ACCEPTED" });
    expect(onMessage("DESTINATION", "ACCEPTED", "DEPARTED")).toEqual({ effect: "apply", next: "DEPARTED" });
    expect(onMessage("ORIGIN", "REQUESTED", "ACCEPTED")).toEqual({ effect: "apply", next: "ACCEPTED" });
    expect(onMessage("ORIGIN", "REQUESTED", "DECLINED")).toEqual({ effect: "apply", next: "DECLINED" });
    expect(onMessage("ORIGIN", "DEPARTED", "ARRIVED")).toEqual({ effect: "apply", next: "ARRIVED" });
    expect(onMessage("ORIGIN", "ACCEPTED", "EXPIRED")).toEqual({ effect: "apply", next: "EXPIRED" });
  });

  it("refuses impossible moves carried by a message (accept twice, arrive before departure)", () => {
    expect(onMessage("ORIGIN", "ACCEPTED", "ACCEPTED").effect).toBe("refuse");
    expect(onMessage("ORIGIN", "REQUESTED", "ARRIVED").effect).toBe("refuse");
    expect(onMessage("ORIGIN", "ACCEPTED", "ARRIVED").effect).toBe("refuse");
    expect(onMessage("DESTINATION", "REQUESTED", "DEPARTED").effect).toBe("refuse");
    expect(onMessage("DESTINATION", "REQUESTED", "HANDOVER").effect).toBe("refuse");
    expect(onMessage("DESTINATION", "DECLINED", "DEPARTED").effect).toBe("refuse");
  });

  /**
   * Crossing moves: each side makes a local move while the other side's message about its own
   * move is on the way. After both messages are delivered the two sides must be in the same state.
   */
  const crossings: { origin: [TransferState, Command]; destination: [TransferState, Command] }[] = [
    { origin: ["REQUESTED", "cancel"], destination: ["REQUESTED", "accept"] },
    { origin: ["REQUESTED", "cancel"], destination: ["REQUESTED", "decline"] },
    { origin: ["DEPARTED", "cancel"], destination: ["DEPARTED", "arrive"] },
    { origin: ["DEPARTED", "cancel"], destination: ["DEPARTED", "expire"] },
    { origin: ["ACCEPTED", "cancel"], destination: ["ACCEPTED", "expire"] },
    { origin: ["ACCEPTED", "depart"], destination: ["ACCEPTED", "expire"] },
  ];
  it.each(crossings)("converges when $origin.1 crosses $destination.1", ({ origin, destination }) => {
    const o = checkCommand("ORIGIN", origin[0], origin[1]);
    const d = checkCommand("DESTINATION", destination[0], destination[1]);
    if (!o.ok || !d.ok) throw new Error("both local moves must be allowed");
    const atOrigin = onMessage("ORIGIN", o.next, ANNOUNCES[destination[1]]);
    const atDestination = onMessage("DESTINATION", d.next, ANNOUNCES[origin[1]]);
    expect(atOrigin.effect).not.toBe("refuse");
    expect(atDestination.effect).not.toBe("refuse");
    const finalOrigin = atOrigin.effect === "apply" ? atOrigin.next : o.next;
    const finalDestination = atDestination.effect === "apply" ? atDestination.next : d.next;
    expect(finalOrigin).toBe(finalDestination);
    // and it is the one the board shows while they still differ
    expect(TRANSFER_STATE_RANK[finalOrigin]).toBe(Math.max(TRANSFER_STATE_RANK[o.next], TRANSFER_STATE_RANK[d.next]));
  });

  it("lets the arrival stand over a crossing cancellation", () => {
    expect(onMessage("DESTINATION", "ARRIVED", "CANCELLED").effect).toBe("ignore");
    expect(onMessage("ORIGIN", "CANCELLED", "ARRIVED")).toEqual({ effect: "apply", next: "ARRIVED" });
  });

  it("covers every kind for every state without throwing", () => {
    for (const side of ["ORIGIN", "DESTINATION"] as Side[])
      for (const state of [null, ...TRANSFER_STATES])
        for (const kind of MESSAGE_KINDS) expect(["apply", "ignore", "refuse"]).toContain(onMessage(side, state, kind).effect);
  });
});

describe("order per transfer", () => {
  it.each([
    [0, 1, "next"],
    [3, 4, "next"],
    [3, 3, "old"],
    [3, 1, "old"],
    [3, 5, "ahead"],
    [0, 2, "ahead"],
  ] as const)("after %i, message %i is %s", (last, seq, expected) => {
    expect(sequencePosition(last, seq)).toBe(expected);
  });
});

describe("retry delays", () => {
  const backoff = { baseMs: 500, maxMs: 60_000 };

  it("doubles, with jitter between half and all of the step", () => {
    expect(retryDelay(1, backoff, 0)).toBe(250);
    expect(retryDelay(1, backoff, 0.999999)).toBe(500);
    expect(retryDelay(2, backoff, 0)).toBe(500);
    expect(retryDelay(3, backoff, 0.5)).toBe(1500);
    expect(retryDelay(4, backoff, 0)).toBe(2000);
  });

  it("never exceeds the cap nor falls to zero", () => {
    for (let attempts = 1; attempts < 200; attempts++) {
      for (const r of [0, 0.3, 0.99]) {
        const d = retryDelay(attempts, backoff, r);
        expect(d).toBeGreaterThanOrEqual(250);
        expect(d).toBeLessThanOrEqual(60_000);
      }
    }
    expect(retryDelay(100, backoff, 0)).toBe(30_000);
  });
});

describe("holds", () => {
  it("expire after the configured time, not before", () => {
    const accepted = new Date("2026-11-22T10:00:00Z");
    const until = holdExpiry(accepted, 72 * 3_600_000);
    expect(until.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(isHoldExpired(until, new Date("2026-11-25T09:59:59.999Z"))).toBe(false);
    expect(isHoldExpired(until, new Date("2026-11-25T10:00:00Z"))).toBe(true);
    expect(isHoldExpired(null, new Date("2030-01-01T00:00:00Z"))).toBe(false);
  });

  it("an arrival is not dated before the hold nor before the departure", () => {
    expect(checkArrivalDay("2026-11-22", { holdFrom: "2026-11-20", departedOn: "2026-11-21" })).toEqual({ ok: true });
    expect(checkArrivalDay("2026-11-19", { holdFrom: "2026-11-20", departedOn: null })).toMatchObject({ ok: false, rule: "arrival-before-acceptance" });
    expect(checkArrivalDay("2026-11-20", { holdFrom: "2026-11-20", departedOn: "2026-11-21" })).toMatchObject({ ok: false, rule: "arrival-before-departure" });
  });

  it("opens the arriving case in the phase that matches the place", () => {
    expect(phaseForAccommodation("EMERGENCY_SHELTER")).toBe("IMMEDIATE_PROTECTION");
    expect(phaseForAccommodation("RESIDENTIAL_COMMUNITY")).toBe("RESIDENTIAL_RECEPTION");
    expect(phaseForAccommodation("HOUSING")).toBe("SEMI_AUTONOMY");
  });
});

describe("what travels", () => {
  const source: DossierSource = {
    person: {
      givenName: "Joy",
      familyName: "Adeyemi",
      alias: "J",
      birthDate: "2001-04-02",
      citizenship: "NG",
      phone: "+39 333 1234567",
      documentNumber: "A1234567",
    },
    case: {
      reference: "BG-2026-0007",
      openedOn: "2026-02-01",
      phase: "IMMEDIATE_PROTECTION",
      programme: "ART_13",
      referralSource: "STREET_UNIT",
      protectionStatus: "NONE",
      identification: "IDENTIFIED",
      identifiedOn: "2026-03-01",
    },
    exploitationTypes: ["SEXUAL"],
    legalEvents: [{ kind: "PERMIT_REQUESTED", occurredOn: "2026-03-10", permitType: "ART_18" }],
    services: [{ kind: "HEALTH", deliveredOn: "2026-02-05" }],
  };

  it("sends nothing that was not consented", () => {
    expect(buildDossier([], source)).toEqual({});
    expect(buildDossier(["NAMES", "CITIZENSHIP"], source)).toEqual({ givenName: "Joy", familyName: "Adeyemi", alias: "J", citizenship: "NG" });
    const text = JSON.stringify(buildDossier(["NAMES", "CASE_DETAILS"], source));
    expect(text).not.toContain("A1234567");
    expect(text).not.toContain("333");
    expect(text).not.toContain("2001-04-02");
  });

  it("sends every consented group", () => {
    const all = buildDossier(TRANSFER_FIELDS, source);
    expect(all).toMatchObject({
      phone: "+39 333 1234567",
      documentNumber: "A1234567",
      birthDate: "2001-04-02",
      caseDetails: { reference: "BG-2026-0007", identification: "IDENTIFIED" },
      exploitationTypes: ["SEXUAL"],
      legalEvents: [{ kind: "PERMIT_REQUESTED", occurredOn: "2026-03-10", permitType: "ART_18" }],
      services: [{ kind: "HEALTH", deliveredOn: "2026-02-05" }],
    });
  });

  it("profiles the person's age as of today when it is known", () => {
    expect(profileAgeBand("AGE_0_17", "AGE_18_20")).toBe("AGE_18_20");
    expect(profileAgeBand("AGE_21_25", null)).toBe("AGE_21_25");
  });
});

describe("inputs", () => {
  const request = {
    caseId: "2b1e6a52-7d8e-4c61-9d7e-0a4f3e0b9c11",
    destination: "lo",
    withChildren: false,
    accommodation: "EMERGENCY_SHELTER",
    urgency: "URGENT",
    reason: "SAFETY",
    sharedFields: ["NAMES"],
  };

  it("reads a request, upper-casing the province", () => {
    expect(requestTransferInput.parse(request).destination).toBe("LO");
  });

  it("refuses a field group listed twice", () => {
    expect(requestTransferInput.safeParse({ ...request, sharedFields: ["NAMES", "NAMES"] }).success).toBe(false);
  });

  it("dates an arrival today unless told, never in the future", () => {
    const schema = markArrivalInput("2026-11-22");
    expect(schema.parse({ transferId: request.caseId }).on).toBe("2026-11-22");
    expect(schema.safeParse({ transferId: request.caseId, on: "2026-11-23" }).success).toBe(false);
  });
});
