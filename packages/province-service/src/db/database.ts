import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.ts";

export type {
  PrismaClient,
  Prisma,
  Person,
  Case,
  CasePhaseChange,
  CaseExploitation,
  Consent,
  Interview,
  ServiceDelivery,
  LegalEvent,
  Structure,
  Place,
  Placement,
  OutreachOuting,
  OutingMaterial,
  TrainingEvent,
} from "../generated/prisma/client.ts";

/** Runs raw, possibly multi-statement SQL on the same connection the migrator needs. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly prisma: PrismaClient;
  /** Direct SQL access for migrations and maintenance; the application goes through prisma. */
  readonly sql: SqlRunner;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: "postgres"; url: string; maxConnections?: number }
  /** dir undefined: an in-memory database (tests). */
  | { kind: "pglite"; dir?: string; sharedBuffers?: string };

/** PGlite's compiled-in default (128MB) would be held in memory by every embedded province. */
export const DEFAULT_PGLITE_SHARED_BUFFERS = "16MB";

/**
 * PGlite's start parameters with our buffer size. PGlite reads no postgresql.conf, so settings go
 * on its command line; its own defaults (single-user mode, no parallel workers) must be kept.
 */
export function pgliteStartParams(sharedBuffers: string = DEFAULT_PGLITE_SHARED_BUFFERS): string[] {
  return [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffers}`];
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === "postgres"
    ? openPostgres(options.url, options.maxConnections ?? 10)
    : openPglite(options.dir, options.sharedBuffers);
}

/** The PostgreSQL major version inside the pinned PGlite; a data folder from another cannot be opened. */
export const PGLITE_POSTGRES_MAJOR = "18";

/** A PGlite data folder written by another PostgreSQL major version (an older release of this project). */
export class DatabaseVersionError extends Error {
  override readonly name = "DatabaseVersionError";
}

// PGlite itself only says "failed to initialize properly"; the folder's PG_VERSION tells why.
function checkPgliteVersion(dir: string): void {
  const file = join(dir, "PG_VERSION");
  if (!existsSync(file)) return;
  const found = readFileSync(file, "utf8").trim();
  if (found === PGLITE_POSTGRES_MAJOR) return;
  throw new DatabaseVersionError(
    `The embedded database in ${dir} was written by PostgreSQL ${found}; this release embeds PostgreSQL ${PGLITE_POSTGRES_MAJOR}. ` +
      `Demo data: delete that folder and start again (it is created and seeded anew). ` +
      `Real data: export it with the release that wrote it (pg_dump) and restore it into PostgreSQL or a new folder.`,
  );
}

async function openPglite(dir: string | undefined, sharedBuffers: string | undefined): Promise<Database> {
  if (dir) {
    mkdirSync(dir, { recursive: true });
    checkPgliteVersion(dir);
  }
  const pglite = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), startParams: pgliteStartParams(sharedBuffers) });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: "pglite",
    prisma,
    sql: {
      exec: async (sql) => {
        await pglite.exec(sql);
      },
      query: async <T>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows,
    },
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    sql: {
      exec: async (sql) => {
        await pool.query(sql);
      },
      query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
