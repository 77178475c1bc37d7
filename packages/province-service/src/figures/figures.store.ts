import type { FigureCounter, ProvinceFigures } from "@regional/schema";
import type { PrismaClient, SqlRunner } from "../db/database.ts";
import { placeTotals, toBreakdowns, toCapacityFigures, type BreakdownRow, type CapacityRow } from "./aggregate.ts";
import { BREAKDOWNS_SQL, CAPACITY_SQL, COUNTERS_SQL } from "./figures.sql.ts";
import type { Period } from "./period.ts";

export type { Period } from "./period.ts";

/** The province's exact figures for a period: the only thing the federation API serves. */
export interface FiguresStore {
  forPeriod(period: Period): Promise<ProvinceFigures>;
}

type EventCounter = Exclude<FigureCounter, "placesTotal" | "placesOccupied" | "placesFree" | "placesHeld">;

/**
 * Every figure is computed by the database with three aggregate queries (counters, breakdowns,
 * capacity); no row about a person is ever loaded here. The definitions are those of
 * FIGURE_COUNTERS / FIGURE_BREAKDOWNS in @regional/schema and of period.ts. Days are compared as
 * SQL dates; `from` and `to` are already validated YYYY-MM-DD strings.
 */
export function prismaFiguresStore(prisma: PrismaClient): FiguresStore {
  return {
    forPeriod: async ({ from, to }) => {
      // One snapshot for the three queries, so that e.g. a case closed meanwhile cannot be
      // counted as active in one figure and closed in another.
      const [[counters], breakdownRows, capacityRows] = await prisma.$transaction(
        [
          prisma.$queryRawUnsafe<Record<EventCounter, number>[]>(COUNTERS_SQL, from, to),
          prisma.$queryRawUnsafe<BreakdownRow[]>(BREAKDOWNS_SQL, from, to),
          prisma.$queryRawUnsafe<CapacityRow[]>(CAPACITY_SQL, to),
        ],
        { isolationLevel: "RepeatableRead" },
      );
      if (!counters) throw new Error("figures: the counters query returned no row");
      const places = toCapacityFigures(capacityRows);
      return { ...counters, ...placeTotals(places), ...toBreakdowns(breakdownRows), places };
    },
  };
}

/**
 * The same figures through a bare SQL connection instead of Prisma, optionally in another schema
 * than the default one. Not used by the service: the benchmark's centralised baseline runs the
 * province's SQL on seven schemas of one database with it. The queries share one snapshot as above,
 * which needs a runner bound to one connection (PGlite's is; a pg.Pool runner is not).
 */
export function sqlFiguresStore(sql: SqlRunner, options: { schema?: string } = {}): FiguresStore {
  const schema = options.schema === undefined ? "" : `SET LOCAL search_path TO "${options.schema.replace(/"/g, '""')}";`;
  return {
    forPeriod: async ({ from, to }) => {
      await sql.exec(`BEGIN ISOLATION LEVEL REPEATABLE READ; ${schema}`);
      try {
        const [counters] = await sql.query<Record<EventCounter, number>>(COUNTERS_SQL, [from, to]);
        const breakdownRows = await sql.query<BreakdownRow>(BREAKDOWNS_SQL, [from, to]);
        const capacityRows = await sql.query<CapacityRow>(CAPACITY_SQL, [to]);
        if (!counters) throw new Error("figures: the counters query returned no row");
        const places = toCapacityFigures(capacityRows);
        return { ...counters, ...placeTotals(places), ...toBreakdowns(breakdownRows), places };
      } finally {
        await sql.exec("COMMIT");
      }
    },
  };
}
