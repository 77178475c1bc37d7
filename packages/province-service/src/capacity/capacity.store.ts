import type { PrismaClient } from "../db/database.ts";

export interface CapacityStore {}

export function prismaCapacityStore(_prisma: PrismaClient): CapacityStore {
  return {};
}
