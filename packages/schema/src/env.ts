import { z } from "zod";
import { DEFAULT_GATEWAY_PORT, DEFAULT_HOST, PROVINCES, PROVINCE_CODES, type ProvinceCode } from "./provinces.ts";
import {
  CAPOFILA_ISSUER,
  DEV_STAFF,
  GATEWAY_AUDIENCE,
  GATEWAY_ISSUER,
  TEAM_ROLES,
  federationAudience,
  operationalAudience,
  teamIssuer,
  type TeamRole,
} from "./identity.ts";

/**
 * The only place that reads the environment. Each process parses what it needs once at start-up
 * and hands the typed result to its composition root. Every problem is listed at once, so an
 * installer fixes the configuration in one go instead of one variable per restart.
 */
export type Environment = Record<string, string | undefined>;

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvironmentError";
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
const nodeEnv = z.enum(["development", "production", "test"]).default("development");
const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL");

const name = z.string().min(1).max(200);
const filePath = z.string().min(1);
/** A PostgreSQL memory setting as postgres reads it, e.g. 16MB. */
const memorySize = z.string().regex(/^[1-9][0-9]*(kB|MB|GB)$/, "a size such as 512kB, 16MB or 1GB");

/** "subject:role,subject:role": who is put on a province's staff registry when it has never heard of them. */
const staffList = z.string().transform((value, ctx) => {
  const entries: { subject: string; role: TeamRole }[] = [];
  for (const item of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    const at = item.lastIndexOf(":");
    const subject = item.slice(0, at).trim();
    const role = item.slice(at + 1).trim();
    if (at <= 0 || !subject || subject.length > 200 || !(TEAM_ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({ code: "custom", message: `"${item}" is not subject:role with role one of ${TEAM_ROLES.join(", ")}` });
      continue;
    }
    entries.push({ subject, role: role as TeamRole });
  }
  return entries;
});

/** `alsoWrong`: problems found outside the schema (across variables), listed with the schema's own. */
function parse<T extends z.ZodType>(schema: T, env: Environment, alsoWrong: string[] = []): z.output<T> {
  const result = schema.safeParse(env);
  if (!result.success || alsoWrong.length > 0) {
    const issues = result.success ? [] : result.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new EnvironmentError([...issues, ...alsoWrong]);
  }
  return result.data;
}

/** A 256-bit key written as base64; the message never repeats the value. */
const dataEncryptionKey = z.string().transform((value, ctx) => {
  const text = value.trim();
  const bytes = Buffer.from(text, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || bytes.length !== 32) {
    ctx.addIssue({ code: "custom", message: "must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)" });
    return z.NEVER;
  }
  return bytes;
});

/** Secrets that development generates in its data folder and production must be given. */
function provinceProductionRequirements(env: Environment): string[] {
  if (env.NODE_ENV !== "production" || env.DATA_ENCRYPTION_KEY) return [];
  return ["DATA_ENCRYPTION_KEY: required when NODE_ENV=production (base64 of 32 random bytes); people's identifiers are encrypted with it"];
}

/** Transfers between provinces: where the peers are, how their messages are trusted, how long a place is held. */
const transferVars = {
  ...Object.fromEntries(PROVINCES.map((p) => [`PEER_URL_${p.code}`, z.url().optional()])),
  ...Object.fromEntries(PROVINCES.map((p) => [`PEER_PUBLIC_KEY_${p.code}`, filePath.optional()])),
  ...Object.fromEntries(PROVINCES.map((p) => [`PORT_${p.code}`, port.optional()])),
  TRANSFER_SIGNING_KEY: filePath.optional(),
  TRANSFER_TRUSTED_KEYS_DIR: filePath.optional(),
  TRANSFER_HOLD_HOURS: z.coerce.number().positive().max(24 * 90).default(72),
  TRANSFER_MESSAGE_WINDOW_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  TRANSFER_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
} as Record<string, z.ZodType>;

const provinceEnvSchema = z.object({
  ...transferVars,
  PROVINCE: z.enum(PROVINCE_CODES),
  HOST: z.string().min(1).default(DEFAULT_HOST),
  PORT: port.optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).optional(),
  // Embedded PGlite runs inside this process's memory: its buffer cache is paid for by every
  // province, so it starts small (the figures are pre-aggregated; the OS caches the files).
  PGLITE_SHARED_BUFFERS: memorySize.default("16MB"),
  DEMO_DATA: bool.optional(),
  LOG_LEVEL: logLevel,
  NODE_ENV: nodeEnv,
  KEYS_DIR: filePath.optional(),
  TEAM_ISSUER: name.optional(),
  TEAM_JWKS: filePath.optional(),
  GATEWAY_ISSUER: name.default(GATEWAY_ISSUER),
  GATEWAY_JWKS: filePath.optional(),
  OPERATIONAL_AUDIENCE: name.optional(),
  FEDERATION_AUDIENCE: name.optional(),
  STAFF_BOOTSTRAP: staffList.optional(),
  DATA_ENCRYPTION_KEY: dataEncryptionKey.optional(),
});

