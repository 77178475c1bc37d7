#!/usr/bin/env node
/**
 * Fault run of the transfer channel: not part of `pnpm test` (it takes minutes and kills processes).
 *
 * Seven province services as real processes (services/<name>/start.mjs, own database each), hundreds
 * of transfers requested between random pairs while random provinces are killed (SIGKILL) and started
 * again; a third of the transfers are cancelled soon after the request, a third accepted by the
 * receiving province (so messages flow both ways and the order per transfer matters). When every
 * outbox has drained, the services are stopped and their databases audited:
 *   lost        a transfer requested by its origin that its destination does not have, or a message never delivered
 *   duplicated  a transfer recorded twice by its destination, or a message applied more than once
 *   disagreeing a transfer whose two records ended in different states
 *   out of order a message applied before an earlier one of the same transfer
 * and the time from request to delivery (the destination's inbox time minus the origin's request
 * time) is summarised.
 *
 * Usage (after `pnpm build`):
 *   node tests/fault/transfers-fault-run.mjs [--transfers 300] [--database postgres|pglite]
 *        [--database-url postgres://regional_dev:dev@127.0.0.1:5432/postgres] [--seed 1]
 *        [--kill-every-ms 2500 (0: no kills, the baseline)] [--retry-max-seconds 5] [--keep] [--json results.json]
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// No package of its own: the built workspace packages are loaded by path (run `pnpm build` first).
const load = (path) => import(new URL(path, new URL("../../", import.meta.url)).href);
const schema = await load("packages/schema/dist/index.js");
const auth = await load("packages/auth/dist/index.js");
const kit = await load("packages/province-service/dist/index.js");

const { values: args } = parseArgs({
  options: {
    transfers: { type: "string", default: "300" },
    database: { type: "string", default: "postgres" },
    "database-url": { type: "string", default: "postgres://regional_dev:dev@127.0.0.1:5432/postgres" },
    seed: { type: "string", default: "1" },
    "kill-every-ms": { type: "string", default: "2500" },
    "retry-max-seconds": { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
    json: { type: "string" },
  },
});
const TARGET = Number(args.transfers);
const KILL_EVERY_MS = Number(args["kill-every-ms"]);
const POSTGRES = args.database === "postgres";
const PROVINCES = schema.PROVINCES;

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Seeded PRNG (mulberry32): the same seed makes the same choices (timing still varies). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(args.seed));
const pick = (list) => list[Math.floor(random() * list.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...parts) => console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...parts);

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

// ---------------------------------------------------------------------------------------------
// The seven provinces as processes

const work = mkdtempSync(join(tmpdir(), "transfers-fault-"));
const keysDir = join(work, "keys");
const trustedDir = join(work, "transfer-keys");
const runId = randomBytes(3).toString("hex");
const ports = Object.fromEntries(await Promise.all(PROVINCES.map(async (p) => [p.code, await freePort()])));
const databaseUrls = {};

if (POSTGRES) {
  const admin = await kit.openDatabase({ kind: "postgres", url: args["database-url"], maxConnections: 1 });
  for (const p of PROVINCES) {
    const name = `fault_${p.code.toLowerCase()}_${runId}`;
    await admin.sql.exec(`CREATE DATABASE ${name}`);
    const url = new URL(args["database-url"]);
    url.pathname = `/${name}`;
    databaseUrls[p.code] = url.toString();
  }
  await admin.close();
}

// Issuers' development keys, shared as the local stack shares them; tokens are minted from them.
const issuers = [schema.GATEWAY_ISSUER, schema.CAPOFILA_ISSUER, ...PROVINCES.map((p) => schema.teamIssuer(p.code))];
await auth.ensureDevelopmentKeys(keysDir, issuers);
const tokens = {};
for (const p of PROVINCES) {
  const issuer = schema.teamIssuer(p.code);
  const key = await auth.loadSigningKey(auth.privateKeyPath(keysDir, issuer), issuer, { production: false });
  tokens[p.code] = await auth.signToken(
    key,
    { subject: "fault-run", role: "coordinator", province: p.code, audience: schema.operationalAudience(p.code) },
    { ttlSeconds: 4 * 3600 },
  );
}

const processes = {};
const up = new Set();
const logFiles = {};
let kills = 0;
let restarts = 0;

function environment(p) {
  return schema.childEnvironment({
    HOST: "127.0.0.1",
    PORT: String(ports[p.code]),
    DATA_DIR: join(work, p.field),
    DEMO_DATA: "false",
    LOG_LEVEL: "info",
    KEYS_DIR: keysDir,
    STAFF_BOOTSTRAP: "fault-run:coordinator",
    TRANSFER_TRUSTED_KEYS_DIR: trustedDir,
    TRANSFER_RETRY_MAX_SECONDS: args["retry-max-seconds"],
    TRANSFER_HOLD_HOURS: "240",
    ...(POSTGRES ? { DATABASE_URL: databaseUrls[p.code] } : {}),
    ...Object.fromEntries(PROVINCES.map((q) => [`PEER_URL_${q.code}`, `http://127.0.0.1:${ports[q.code]}`])),
  });
}

async function startProvince(p) {
  logFiles[p.code] ??= createWriteStream(join(work, `${p.code}.log`), { flags: "a" });
  const child = spawn(process.execPath, [join(ROOT, "services", p.field, "start.mjs")], { cwd: ROOT, env: environment(p), stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(logFiles[p.code], { end: false });
  child.stderr.pipe(logFiles[p.code], { end: false });
  processes[p.code] = child;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${p.code} exited while starting (see ${join(work, `${p.code}.log`)})`);
    try {
      if ((await fetch(`http://127.0.0.1:${ports[p.code]}/health`)).ok) {
        up.add(p.code);
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${p.code} not healthy after 120 s`);
}

async function stopProvince(code, signal) {
  const child = processes[code];
  up.delete(code);
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

async function gql(code, query, variables = {}) {
  const res = await fetch(`http://127.0.0.1:${ports[code]}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens[code]}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return res.json();
}

/** Retries through the province being down; returns the GraphQL answer (data or errors). */
async function persist(code, query, variables) {
  for (;;) {
    if (up.has(code)) {
      try {
        return await gql(code, query, variables);
      } catch {
        // killed meanwhile
      }
    }
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------
// Run

const started = performance.now();
log(`work folder ${work}; database ${POSTGRES ? "PostgreSQL" : "PGlite"}; ${TARGET} transfers; seed ${args.seed}`);
await Promise.all(PROVINCES.map(startProvince));
log("seven provinces up");

// Setup: places to accept into, and open cases with the transfer consent to send from.
const casesPerProvince = Math.ceil((TARGET / PROVINCES.length) * 2);
const cases = {};
const places = {};
await Promise.all(
  PROVINCES.map(async (p) => {
    places[p.code] = [];
    for (const type of ["EMERGENCY_SHELTER", "RESIDENTIAL_COMMUNITY"]) {
      const s = await gql(p.code, `mutation ($input: CreateStructureInput!) { createStructure(input: $input) { id } }`, {
        input: { name: `Fault ${type}`, type, municipality: p.name },
      });
      const added = await gql(p.code, `mutation ($input: AddPlacesInput!) { addPlaces(input: $input) { id } }`, {
        input: { structureId: s.data.createStructure.id, target: "WOMEN", count: 100 },
      });
      places[p.code].push(...added.data.addPlaces.map((x) => x.id));
    }
    cases[p.code] = [];
    for (let i = 0; i < casesPerProvince; i++) {
      const person = await gql(p.code, `mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, {
        input: { givenName: "Fault", familyName: `Run ${p.code} ${i}`, gender: "WOMAN", citizenship: "NG", birthDate: "1999-01-01" },
      });
      const personId = person.data.registerPerson.id;
      const kase = await gql(p.code, `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id } }`, {
        input: { personId, openedOn: "2026-01-01", referralSource: "STREET_UNIT", exploitationTypes: ["SEXUAL"], protectionStatus: "NONE" },
      });
      await gql(p.code, `mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
        input: { personId, kind: "TRANSFER_TO_PROVINCE", givenOn: "2026-01-01" },
      });
      cases[p.code].push(kase.data.openCase.id);
    }
  }),
);
log(`set up ${casesPerProvince} cases and 200 places per province`);

