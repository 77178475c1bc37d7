import type { FigureCounter, ProvinceFigures } from "@regional/schema";
import type { PrismaClient, SqlRunner } from "../db/database.ts";
import { placeTotals, toBreakdowns, toCapacityFigures, type BreakdownRow, type CapacityRow } from "./aggregate.ts";
import {
  DAILY_BREAKDOWNS_SQL,
  DAILY_FIGURES_SQL,
  DAILY_CAPACITY_SQL,
  DAILY_COUNTERS_SQL,
  TABLES_BREAKDOWNS_SQL,
  TABLES_CAPACITY_SQL,
  TABLES_COUNTERS_SQL,
} from "./figures.sql.ts";
import type { Period } from "./period.ts";

export type { Period } from "./period.ts";

/** The province's exact figures for a period: the only thing the federation API serves. */
export interface FiguresStore {
  forPeriod(period: Period): Promise<ProvinceFigures>;
}

type EventCounter = Exclude<FigureCounter, "placesTotal" | "placesOccupied" | "placesFree">;

/**
 * Where the figures are read from: "daily" (the pre-aggregated counts the triggers keep, what the
 * service uses) or "tables" (the definition, computed from the rows; tests and benchmarks).
 */
export type FiguresSource = "daily" | "tables";

const QUERIES = {
  daily: { counters: DAILY_COUNTERS_SQL, breakdowns: DAILY_BREAKDOWNS_SQL, capacity: DAILY_CAPACITY_SQL },
  tables: { counters: TABLES_COUNTERS_SQL, breakdowns: TABLES_BREAKDOWNS_SQL, capacity: TABLES_CAPACITY_SQL },
} as const;

function toFigures(counters: Record<EventCounter, number> | undefined, breakdownRows: BreakdownRow[], capacityRows: CapacityRow[]): ProvinceFigures {
  if (!counters) throw new Error("figures: the counters query returned no row");
  const places = toCapacityFigures(capacityRows);
  return { ...counters, ...placeTotals(places), ...toBreakdowns(breakdownRows), places };
}

/**
 * Every figure is computed by the database with three aggregate queries (counters, breakdowns,
 * capacity); no row about a person is ever loaded here. The definitions are those of
 * FIGURE_COUNTERS / FIGURE_BREAKDOWNS in @regional/schema and of period.ts. Days are compared as
 * SQL dates; `from` and `to` are already validated YYYY-MM-DD strings.
 */
export function prismaFiguresStore(prisma: PrismaClient, source: FiguresSource = "daily"): FiguresStore {
  if (source === "daily") {
    return {
      // One statement: its snapshot covers the three parts (see DAILY_FIGURES_SQL).
      forPeriod: async ({ from, to }) => {
        const [row] = await prisma.$queryRawUnsafe<{ counters: unknown; breakdowns: unknown; capacity: unknown }[]>(DAILY_FIGURES_SQL, from, to);
        if (!row) throw new Error("figures: the figures query returned no row");
        return toFigures(json(row.counters), json(row.breakdowns), json(row.capacity));
      },
    };
  }
  const q = QUERIES[source];
  return {
    forPeriod: async ({ from, to }) => {
      // One snapshot for the three queries, so that e.g. a case closed meanwhile cannot be
      // counted as active in one figure and closed in another.
      const [[counters], breakdownRows, capacityRows] = await prisma.$transaction(
        [
          prisma.$queryRawUnsafe<Record<EventCounter, number>[]>(q.counters, from, to),
          prisma.$queryRawUnsafe<BreakdownRow[]>(q.breakdowns, from, to),
          prisma.$queryRawUnsafe<CapacityRow[]>(q.capacity, to),
        ],
        { isolationLevel: "RepeatableRead" },
      );
      return toFigures(counters, breakdownRows, capacityRows);
    },
  };
}

/** A json column, as the driver hands it over (parsed, or as text). */
function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/**
 * The same figures through a bare SQL connection instead of Prisma, optionally in another schema
 * than the default one. Not used by the service: the benchmark's centralised baseline runs the
 * province's SQL on seven schemas of one database with it. The queries share one snapshot as above,
 * which needs a runner bound to one connection (PGlite's is; a pg.Pool runner is not).
 */
export function sqlFiguresStore(sql: SqlRunner, options: { schema?: string; source?: FiguresSource } = {}): FiguresStore {
  const q = QUERIES[options.source ?? "daily"];
  const schema = options.schema === undefined ? "" : `SET LOCAL search_path TO "${options.schema.replace(/"/g, '""')}";`;
  return {
    forPeriod: async ({ from, to }) => {
      await sql.exec(`BEGIN ISOLATION LEVEL REPEATABLE READ; ${schema}`);
      try {
        const [counters] = await sql.query<Record<EventCounter, number>>(q.counters, [from, to]);
        const breakdownRows = await sql.query<BreakdownRow>(q.breakdowns, [from, to]);
        const capacityRows = await sql.query<CapacityRow>(q.capacity, [to]);
        return toFigures(counters, breakdownRows, capacityRows);
      } finally {
        await sql.exec("COMMIT");
      }
    },
  };
}
