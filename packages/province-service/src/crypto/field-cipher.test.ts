import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataKeyError, developmentDataKeyPath, resolveDataKey } from "./data-key.ts";
import {
  createFieldCipher,
  DecryptionError,
  isSealed,
  normaliseDocumentNumber,
  normaliseFullName,
  normaliseName,
  normalisePhone,
} from "./field-cipher.ts";
import { personIdentifiers } from "./person-identifiers.ts";

const key = randomBytes(32);
const cipher = createFieldCipher(key);
const CONTEXT = "Person/6f1c1a3e-0000-4000-8000-000000000001/familyName";

/** Flips one bit of one base64 part of a sealed value (0 nonce, 1 ciphertext, 2 tag). */
function tamper(sealed: string, part: 0 | 1 | 2): string {
  const parts = sealed.slice(3).split(":");
  const bytes = Buffer.from(parts[part]!, "base64");
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString("base64");
  return `v1:${parts.join(":")}`;
}

describe("field cipher (AES-256-GCM)", () => {
  it("round-trips any text, with a fresh nonce each time", () => {
    for (const plain of ["Adeyemi", "Ngozi Chukwuemeka-Obi", "Ļ̈ùçé ☃ 😀", "x", ""]) {
      const a = cipher.encrypt(plain, CONTEXT);
      const b = cipher.encrypt(plain, CONTEXT);
      expect(isSealed(a)).toBe(true);
      expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]+$/);
      expect(a).not.toBe(b);
      expect(cipher.decrypt(a, CONTEXT)).toBe(plain);
      expect(cipher.decrypt(b, CONTEXT)).toBe(plain);
      if (plain.length > 2) expect(a).not.toContain(plain);
    }
  });

  it("refuses a tampered nonce, ciphertext or tag", () => {
    const sealed = cipher.encrypt("Adeyemi", CONTEXT);
    for (const part of [0, 1, 2] as const) {
      expect(() => cipher.decrypt(tamper(sealed, part), CONTEXT)).toThrow(DecryptionError);
    }
    expect(() => cipher.decrypt(sealed.replace(/:[^:]+$/, ""), CONTEXT)).toThrow(/malformed/);
    expect(() => cipher.decrypt("Adeyemi", CONTEXT)).toThrow(/not an encrypted value/);
  });

  it("refuses the wrong key", () => {
    const sealed = cipher.encrypt("Adeyemi", CONTEXT);
    expect(() => createFieldCipher(randomBytes(32)).decrypt(sealed, CONTEXT)).toThrow(DecryptionError);
    expect(() => createFieldCipher(randomBytes(16))).toThrow(/32 bytes/);
  });

  it("refuses a value moved to another row or column", () => {
    const sealed = cipher.encrypt("Adeyemi", CONTEXT);
    expect(() => cipher.decrypt(sealed, CONTEXT.replace("0001", "0002"))).toThrow(DecryptionError);
    expect(() => cipher.decrypt(sealed, CONTEXT.replace("familyName", "givenName"))).toThrow(DecryptionError);
  });
});

