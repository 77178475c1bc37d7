import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProvinceCode } from "@regional/schema";
import { afterAll, describe, expect, it } from "vitest";
import { generateSigningKeys, messageDigest, openEnvelope, signMessage, type PeerMessage } from "./messages.ts";
import { filePeerDirectory, loadSigningKeys, publishPublicKey } from "./peers.ts";

const bergamo = generateSigningKeys();
const lodi = generateSigningKeys();
const NOW = Date.parse("2026-11-22T10:00:00Z");

function message(overrides: Partial<PeerMessage> = {}): PeerMessage {
  return {
    v: 1,
    id: randomUUID(),
    transferId: randomUUID(),
    seq: 1,
    kind: "DEPARTED",
    from: "BG",
    to: "LO",
    createdAt: "2026-11-22T09:00:00.000Z",
    sentAt: new Date(NOW).toISOString(),
    body: { departedAt: "2026-11-22T09:00:00.000Z", departedOn: "2026-11-22" },
    ...overrides,
  };
}

const keys: Partial<Record<ProvinceCode, typeof bergamo>> = { BG: bergamo, LO: lodi };
const options = { self: "LO" as const, publicKeyOf: (code: ProvinceCode) => keys[code]?.publicKey, now: NOW, windowMs: 300_000 };

describe("opening a peer message", () => {
  it("accepts a message signed by its sender, to this province, sent just now", () => {
    const m = message();
    const opened = openEnvelope(signMessage(m, bergamo.privateKey), options);
    expect(opened).toEqual({ ok: true, message: m });
  });

  it("rejects an unsigned message", () => {
    const envelope = signMessage(message(), bergamo.privateKey);
    expect(openEnvelope({ payload: envelope.payload }, options)).toMatchObject({ ok: false, status: 401, reason: "unsigned" });
    expect(openEnvelope({ payload: envelope.payload, signature: "" }, options)).toMatchObject({ ok: false, reason: "unsigned" });
    expect(openEnvelope(undefined, options)).toMatchObject({ ok: false, reason: "unsigned" });
  });

  it("rejects a message signed with another key than its sender's (forged)", () => {
    // Lodi's key, claiming to be Bergamo.
    const forged = signMessage(message(), lodi.privateKey);
    expect(openEnvelope(forged, options)).toMatchObject({ ok: false, status: 401, reason: "forged" });
  });

  it("rejects a message altered after signing", () => {
    const envelope = signMessage(message(), bergamo.privateKey);
    const altered = { ...envelope, payload: envelope.payload.replace('"seq":1', '"seq":2') };
    expect(openEnvelope(altered, options)).toMatchObject({ ok: false, reason: "forged" });
  });

  it("rejects a message from a province whose key is not configured", () => {
    const envelope = signMessage(message({ from: "PV" }), bergamo.privateKey);
    expect(openEnvelope(envelope, options)).toMatchObject({ ok: false, status: 401, reason: "unknown-sender" });
  });

  it("rejects a replay sent outside the time window, either way", () => {
    const old = signMessage(message({ sentAt: new Date(NOW - 301_000).toISOString() }), bergamo.privateKey);
    expect(openEnvelope(old, options)).toMatchObject({ ok: false, status: 401, reason: "stale" });
    const future = signMessage(message({ sentAt: new Date(NOW + 301_000).toISOString() }), bergamo.privateKey);
    expect(openEnvelope(future, options)).toMatchObject({ ok: false, reason: "stale" });
    const edge = signMessage(message({ sentAt: new Date(NOW - 299_000).toISOString() }), bergamo.privateKey);
    expect(openEnvelope(edge, options).ok).toBe(true);
  });

  it("rejects a message addressed to another province", () => {
    const envelope = signMessage(message({ to: "CR" }), bergamo.privateKey);
    expect(openEnvelope(envelope, options)).toMatchObject({ ok: false, status: 400, reason: "misaddressed" });
  });

  it("rejects a malformed message or body", () => {
    expect(openEnvelope({ payload: "not json", signature: "x" }, options)).toMatchObject({ ok: false, status: 400, reason: "malformed" });
    const badBody = signMessage(message({ body: { departedAt: "yesterday" } }), bergamo.privateKey);
    expect(openEnvelope(badBody, options)).toMatchObject({ ok: false, status: 400, reason: "malformed" });
    const badKind = signMessage({ ...message(), kind: "TELEPORTED" } as unknown as PeerMessage, bergamo.privateKey);
    expect(openEnvelope(badKind, options)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("identifies a resend (new sentAt) as the same content, another message as different", () => {
    const m = message();
    expect(messageDigest({ ...m, sentAt: "2026-11-22T11:00:00.000Z" })).toBe(messageDigest(m));
    expect(messageDigest({ ...m, seq: 2 })).not.toBe(messageDigest(m));
  });
});

describe("keys on disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "transfer-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("generates a development key once, readable only by its owner, and reads it back", () => {
    const first = loadSigningKeys(join(dir, "keys", "transfer-signing.key.pem"), { generate: true });
    expect(first.generated).toBe(true);
    expect(statSync(join(dir, "keys", "transfer-signing.key.pem")).mode & 0o077).toBe(0);
    const again = loadSigningKeys(join(dir, "keys", "transfer-signing.key.pem"), { generate: true });
    expect(statSync(join(dir, "keys", "transfer-signing.pub.pem")).isFile()).toBe(true);
    expect(again.generated).toBe(false);
    expect(again.keys.publicKeyPem).toBe(first.keys.publicKeyPem);
  });

  it("refuses to invent a key where it must be installed (production)", () => {
    expect(() => loadSigningKeys(join(dir, "none", "key.pem"), { generate: false })).toThrow(/no transfer signing key/);
  });

  it("finds a peer's published key, also one published after the directory was made", () => {
    const trusted = join(dir, "trusted");
    const directory = filePeerDirectory({ urls: {}, keyFiles: {}, trustedKeysDir: trusted });
    expect(directory.publicKey("BG")).toBeUndefined();
    publishPublicKey(bergamo, trusted, "BG");
    const key = directory.publicKey("BG");
    expect(key?.export({ type: "spki", format: "pem" }).toString()).toBe(bergamo.publicKeyPem);
  });
});
