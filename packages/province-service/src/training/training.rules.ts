import { isoDate, toDbDate, zEnum } from "@regional/schema";
import { z } from "zod";

/** A training event is recorded after it took place: a date in the future is a typing mistake. */
export function recordTrainingEventInput(today: string) {
  return z.object({
    kind: zEnum("TrainingKind"),
    audience: zEnum("TrainingAudience"),
    heldOn: isoDate.refine((d) => d <= today, "cannot be in the future").transform(toDbDate),
    title: z.string().trim().min(3, "must have at least 3 characters").max(200, "must have at most 200 characters"),
    participants: z.number().int("must be a whole number").min(0, "cannot be negative").max(10_000, "is implausibly large"),
  });
}

export const trainingEventFilter = z
  .object({
    from: isoDate.transform(toDbDate).nullish(),
    to: isoDate.transform(toDbDate).nullish(),
    kind: zEnum("TrainingKind").nullish(),
    audience: zEnum("TrainingAudience").nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be before from", path: ["to"] })
  .transform((f) => ({
    from: f.from ?? undefined,
    to: f.to ?? undefined,
    kind: f.kind ?? undefined,
    audience: f.audience ?? undefined,
  }));