describe("blind index (HMAC-SHA256 with a derived key)", () => {
  it("gives the same index for the same input, and a different one for another input or column", () => {
    expect(cipher.index("familyName", "adeyemi")).toBe(cipher.index("familyName", "adeyemi"));
    expect(cipher.index("familyName", "adeyemi")).not.toBe(cipher.index("familyName", "adewale"));
    expect(cipher.index("familyName", "adeyemi")).not.toBe(cipher.index("alias", "adeyemi"));
    expect(cipher.index("familyName", "adeyemi")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("depends on the key", () => {
    const other = createFieldCipher(randomBytes(32));
    expect(other.index("familyName", "adeyemi")).not.toBe(cipher.index("familyName", "adeyemi"));
    // Same key, new cipher object: same index (the index survives restarts).
    expect(createFieldCipher(Buffer.from(key)).index("familyName", "adeyemi")).toBe(cipher.index("familyName", "adeyemi"));
  });

  it("normalises before hashing: trim, case, accents, separators; the full name in any order", () => {
    expect(normaliseName("  Adèle   O'Brien-Smith ")).toBe("adele o brien smith");
    expect(normaliseName("ÇAĞLAR")).toBe("caglar");
    expect(normaliseFullName("Joy", "Adeyemi")).toBe(normaliseFullName("ADEYEMI  joy"));
    expect(normaliseDocumentNumber(" ab 123-456/7 ")).toBe("ab1234567");
    expect(normalisePhone("+39 333 123 4567")).toBe(normalisePhone("0039 333-1234567"));
    expect(normalisePhone("333 1234567")).toBe("3331234567");
  });
});

describe("person identifiers", () => {
  const ids = personIdentifiers(cipher);
  const PERSON = "6f1c1a3e-0000-4000-8000-00000000000a";
  const values = { givenName: "Joy", familyName: "Adéyemi", alias: "Blessing", documentNumber: "AB 123456", phone: "+39 333 1234567" };

  it("seals every identifier for its row and opens it again", () => {
    const sealed = ids.seal(PERSON, values);
    for (const field of ["givenName", "familyName", "alias", "documentNumber", "phone"] as const) {
      expect(isSealed(sealed[field]!)).toBe(true);
      expect(ids.open(PERSON, field, sealed[field])).toBe(values[field]);
    }
    expect(() => ids.open("6f1c1a3e-0000-4000-8000-00000000000b", "familyName", sealed.familyName)).toThrow(DecryptionError);
    const bare = ids.seal(PERSON, { ...values, alias: null, documentNumber: null, phone: null });
    expect(bare).toMatchObject({ alias: null, documentNumber: null, phone: null, aliasIndex: null, documentNumberIndex: null, phoneIndex: null });
  });

  it("returns a row written before encryption as it is (the start-up sweep seals it)", () => {
    expect(ids.open(PERSON, "familyName", "Adeyemi")).toBe("Adeyemi");
    expect(ids.open(PERSON, "alias", null)).toBeNull();
  });

  it("finds a person by the exact full name (any order), family name, given name, alias, document or phone", () => {
    const sealed = ids.seal(PERSON, values);
    const hits = (term: string) =>
      Object.entries(ids.searchIndexes(term))
        .filter(([column, index]) => sealed[column as keyof typeof sealed] === index)
        .map(([column]) => column);
    expect(hits("joy adeyemi")).toEqual(["fullNameIndex"]);
    expect(hits("ADEYEMI Joy")).toEqual(["fullNameIndex"]);
    expect(hits(" adeyemi ")).toEqual(["familyNameIndex"]);
    expect(hits("joy")).toEqual(["givenNameIndex"]);
    expect(hits("blessing")).toEqual(["aliasIndex"]);
    expect(hits("ab-123456")).toEqual(["documentNumberIndex"]);
    expect(hits("0039 333 123 4567")).toEqual(["phoneIndex"]);
    // Exact match only: a prefix finds nothing.
    expect(hits("ade")).toEqual([]);
    expect(hits("joy ade")).toEqual([]);
    expect(ids.searchIndexes("   ")).toEqual({});
  });
});

describe("data key", () => {
  const dir = mkdtempSync(join(tmpdir(), "regional-datakey-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("uses the configured key, and refuses to start production without one", async () => {
    const configured = randomBytes(32);
    expect(await resolveDataKey({ configured, nodeEnv: "production", dataDir: dir })).toEqual({ key: configured, source: "configured" });
    await expect(resolveDataKey({ configured: undefined, nodeEnv: "production", dataDir: join(dir, "prod") })).rejects.toThrow(DataKeyError);
  });

  it("generates a development key once, private to its owner, and reads it back on later starts", async () => {
    const dataDir = join(dir, "dev");
    // Several processes starting at once on one folder agree on one key.
    const first = await Promise.all([1, 2, 3].map(() => resolveDataKey({ configured: undefined, nodeEnv: "development", dataDir })));
    expect(first.filter((r) => r.source === "generated")).toHaveLength(1);
    expect(new Set(first.map((r) => r.key.toString("hex"))).size).toBe(1);
    expect(statSync(developmentDataKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    const again = await resolveDataKey({ configured: undefined, nodeEnv: "development", dataDir });
    expect(again).toEqual({ key: first[0]!.key, source: "development-file" });
    expect(readFileSync(developmentDataKeyPath(dataDir), "utf8").trim()).toBe(first[0]!.key.toString("base64"));
  });

  it("refuses a damaged key file rather than generating a new key over it", async () => {
    const dataDir = join(dir, "damaged");
    await resolveDataKey({ configured: undefined, nodeEnv: "development", dataDir });
    writeFileSync(developmentDataKeyPath(dataDir), "c2hvcnQ=\n");
    await expect(resolveDataKey({ configured: undefined, nodeEnv: "development", dataDir })).rejects.toThrow(DataKeyError);
  });
});
