import type { ProvinceFigures } from "@regional/schema";
import type { PrismaClient } from "../db/database.ts";

/** A closed period of days, both ends included, as YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
}

/** The province's exact figures for a period: the only thing the federation API serves. */
export interface FiguresStore {
  forPeriod(period: Period): Promise<ProvinceFigures>;
}

// Placeholder until the figures module is written.
export function prismaFiguresStore(_prisma: PrismaClient): FiguresStore {
  return {
    forPeriod: async () => {
      throw new Error("figures not implemented yet");
    },
  };
}
