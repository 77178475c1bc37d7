import type { PrismaClient } from "../db/database.ts";

export interface OutreachStore {}

export function prismaOutreachStore(_prisma: PrismaClient): OutreachStore {
  return {};
}
