import type { PrismaClient, TrainingEvent } from "../db/database.ts";
import type { TrainingAudience, TrainingKind } from "@regional/schema";
import { pageQuery, type PageArgs } from "../operational/pagination.ts";

export interface TrainingFilter {
  from?: Date;
  to?: Date;
  kind?: TrainingKind;
  audience?: TrainingAudience;
}

export interface NewTrainingEvent {
  kind: TrainingKind;
  audience: TrainingAudience;
  heldOn: Date;
  title: string;
  participants: number;
}

export interface TrainingStore {
  list(filter: TrainingFilter, page: PageArgs): Promise<TrainingEvent[]>;
  create(event: NewTrainingEvent): Promise<TrainingEvent>;
}

export function prismaTrainingStore(prisma: PrismaClient): TrainingStore {
  return {
    list: (filter, page) =>
      prisma.trainingEvent.findMany({
        where: {
          heldOn: { gte: filter.from, lte: filter.to },
          kind: filter.kind,
          audience: filter.audience,
        },
        orderBy: [{ heldOn: "desc" }, { id: "asc" }],
        ...pageQuery(page),
      }),
    create: (event) => prisma.trainingEvent.create({ data: event }),
  };
}