// Chaos: kill a random province now and then (at most two down at once) and start it again.
// --kill-every-ms 0 runs the same workload without killing anything: the baseline.
let chaos = KILL_EVERY_MS > 0;
const restarting = new Set();
const chaosLoop = (async () => {
  while (chaos) {
    await sleep(KILL_EVERY_MS / 2 + random() * KILL_EVERY_MS);
    if (!chaos) break;
    const candidates = PROVINCES.filter((p) => up.has(p.code));
    if (PROVINCES.length - candidates.length >= 2) continue;
    const victim = pick(candidates);
    await stopProvince(victim.code, "SIGKILL");
    kills++;
    const downFor = 500 + random() * 3500;
    restarting.add(
      (async () => {
        await sleep(downFor);
        await startProvince(victim);
        restarts++;
      })(),
    );
  }
})();

// Workload: requests between random pairs from provinces that are up; follow-ups on a third each.
const issued = [];
let ambiguous = 0;
let refused = 0;
const followUps = [];
const REQUEST = `mutation ($input: RequestTransferInput!) { requestTransfer(input: $input) { id } }`;

async function cancelLater(t) {
  await sleep(random() * 1000);
  const r = await persist(t.origin, `mutation ($input: CancelTransferInput!) { cancelTransfer(input: $input) { id state } }`, {
    input: { transferId: t.id, reason: "CHANGED_MIND" },
  });
  // A call cut by a kill after its commit is retried and finds the move done: that is a success.
  t.followUp = r.data || r.errors?.[0]?.extensions?.rule === "transfer-cancelled" ? "cancelled" : `cancel refused: ${r.errors?.[0]?.extensions?.rule}`;
}

