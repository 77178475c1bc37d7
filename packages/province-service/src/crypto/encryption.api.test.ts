/**
 * People's identifiers encrypted at rest, through the real operational API: register and edit a
 * person over HTTP, then read the raw database (every column of every table as text, and on
 * PGlite every byte of its files) and find none of the identifiers in clear. Exact-match lookup
 * still finds the person; a restart with the same key reads them, another key is refused; an
 * older database with people in clear is encrypted at start-up.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { provinceByCode } from "@regional/schema";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvinceService, type RunningProvinceService } from "../app.ts";
import { fixedClock } from "../clock.ts";
import { openDatabase, type Database, type SqlRunner } from "../db/database.ts";
import { migrate, readMigrations } from "../db/migrate.ts";
import { testAuth, type TestAuth } from "../testing/tokens.ts";
import { DataKeyError } from "./data-key.ts";
import { createFieldCipher, normaliseDocumentNumber, normaliseName, normalisePhone } from "./field-cipher.ts";
import { personIdentifiers } from "./person-identifiers.ts";
import { protectedPrisma } from "./protected-prisma.ts";
import { prepareEncryptedIdentifiers } from "./startup.ts";
import { testBackends, testDatabaseHome, type TestDatabaseHome } from "../testing/databases.ts";

const NOW = "2026-11-22T10:00:00.000Z";
const silent = pino({ level: "silent" });

const PERSON = {
  givenName: "Zainabu",
  familyName: "Okonkwo-Bright",
  alias: "Sunshine Oyelaran",
  documentNumber: "XK 4471923",
  phone: "+39 347 555 0199",
};
/** After updatePerson: the phone and alias change, so old and new values must both be absent. */
const UPDATED = { alias: "Morenikeji", phone: "+39 348 222 7788" };

/** Every spelling of the identifiers that would betray them: as typed, folded, normalised. */
function needles(values: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const [field, value] of Object.entries(values)) {
    out.add(value);
    out.add(value.toLowerCase());
    out.add(normaliseName(value));
    for (const word of normaliseName(value).split(" ")) if (word.length >= 5) out.add(word);
    if (field === "documentNumber") out.add(normaliseDocumentNumber(value));
    if (field === "phone") {
      out.add(normalisePhone(value));
      out.add(normalisePhone(value).slice(2)); // without the country code
    }
  }
  return [...out].filter((n) => n.length >= 5);
}
const ALL_NEEDLES = needles({ ...PERSON, ...UPDATED });

/** Every row of every table of the public schema, as JSON text: what a database dump would hold. */
async function dumpAsText(sql: SqlRunner): Promise<string> {
  const tables = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["Person", "Case", "AuditEntry", "AuditSubject"]));
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await sql.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Needles found in clear in any file of a PGlite folder (heap, indexes, write-ahead log, …). */
function needlesInFiles(dir: string, list: readonly string[], include: (file: string) => boolean = () => true): string[] {
  const found = new Set<string>();
  const files = filesUnder(dir);
  expect(files.length).toBeGreaterThan(100); // really a database folder
  for (const file of files.filter(include)) {
    const bytes = readFileSync(file);
    for (const needle of list) if (bytes.includes(Buffer.from(needle, "utf8"))) found.add(needle);
  }
  return [...found];
}