/**
 * Who a province service trusts. Key files are JWKS (public keys); a path left undefined means
 * "<keysDir>/<issuer>.jwks.json", where development keys are generated when missing.
 */
export interface ProvinceAuthEnv {
  /** Folder of key files; undefined means "<dataDir>/keys" (the caller decides). */
  keysDir: string | undefined;
  /** Issuer of the province team's tokens, accepted by the operational API only. */
  teamIssuer: string;
  teamJwksPath: string | undefined;
  /** The gateway's service identity, accepted by the federation API only. */
  gatewayIssuer: string;
  gatewayJwksPath: string | undefined;
  operationalAudience: string;
  federationAudience: string;
  /** Put on the staff registry at start when the registry has never had them (see auth/staff). */
  staffBootstrap: { subject: string; role: TeamRole }[];
}

export interface ProvinceEnv {
  province: ProvinceCode;
  host: string;
  port: number;
  /** PostgreSQL server; when absent the service uses embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  /** Folder for the PGlite database and generated development keys; undefined means the caller decides. */
  dataDir: string | undefined;
  /** PGlite's shared_buffers (ignored with databaseUrl). */
  pgliteSharedBuffers: string;
  /** Seed synthetic demo data into an empty database. Defaults to on outside production. */
  demoData: boolean;
  logLevel: z.output<typeof logLevel>;
  nodeEnv: z.output<typeof nodeEnv>;
  auth: ProvinceAuthEnv;
  /**
   * Key of the people's identifiers encrypted at rest (32 bytes). Required in production;
   * undefined in development, where the service generates one in its data folder.
   */
  dataEncryptionKey: Buffer | undefined;
  transfers: ProvinceTransfersEnv;
}

export interface ProvinceTransfersEnv {
  /** Base URL of each peer province service; defaults to the local port of each province. */
  peerUrls: Record<ProvinceCode, string>;
  /** Explicit public key file (SPKI PEM) of a peer; else <trustedKeysDir>/<CODE>.pub.pem. */
  peerKeyFiles: Partial<Record<ProvinceCode, string>>;
  /** Folder of peers' public keys; undefined means the caller decides (development: a shared local folder). */
  trustedKeysDir: string | undefined;
  /** This province's Ed25519 private key (PKCS#8 PEM); undefined means "<dataDir>/keys/transfer-signing.key.pem". */
  signingKeyPath: string | undefined;
  /** How long an accepted transfer holds its place for the person to arrive. */
  holdMs: number;
  /** How far a peer message's send time may be from this clock before it counts as a replay. */
  messageWindowMs: number;
  /** Longest wait between two attempts to deliver a message to a peer that is down. */
  retryMaxMs: number;
}

export function loadProvinceEnv(env: Environment = process.env, defaults: Partial<Environment> = {}): ProvinceEnv {
  const given = { ...defaults, ...stripEmpty(env) };
  const e = parse(provinceEnvSchema, given, provinceProductionRequirements(given));
  const province = PROVINCES.find((p) => p.code === e.PROVINCE)!;
  return {
    province: e.PROVINCE,
    host: e.HOST,
    port: e.PORT ?? province.defaultPort,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS,
    demoData: e.DEMO_DATA ?? e.NODE_ENV !== "production",
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    auth: {
      keysDir: e.KEYS_DIR,
      teamIssuer: e.TEAM_ISSUER ?? teamIssuer(e.PROVINCE),
      teamJwksPath: e.TEAM_JWKS,
      gatewayIssuer: e.GATEWAY_ISSUER,
      gatewayJwksPath: e.GATEWAY_JWKS,
      operationalAudience: e.OPERATIONAL_AUDIENCE ?? operationalAudience(e.PROVINCE),
      federationAudience: e.FEDERATION_AUDIENCE ?? federationAudience(e.PROVINCE),
      // Development gets the demo staff; production names its first coordinator explicitly.
      staffBootstrap: e.STAFF_BOOTSTRAP ?? (e.NODE_ENV === "production" ? [] : DEV_STAFF.map((s) => ({ ...s }))),
    },
    dataEncryptionKey: e.DATA_ENCRYPTION_KEY,
    transfers: provinceTransfersEnv(e as unknown as Record<string, unknown>),
  };
}