async function acceptWhenArrived(t) {
  for (;;) {
    const seen = await persist(t.destination, `query ($id: ID!) { transfer(id: $id) { state } }`, { id: t.id });
    if (seen.data?.transfer) break;
    await sleep(300);
  }
  const placeId = places[t.destination].pop();
  const r = await persist(t.destination, `mutation ($input: AcceptTransferInput!) { acceptTransfer(input: $input) { id state } }`, {
    input: { transferId: t.id, placeId },
  });
  t.followUp = r.data || r.errors?.[0]?.extensions?.rule === "transfer-already-decided" ? "accepted" : `accept refused: ${r.errors?.[0]?.extensions?.rule}`;
}

async function requester() {
  while (issued.length < TARGET) {
    const origins = PROVINCES.filter((p) => up.has(p.code) && cases[p.code].length > 0);
    if (origins.length === 0) {
      await sleep(100);
      continue;
    }
    const origin = pick(origins);
    const destination = pick(PROVINCES.filter((p) => p.code !== origin.code));
    const caseId = cases[origin.code].pop();
    try {
      const r = await gql(origin.code, REQUEST, {
        input: { caseId, destination: destination.code, withChildren: false, accommodation: "EMERGENCY_SHELTER", urgency: "URGENT", reason: "SAFETY", sharedFields: ["NAMES"] },
      });
      if (r.data?.requestTransfer) {
        const t = { id: r.data.requestTransfer.id, origin: origin.code, destination: destination.code, followUp: "none" };
        issued.push(t);
        const roll = random();
        if (roll < 1 / 3) followUps.push(cancelLater(t));
        else if (roll < 2 / 3) followUps.push(acceptWhenArrived(t));
      } else {
        refused++;
      }
    } catch {
      // The origin was killed during the call: its database alone says whether the request happened
      // (the audit below counts what the databases hold, not what the client saw).
      ambiguous++;
    }
    await sleep(20 + random() * 60);
  }
}

await Promise.all([requester(), requester(), requester(), requester()]);
log(`${issued.length} transfers requested (${ambiguous} calls cut by a kill, ${refused} refused); waiting for follow-ups`);
await Promise.all(followUps);
await sleep(3000);
chaos = false;
await chaosLoop;
await Promise.all(restarting);
await Promise.all(PROVINCES.filter((p) => !up.has(p.code)).map(startProvince));
log(`chaos over: ${kills} kills, ${restarts} restarts; waiting for every outbox to drain`);

