/**
 * Names the database constraint behind a write error, whichever driver adapter raised it:
 * - @prisma/adapter-pg (PostgreSQL): PrismaClientKnownRequestError P2002 / P2003..., the Postgres
 *   message in meta.driverAdapterError.cause.originalMessage;
 * - pglite-prisma-adapter: a DriverAdapterError whose cause is { kind: "postgres", code, message }.
 * Postgres puts the constraint name in the message ('... violates unique constraint "X"').
 */
export interface ConstraintViolation {
  /** SQLSTATE: 23505 unique, 23514 check, 23503 foreign key. */
  code: string;
  constraint: string | null;
}

const PRISMA_CODES: Record<string, string> = { P2002: "23505", P2003: "23503" };

export function constraintViolation(error: unknown): ConstraintViolation | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; meta?: { driverAdapterError?: unknown; target?: unknown }; cause?: unknown; name?: unknown };
  const adapterError = e.name === "DriverAdapterError" ? error : e.meta?.driverAdapterError;
  const cause = (adapterError as { cause?: Record<string, unknown> } | undefined)?.cause;
  const sqlState =
    (typeof cause?.originalCode === "string" && cause.originalCode) ||
    (typeof cause?.code === "string" && cause.code) ||
    (typeof e.code === "string" && PRISMA_CODES[e.code]) ||
    null;
  if (!sqlState || !sqlState.startsWith("23")) return null;
  const message =
    (typeof cause?.originalMessage === "string" && cause.originalMessage) ||
    (typeof cause?.message === "string" && cause.message) ||
    (error instanceof Error ? error.message : "");
  const named = /constraint "([^"]+)"/.exec(message)?.[1] ?? (typeof e.meta?.target === "string" ? e.meta.target : null);
  return { code: sqlState, constraint: named };
}
