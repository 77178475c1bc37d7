import type { PrismaClient } from "../db/database.ts";

export interface CaseworkStore {}

export function prismaCaseworkStore(_prisma: PrismaClient): CaseworkStore {
  return {};
}
