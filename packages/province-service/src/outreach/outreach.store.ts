import type { MaterialKind, OutingKind } from "@regional/schema";
import type { OutingMaterial, OutreachOuting, PrismaClient } from "../db/database.ts";
import { badInput, illegal } from "../errors.ts";
import { pageQuery, type PageArgs } from "../operational/pagination.ts";

export interface OutingFilter {
  from?: Date;
  to?: Date;
  kind?: OutingKind;
  area?: string;
}

export interface NewOuting {
  kind: OutingKind;
  heldOn: Date;
  area: string;
  operators: number;
  contacts: number;
  newContacts: number;
  accompaniments: number;
  materials: { kind: MaterialKind; quantity: number }[];
  notes: string | null;
}

export type OutingWithMaterials = OutreachOuting & { materials: OutingMaterial[] };

export interface OutreachTotals {
  outings: number;
  contacts: number;
  newContacts: number;
  accompaniments: number;
  materials: { kind: MaterialKind; quantity: number }[];
}

export interface OutreachStore {
  record(outing: NewOuting): Promise<OutingWithMaterials>;
  list(filter: OutingFilter, page: PageArgs): Promise<OutingWithMaterials[]>;
  find(id: string): Promise<OutingWithMaterials | null>;
  materialsOf(outingId: string): Promise<OutingMaterial[]>;
  /** Totals of the outings held from `from` to `to`, both days included. */
  totals(from: Date, to: Date): Promise<OutreachTotals>;
}

// Materials in the order of the MaterialKind enum (Postgres sorts enums by declaration).
const withMaterials = { materials: { orderBy: { kind: "asc" } } } as const;

/** True if the database refused the write because of the named constraint (whichever driver adapter said it). */
function violates(error: unknown, constraint: string): boolean {
  const seen = new Set<unknown>();
  const visit = (node: unknown, depth: number): boolean => {
    if (typeof node !== "object" || node === null || seen.has(node) || depth > 6) return false;
    seen.add(node);
    const n = node as Record<string, unknown>;
    for (const key of ["message", "originalMessage"]) {
      if (typeof n[key] === "string" && (n[key] as string).includes(`"${constraint}"`)) return true;
    }
    return ["cause", "meta", "driverAdapterError"].some((key) => visit(n[key], depth + 1));
  };
  return visit(error, 0);
}

export function prismaOutreachStore(prisma: PrismaClient): OutreachStore {
  return {
    // One nested create: Prisma writes the outing and its materials in one transaction.
    record: async ({ materials, ...outing }) => {
      try {
        return await prisma.outreachOuting.create({ data: { ...outing, materials: { create: materials } }, include: withMaterials });
      } catch (error) {
        // The rules already refuse these; the database is the last guard, with the same words.
        if (violates(error, "OutreachOuting_counts")) {
          throw illegal("outing-counts", "Counts must be whole numbers of at least 0, with new contacts not exceeding contacts", "input.newContacts");
        }
        if (violates(error, "OutingMaterial_pkey")) throw badInput("input.materials", "lists a material kind more than once");
        throw error;
      }
    },
    list: (filter, page) =>
      prisma.outreachOuting.findMany({
        where: {
          heldOn: { gte: filter.from, lte: filter.to },
          kind: filter.kind,
          area: filter.area === undefined ? undefined : { equals: filter.area, mode: "insensitive" },
        },
        orderBy: [{ heldOn: "desc" }, { id: "asc" }],
        include: withMaterials,
        ...pageQuery(page),
      }),
    find: (id) => prisma.outreachOuting.findUnique({ where: { id }, include: withMaterials }),
    materialsOf: (outingId) => prisma.outingMaterial.findMany({ where: { outingId }, orderBy: { kind: "asc" } }),
    totals: async (from, to) => {
      const heldOn = { gte: from, lte: to };
      const [sums, materials] = await prisma.$transaction(
        [
          prisma.outreachOuting.aggregate({
            where: { heldOn },
            _count: { _all: true },
            _sum: { contacts: true, newContacts: true, accompaniments: true },
          }),
          prisma.outingMaterial.groupBy({
            by: ["kind"],
            where: { outing: { heldOn } },
            _sum: { quantity: true },
            orderBy: { kind: "asc" },
          }),
        ],
        { isolationLevel: "RepeatableRead" },
      );
      return {
        outings: sums._count._all,
        contacts: sums._sum.contacts ?? 0,
        newContacts: sums._sum.newContacts ?? 0,
        accompaniments: sums._sum.accompaniments ?? 0,
        materials: materials
          .map((m) => ({ kind: m.kind, quantity: m._sum?.quantity ?? 0 }))
          .filter((m) => m.quantity > 0),
      };
    },
  };
}
