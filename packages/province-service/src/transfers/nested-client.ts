import type { Prisma, PrismaClient } from "../db/database.ts";

/**
 * A transaction's client that other modules' stores can use as if it were the whole client: their
 * own `$transaction(work)` then runs `work` inside the caller's transaction instead of opening a
 * new one. This is how the transfer workflow reuses the cases and capacity stores (their rules,
 * locks and numbering) while keeping "arrival opens the case, fills the place and announces it"
 * one atomic step.
 * Limit: a store that catches a database error and retries inside it cannot recover here (the
 * outer transaction is aborted); the error then rolls back the whole step, which is still correct.
 */
export function nestedClient(tx: Prisma.TransactionClient): PrismaClient {
  const inTransaction = (work: unknown) =>
    typeof work === "function" ? (work as (client: Prisma.TransactionClient) => Promise<unknown>)(tx) : Promise.all(work as Promise<unknown>[]);
  return new Proxy(tx, {
    get: (target, property) => (property === "$transaction" ? inTransaction : Reflect.get(target, property)),
  }) as unknown as PrismaClient;
}