// Settle: every message of every transfer delivered, as each province's own API reports it.
async function undelivered(code) {
  let after = null;
  let pending = 0;
  for (;;) {
    const r = await persist(code, `query ($after: String) { transfers(first: 200, after: $after) { nodes { messages { deliveredAt } } pageInfo { endCursor hasNextPage } } }`, { after });
    for (const n of r.data.transfers.nodes) pending += n.messages.filter((m) => m.deliveredAt === null).length;
    if (!r.data.transfers.pageInfo.hasNextPage) return pending;
    after = r.data.transfers.pageInfo.endCursor;
  }
}
const settleDeadline = Date.now() + 300_000;
let pending = Infinity;
while (Date.now() < settleDeadline) {
  pending = (await Promise.all(PROVINCES.map((p) => undelivered(p.code)))).reduce((a, b) => a + b, 0);
  if (pending === 0) break;
  await sleep(500);
}
log(`settled with ${pending} message(s) undelivered; stopping the provinces`);
await Promise.all(PROVINCES.map((p) => stopProvince(p.code, "SIGTERM")));

// ---------------------------------------------------------------------------------------------
// Audit: what the seven databases hold

const rows = { transfers: [], inbox: [], outbox: [] };
for (const p of PROVINCES) {
  const db = POSTGRES ? await kit.openDatabase({ kind: "postgres", url: databaseUrls[p.code], maxConnections: 1 }) : await kit.openDatabase({ kind: "pglite", dir: join(work, p.field, "pglite") });
  const at = (code) => (r) => ({ ...r, province: code });
  rows.transfers.push(...(await db.sql.query(`SELECT id, direction::text, origin, destination, state::text, "requestedAt" FROM "Transfer"`)).map(at(p.code)));
  rows.inbox.push(...(await db.sql.query(`SELECT id, "transferId", sender, seq, kind, outcome, "receivedAt" FROM "TransferInbox"`)).map(at(p.code)));
  rows.outbox.push(...(await db.sql.query(`SELECT id, "transferId", seq, kind, attempts, "deliveredAt" FROM "TransferOutbox"`)).map(at(p.code)));
  await db.close();
}

const outgoing = rows.transfers.filter((t) => t.direction === "OUTGOING");
const incomingById = new Map();
for (const t of rows.transfers.filter((x) => x.direction === "INCOMING")) incomingById.set(t.id, [...(incomingById.get(t.id) ?? []), t]);
const lostTransfers = outgoing.filter((t) => !(incomingById.get(t.id) ?? []).some((i) => i.province === t.destination));
const duplicatedTransfers = [...incomingById.values()].filter((list) => list.length > 1);
const undeliveredMessages = rows.outbox.filter((m) => m.deliveredAt === null);
const appliedPerMessage = new Map();
for (const m of rows.inbox) appliedPerMessage.set(`${m.transferId}/${m.sender}/${m.seq}`, (appliedPerMessage.get(`${m.transferId}/${m.sender}/${m.seq}`) ?? 0) + 1);
const appliedTwice = [...appliedPerMessage.values()].filter((n) => n > 1).length;
const outboxIds = new Set(rows.outbox.map((m) => m.id));
const deliveredButNotInInbox = rows.outbox.filter((m) => m.deliveredAt !== null && !rows.inbox.some((i) => i.id === m.id)).length;
const inboxWithoutOutbox = rows.inbox.filter((i) => !outboxIds.has(i.id)).length;
const notApplied = rows.inbox.filter((i) => i.outcome !== "APPLIED");
const disagreeing = outgoing.filter((t) => {
  const other = (incomingById.get(t.id) ?? []).find((i) => i.province === t.destination);
  return other && other.state !== t.state;
});
// Order: per transfer and sender, the inbox received seq n+1 no earlier than seq n.
let outOfOrder = 0;
const streams = new Map();
for (const m of rows.inbox) streams.set(`${m.transferId}/${m.sender}`, [...(streams.get(`${m.transferId}/${m.sender}`) ?? []), m]);
for (const list of streams.values()) {
  list.sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < list.length; i++) if (new Date(list[i].receivedAt) < new Date(list[i - 1].receivedAt) || list[i].seq !== list[i - 1].seq + 1) outOfOrder++;
}
// Request to delivery: the destination's inbox time of message 1 minus the origin's request time.
const requestedAt = new Map(outgoing.map((t) => [t.id, new Date(t.requestedAt).getTime()]));
const latencies = rows.inbox
  .filter((m) => m.kind === "REQUESTED" && requestedAt.has(m.transferId))
  .map((m) => new Date(m.receivedAt).getTime() - requestedAt.get(m.transferId))
  .sort((a, b) => a - b);