function provinceTransfersEnv(e: Record<string, unknown>): ProvinceTransfersEnv {
  const host = e.HOST === "0.0.0.0" ? DEFAULT_HOST : (e.HOST as string);
  return {
    peerUrls: Object.fromEntries(
      PROVINCES.map((p) => [p.code, (e[`PEER_URL_${p.code}`] as string | undefined) ?? `http://${host}:${(e[`PORT_${p.code}`] as number | undefined) ?? p.defaultPort}`]),
    ) as Record<ProvinceCode, string>,
    peerKeyFiles: Object.fromEntries(
      PROVINCES.flatMap((p) => (e[`PEER_PUBLIC_KEY_${p.code}`] ? [[p.code, e[`PEER_PUBLIC_KEY_${p.code}`] as string]] : [])),
    ),
    trustedKeysDir: e.TRANSFER_TRUSTED_KEYS_DIR as string | undefined,
    signingKeyPath: e.TRANSFER_SIGNING_KEY as string | undefined,
    holdMs: Math.round((e.TRANSFER_HOLD_HOURS as number) * 3_600_000),
    messageWindowMs: (e.TRANSFER_MESSAGE_WINDOW_SECONDS as number) * 1000,
    retryMaxMs: (e.TRANSFER_RETRY_MAX_SECONDS as number) * 1000,
  };
}

const subgraphUrlVars = Object.fromEntries(
  PROVINCES.map((p) => [`SUBGRAPH_URL_${p.code}`, z.url().optional()]),
) as Record<`SUBGRAPH_URL_${ProvinceCode}`, z.ZodOptional<z.ZodURL>>;
const perProvince = <S extends z.ZodType>(prefix: string, schema: S) =>
  Object.fromEntries(PROVINCES.map((p) => [`${prefix}_${p.code}`, schema.optional()])) as Record<string, z.ZodOptional<S>>;

const gatewayEnvSchema = z.object({
  HOST: z.string().min(1).default(DEFAULT_HOST),
  GATEWAY_PORT: port.default(DEFAULT_GATEWAY_PORT),
  /** How long the gateway waits for one province before answering without it. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** Disclosure control: non-zero breakdown cells below this are suppressed (1 turns it off). */
  DISCLOSURE_MIN_CELL: z.coerce.number().int().min(1).max(1000).default(5),
  SUPERGRAPH_PATH: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: logLevel,
  NODE_ENV: nodeEnv,
  ...subgraphUrlVars,
  KEYS_DIR: filePath.optional(),
  GATEWAY_ISSUER: name.default(GATEWAY_ISSUER),
  /** The gateway's private signing key (a JWK file). */
  GATEWAY_SIGNING_KEY: filePath.optional(),
  GATEWAY_AUDIENCE: name.default(GATEWAY_AUDIENCE),
  CAPOFILA_ISSUER: name.default(CAPOFILA_ISSUER),
  CAPOFILA_JWKS: filePath.optional(),
  ...perProvince("TEAM_ISSUER", name),
  ...perProvince("TEAM_JWKS", filePath),
  ...perProvince("FEDERATION_AUDIENCE", name),
});

/** An issuer the gateway accepts tokens from; jwksPath undefined means "<keysDir>/<issuer>.jwks.json". */
export interface TrustedIssuerEnv {
  issuer: string;
  jwksPath: string | undefined;
}

export interface GatewayAuthEnv {
  /** Folder of key files; undefined means "<dataDir>/keys" (the caller decides). */
  keysDir: string | undefined;
  /** Issuer of the service tokens the gateway signs for the provinces. */
  gatewayIssuer: string;
  signingKeyPath: string | undefined;
  /** Audience that tokens presented to the gateway must name. */
  audience: string;
  capofila: TrustedIssuerEnv;
  teams: Record<ProvinceCode, TrustedIssuerEnv>;
  /** Audience of each province's federation API (the service tokens name it). */
  federationAudiences: Record<ProvinceCode, string>;
}

export interface GatewayEnv {
  host: string;
  port: number;
  subgraphTimeoutMs: number;
  /** Minimum published breakdown cell (k); smaller non-zero cells are suppressed. */
  disclosureMinCell: number;
  supergraphPath: string | undefined;
  dataDir: string | undefined;
  /** Federation endpoint of each province; defaults to the local port of each province. */
  subgraphUrls: Record<ProvinceCode, string>;
  logLevel: z.output<typeof logLevel>;
  nodeEnv: z.output<typeof nodeEnv>;
  auth: GatewayAuthEnv;
}

