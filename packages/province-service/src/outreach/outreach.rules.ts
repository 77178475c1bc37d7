import { isoDate, toDbDate, zEnum, type MaterialKind, type OutingKind } from "@regional/schema";
import { z } from "zod";

/** Plausibility bounds: above them the number is a typing mistake, not an outing. */
export const OUTING_LIMITS = { operators: 50, count: 10_000, quantity: 100_000, area: 120, notes: 2_000 } as const;

export interface OutingCounts {
  kind: OutingKind;
  operators: number;
  contacts: number;
  newContacts: number;
}

export interface RuleProblem {
  /** Path of the offending field inside the input, e.g. ["materials", 1, "kind"]. */
  path: (string | number)[];
  reason: string;
}

/**
 * Rules across the counts of one outing: new contacts are a part of the contacts, and the street
 * unit never goes out alone (an outing with no operator is a typing mistake).
 */
export function outingCountProblems(o: OutingCounts): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (o.newContacts > o.contacts) problems.push({ path: ["newContacts"], reason: "cannot exceed contacts" });
  if (o.kind === "STREET_UNIT" && o.operators < 1) {
    problems.push({ path: ["operators"], reason: "a street unit outing needs at least 1 operator" });
  }
  return problems;
}

/** Each material kind is listed once (its quantity is the total handed out); later repeats are the problem. */
export function duplicateMaterialProblems(materials: readonly { kind: MaterialKind }[]): RuleProblem[] {
  const seen = new Set<MaterialKind>();
  const problems: RuleProblem[] = [];
  materials.forEach((m, i) => {
    if (seen.has(m.kind)) problems.push({ path: ["materials", i, "kind"], reason: `${m.kind} is listed more than once` });
    seen.add(m.kind);
  });
  return problems;
}

const count = (max: number) =>
  z.number().int("must be a whole number").min(0, "cannot be negative").max(max, "is implausibly large");

const area = z
  .string()
  .trim()
  .min(2, "must have at least 2 characters")
  .max(OUTING_LIMITS.area, `must have at most ${OUTING_LIMITS.area} characters`);

/** An outing is recorded after it took place: a date in the future is a typing mistake. */
export function recordOutingInput(today: string) {
  return z
    .object({
      kind: zEnum("OutingKind"),
      heldOn: isoDate.refine((d) => d <= today, "cannot be in the future").transform(toDbDate),
      area,
      operators: count(OUTING_LIMITS.operators),
      contacts: count(OUTING_LIMITS.count),
      newContacts: count(OUTING_LIMITS.count),
      accompaniments: count(OUTING_LIMITS.count),
      materials: z.array(
        z.object({
          kind: zEnum("MaterialKind"),
          quantity: z
            .number()
            .int("must be a whole number")
            .min(1, "must be at least 1 (leave out a material not handed out)")
            .max(OUTING_LIMITS.quantity, "is implausibly large"),
        }),
      ),
      // Empty notes are no notes; they stay in the province (operational API only).
      notes: z
        .string()
        .trim()
        .max(OUTING_LIMITS.notes, `must have at most ${OUTING_LIMITS.notes} characters`)
        .nullish()
        .transform((n) => (n ? n : null)),
    })
    .superRefine((o, ctx) => {
      for (const p of [...outingCountProblems(o), ...duplicateMaterialProblems(o.materials)]) {
        ctx.addIssue({ code: "custom", path: p.path, message: p.reason });
      }
    });
}

export type NewOutingInput = z.output<ReturnType<typeof recordOutingInput>>;

export const outingFilter = z
  .object({
    from: isoDate.transform(toDbDate).nullish(),
    to: isoDate.transform(toDbDate).nullish(),
    kind: zEnum("OutingKind").nullish(),
    area: area.nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be before from", path: ["to"] })
  .transform((f) => ({
    from: f.from ?? undefined,
    to: f.to ?? undefined,
    kind: f.kind ?? undefined,
    area: f.area ?? undefined,
  }));

export const outingId = z.uuid("is not an outing id");

/** A summary period: both days included; `to` before `from` is a mistake, not an empty period. */
export function summaryPeriodProblem(from: string, to: string): RuleProblem | null {
  return from > to ? { path: ["to"], reason: "must not be before from" } : null;
}