describe.each(testBackends())("people's identifiers encrypted at rest on %s", (kind) => {
  let store: TestDatabaseHome;
  let db: Database;
  let service: RunningProvinceService;
  let identity: TestAuth;
  const dataKey = randomBytes(32);
  let personId: string;

  async function start(key = dataKey) {
    db = await store.open();
    await migrate(db.sql);
    await prepareEncryptedIdentifiers(db.sql, personIdentifiers(createFieldCipher(key)), silent);
    service = await startProvinceService(
      { config: { province: provinceByCode("BG"), nodeEnv: "test" }, db, clock: fixedClock(NOW), logger: silent, auth: identity.auth, dataKey: key },
      { host: "127.0.0.1", port: 0 },
    );
  }
  async function stop() {
    await service?.stop();
    await db?.close();
  }
  async function gql(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${service.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...identity.headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }
  const search = async (term: string) =>
    ((await gql(`query($s: String) { people(filter: { search: $s }) { nodes { id } } }`, { s: term })).people.nodes as { id: string }[]).map((p) => p.id);

  beforeAll(async () => {
    identity = await testAuth("BG");
    store = await testDatabaseHome(kind, "crypto");
    await start();
  });
  afterAll(async () => {
    await stop();
    await store?.drop();
  });

  it("registers, edits and reads a person through the API in clear", async () => {
    const registered = await gql(
      `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id givenName familyName alias documentNumber phone } }`,
      { input: { ...PERSON, gender: "WOMAN", citizenship: "NG", birthDate: "1999-04-02" } },
    );
    personId = registered.registerPerson.id;
    expect(registered.registerPerson).toEqual({ id: personId, ...PERSON });
    const updated = await gql(`mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { alias phone familyName } }`, {
      id: personId,
      input: UPDATED,
    });
    expect(updated.updatePerson).toEqual({ ...UPDATED, familyName: PERSON.familyName });
    const opened = await gql(
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id person { givenName familyName } } }`,
      { input: { personId, openedOn: "2026-11-02", referralSource: "STREET_UNIT", exploitationTypes: ["SEXUAL"], protectionStatus: "NONE" } },
    );
    expect(opened.openCase.person).toEqual({ givenName: PERSON.givenName, familyName: PERSON.familyName });
    const consent = await gql(
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { person { familyName alias phone documentNumber } } }`,
      { input: { personId, caseId: opened.openCase.id, kind: "DATA_PROCESSING", givenOn: "2026-11-02" } },
    );
    // Reached through a consent (another module's store): decrypted all the same.
    expect(consent.recordConsent.person).toEqual({ familyName: PERSON.familyName, alias: UPDATED.alias, phone: UPDATED.phone, documentNumber: PERSON.documentNumber });
  });

  it("stores no identifier in clear: not in any column of any table", async () => {
    const dump = await dumpAsText(db.sql);
    expect(dump).toContain(personId); // the dump does hold the person's row
    const lower = dump.toLowerCase();
    expect(ALL_NEEDLES.filter((n) => lower.includes(n.toLowerCase()))).toEqual([]);
    const [row] = await db.sql.query<Record<string, string>>(`SELECT * FROM "Person" WHERE id = $1`, [personId]);
    for (const field of ["givenName", "familyName", "alias", "documentNumber", "phone"]) expect(row![field]).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    for (const index of ["givenNameIndex", "familyNameIndex", "fullNameIndex", "aliasIndex", "documentNumberIndex", "phoneIndex"]) {
      expect(row![index]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it("finds the person by exact full name, family name, alias, document number or phone, however written", async () => {
    expect(await search("zainabu okonkwo-bright")).toEqual([personId]);
    expect(await search("OKONKWO BRIGHT  Zainabu")).toEqual([personId]);
    expect(await search("Okonkwo-Bright")).toEqual([personId]);
    expect(await search("morenikeji")).toEqual([personId]);
    expect(await search("xk4471923")).toEqual([personId]);
    expect(await search("xk-447-1923")).toEqual([personId]);
    expect(await search("0039 348 2227788")).toEqual([personId]);
    // Not by a prefix, nor by values it no longer has.
    expect(await search("okonkwo")).toEqual([]);
    expect(await search("zain")).toEqual([]);
    expect(await search("Sunshine Oyelaran")).toEqual([]);
    expect(await search("+39 347 555 0199")).toEqual([]);
  });

  it("reads them after a restart with the same key, and refuses to start with another", async () => {
    await stop();
    if (store.dir) {
      // Closed: every byte PGlite wrote (tables, indexes, write-ahead log) is on disk now.
      expect(needlesInFiles(store.dir, ALL_NEEDLES)).toEqual([]);
    }
    const other = await store.open();
    await expect(prepareEncryptedIdentifiers(other.sql, personIdentifiers(createFieldCipher(randomBytes(32))), silent)).rejects.toThrow(DataKeyError);
    await other.close();
    await start();
    expect((await gql(`query($id: ID!) { person(id: $id) { givenName familyName } }`, { id: personId })).person).toEqual({
      givenName: PERSON.givenName,
      familyName: PERSON.familyName,
    });
    expect(await search("okonkwo-bright")).toEqual([personId]);
  });

  it("refuses to write or filter an identifier in clear through the stores' client", async () => {
    const prisma = protectedPrisma(db.prisma, personIdentifiers(createFieldCipher(dataKey)));
    await expect(prisma.person.create({ data: { givenName: "Clear", familyName: "Text", gender: "MAN", citizenship: "IT" } })).rejects.toThrow(/must be sealed/);
    await expect(prisma.person.update({ where: { id: personId }, data: { phone: "+39 000 000000" } })).rejects.toThrow(/must be sealed/);
    await expect(prisma.person.findMany({ where: { OR: [{ familyName: "Okonkwo-Bright" }] } })).rejects.toThrow(/blind index/);
    expect(await db.sql.query(`SELECT 1 FROM "Person" WHERE "givenName" = 'Clear'`)).toEqual([]);
  });
});

describe("an older database with people in clear", () => {
  it("is encrypted at start-up, once, and then reads and searches like any other", async () => {
    const dir = mkdtempSync(join(tmpdir(), "regional-legacy-"));
    const db = await openDatabase({ kind: "pglite", dir: join(dir, "pglite") });
    try {
      // The database as the service left it before identifiers were encrypted.
      await migrate(db.sql, readMigrations().filter((m) => m.name < "20261122060000"));
      await db.sql.query(
        `INSERT INTO "Person" (id, "givenName", "familyName", alias, gender, citizenship, "documentNumber", phone, "updatedAt")
         VALUES ($1, $2, $3, $4, 'WOMAN', 'NG', $5, $6, now()), ($7, 'Ifeoma', 'Nwosu', NULL, 'WOMAN', 'NG', NULL, NULL, now())`,
        ["6f1c1a3e-0000-4000-8000-0000000000a1", PERSON.givenName, PERSON.familyName, PERSON.alias, PERSON.documentNumber, PERSON.phone, "6f1c1a3e-0000-4000-8000-0000000000a2"],
      );
      await migrate(db.sql);
      // The detector sees them while they are in clear (so its silence below means something).
      expect((await dumpAsText(db.sql)).toLowerCase()).toContain("okonkwo-bright");
      const key = randomBytes(32);
      const identifiers = personIdentifiers(createFieldCipher(key));
      expect(await prepareEncryptedIdentifiers(db.sql, identifiers, silent)).toEqual({ sealed: 2 });
      expect(await prepareEncryptedIdentifiers(db.sql, identifiers, silent)).toEqual({ sealed: 0 });

      const lower = (await dumpAsText(db.sql)).toLowerCase();
      expect(needles(PERSON).filter((n) => lower.includes(n.toLowerCase()))).toEqual([]);
      expect(lower).not.toContain("nwosu");

      const prisma = protectedPrisma(db.prisma, identifiers);
      const found = await prisma.person.findMany({ where: { OR: Object.entries(identifiers.searchIndexes("okonkwo bright zainabu")).map(([c, v]) => ({ [c]: v })) } });
      expect(found.map((p) => ({ givenName: p.givenName, familyName: p.familyName, alias: p.alias, documentNumber: p.documentNumber, phone: p.phone }))).toEqual([
        PERSON,
      ]);
      // Another key cannot read what this start-up sealed.
      await expect(prepareEncryptedIdentifiers(db.sql, personIdentifiers(createFieldCipher(randomBytes(32))), silent)).rejects.toThrow(DataKeyError);
      await db.close();
      // The table was rewritten: no old version of the rows is left in its files. The write-ahead
      // log keeps them until its segments are reused (and backups keep them): documented, not hidden.
      expect(needlesInFiles(join(dir, "pglite"), needles(PERSON), (file) => !file.includes("pg_wal"))).toEqual([]);
    } finally {
      await db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