export function loadGatewayEnv(env: Environment = process.env): GatewayEnv {
  const e = parse(gatewayEnvSchema, stripEmpty(env)) as z.output<typeof gatewayEnvSchema> & Record<string, string | undefined>;
  const ports = stackPorts(env);
  const host = e.HOST === "0.0.0.0" ? DEFAULT_HOST : e.HOST;
  return {
    host: e.HOST,
    port: e.GATEWAY_PORT,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    disclosureMinCell: e.DISCLOSURE_MIN_CELL,
    supergraphPath: e.SUPERGRAPH_PATH,
    dataDir: e.DATA_DIR,
    subgraphUrls: Object.fromEntries(
      PROVINCES.map((p) => [p.code, e[`SUBGRAPH_URL_${p.code}`] ?? `http://${host}:${ports[p.code]}/federation`]),
    ) as Record<ProvinceCode, string>,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    auth: {
      keysDir: e.KEYS_DIR,
      gatewayIssuer: e.GATEWAY_ISSUER,
      signingKeyPath: e.GATEWAY_SIGNING_KEY,
      audience: e.GATEWAY_AUDIENCE,
      capofila: { issuer: e.CAPOFILA_ISSUER, jwksPath: e.CAPOFILA_JWKS },
      teams: Object.fromEntries(
        PROVINCES.map((p) => [p.code, { issuer: e[`TEAM_ISSUER_${p.code}`] ?? teamIssuer(p.code), jwksPath: e[`TEAM_JWKS_${p.code}`] }]),
      ) as Record<ProvinceCode, TrustedIssuerEnv>,
      federationAudiences: Object.fromEntries(
        PROVINCES.map((p) => [p.code, e[`FEDERATION_AUDIENCE_${p.code}`] ?? federationAudience(p.code)]),
      ) as Record<ProvinceCode, string>,
    },
  };
}

const stackEnvSchema = z.object({
  HOST: z.string().min(1).default(DEFAULT_HOST),
  GATEWAY_PORT: port.default(DEFAULT_GATEWAY_PORT),
  ...Object.fromEntries(PROVINCES.map((p) => [`PORT_${p.code}`, port.default(p.defaultPort)])),
  /** Put every service's data folder under this one (default: each service's own data/ folder). */
  DATA_ROOT: z.string().min(1).optional(),
  /** Development keys of the whole stack (default: <repository>/data/keys, or <DATA_ROOT>/keys). */
  KEYS_DIR: filePath.optional(),
  LOG_LEVEL: logLevel.default("warn"),
  /**
   * "one": the seven provinces and the gateway share one Node process (each with its own
   * configuration, keys, database and ports; about a quarter of the memory). "per-service": one
   * process each, as in production, so one can be stopped or killed on its own.
   */
  STACK_PROCESSES: z.enum(["one", "per-service"]).default("one"),
});

export interface StackEnv {
  host: string;
  gatewayPort: number;
  provincePorts: Record<ProvinceCode, number>;
  dataRoot: string | undefined;
  keysDir: string | undefined;
  logLevel: z.output<typeof logLevel>;
  processes: "one" | "per-service";
}

/** Ports of the whole local stack: PORT_BG … PORT_PV and GATEWAY_PORT. */
export function loadStackEnv(env: Environment = process.env): StackEnv {
  const e = parse(stackEnvSchema, stripEmpty(env)) as Record<string, unknown> & z.output<typeof stackEnvSchema>;
  return { host: e.HOST, gatewayPort: e.GATEWAY_PORT, provincePorts: stackPorts(env), dataRoot: e.DATA_ROOT, keysDir: e.KEYS_DIR, logLevel: e.LOG_LEVEL, processes: e.STACK_PROCESSES };
}

function stackPorts(env: Environment): Record<ProvinceCode, number> {
  const e = parse(stackEnvSchema, stripEmpty(env)) as Record<string, unknown>;
  return Object.fromEntries(PROVINCES.map((p) => [p.code, e[`PORT_${p.code}`] as number])) as Record<ProvinceCode, number>;
}

/** An empty variable means "not set", as most shells and CI systems intend. */
function stripEmpty(env: Environment): Environment {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}

/** The environment a launcher hands to a child process: its own plus the given overrides. */
export function childEnvironment(overrides: Environment): Environment {
  return { ...process.env, ...overrides };
}

const testEnvSchema = z.object({
  /** A PostgreSQL server URL with the right to create databases; integration tests then also run on it. */
  TEST_DATABASE_URL: postgresUrl.optional(),
});

export interface TestEnv {
  testDatabaseUrl: string | undefined;
}

export function loadTestEnv(env: Environment = process.env): TestEnv {
  return { testDatabaseUrl: parse(testEnvSchema, stripEmpty(env)).TEST_DATABASE_URL };
}

const prismaCliEnvSchema = z.object({
  /** PGlite folder the Prisma CLI works on (prisma.config.ts); in memory when unset. */
  PRISMA_PGLITE_DIR: z.string().min(1).optional(),
});

export function loadPrismaCliEnv(env: Environment = process.env): { pgliteDir: string | undefined } {
  return { pgliteDir: parse(prismaCliEnvSchema, stripEmpty(env)).PRISMA_PGLITE_DIR };
}