const resent = rows.outbox.filter((m) => m.attempts > 1).length;
// What the clients were told succeeded must be in the databases (a kill right after a commit loses nothing).
const stateAt = new Map(rows.transfers.map((t) => [`${t.province}/${t.id}`, t.state]));
const acknowledgedMissing = issued.filter((t) => !stateAt.has(`${t.origin}/${t.id}`)).length;
const movesMissing = issued.filter(
  (t) => (t.followUp === "cancelled" && stateAt.get(`${t.origin}/${t.id}`) !== "CANCELLED") || (t.followUp === "accepted" && stateAt.get(`${t.destination}/${t.id}`) !== "ACCEPTED"),
).length;
// What the receivers turned away or refused, from their logs (pino JSON lines), with the reasons.
const turnedAway = [];
for (const p of PROVINCES) {
  for (const line of readFileSync(join(work, `${p.code}.log`), "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line);
    if (/rejected|refused/.test(entry.msg ?? "")) turnedAway.push(`${p.code}: ${entry.msg} (${entry.reason ?? ""} ${entry.detail ?? ""})`.trim());
  }
}
const states = outgoing.reduce((acc, t) => ({ ...acc, [t.state]: (acc[t.state] ?? 0) + 1 }), {});

const result = {
  database: POSTGRES ? "postgres" : "pglite",
  seed: Number(args.seed),
  transfersRequested: outgoing.length,
  clientCallsCutByKill: ambiguous,
  kills,
  restarts,
  messages: rows.outbox.length,
  messagesResent: resent,
  lost: {
    transfers: lostTransfers.length,
    messagesUndelivered: undeliveredMessages.length,
    deliveredButNotRecorded: deliveredButNotInInbox,
    acknowledgedRequestsMissing: acknowledgedMissing,
    acknowledgedCancelsOrAcceptsMissing: movesMissing,
  },
  followUps: issued.reduce((acc, t) => ({ ...acc, [t.followUp]: (acc[t.followUp] ?? 0) + 1 }), {}),
  duplicated: { transfers: duplicatedTransfers.length, messagesAppliedTwice: appliedTwice, inboxWithoutSender: inboxWithoutOutbox },
  disagreeingStates: disagreeing.length,
  outOfOrder,
  inboxNotApplied: notApplied.map((m) => `${m.kind} ${m.outcome}`),
  turnedAwayLogged: turnedAway,
  finalStates: states,
  requestToDeliveryMs: {
    median: quantile(latencies, 0.5),
    p90: quantile(latencies, 0.9),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? null,
    min: latencies[0] ?? null,
  },
  seconds: Math.round((performance.now() - started) / 1000),
};
console.log(JSON.stringify(result, null, 2));
if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2));

// Clean up (unless asked to keep the folder and databases for inspection).
for (const stream of Object.values(logFiles)) stream.end();
if (!args.keep) {
  if (POSTGRES) {
    const admin = await kit.openDatabase({ kind: "postgres", url: args["database-url"], maxConnections: 1 });
    for (const url of Object.values(databaseUrls)) await admin.sql.exec(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
    await admin.close();
  }
  rmSync(work, { recursive: true, force: true });
} else {
  log(`kept ${work}${POSTGRES ? ` and databases fault_*_${runId}` : ""}`);
}
const failed = result.lost.transfers + result.lost.messagesUndelivered + acknowledgedMissing + movesMissing + result.duplicated.transfers + result.duplicated.messagesAppliedTwice + result.disagreeingStates + result.outOfOrder;
process.exit(failed === 0 ? 0 : 1);
