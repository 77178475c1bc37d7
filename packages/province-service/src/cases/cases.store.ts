import type { PrismaClient } from "../db/database.ts";

export interface CasesStore {}

export function prismaCasesStore(_prisma: PrismaClient): CasesStore {
  return {};
}
