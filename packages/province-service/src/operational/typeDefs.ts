import type { DocumentNode } from "graphql";
import { capacityTypeDefs } from "../capacity/capacity.schema.ts";
import { casesTypeDefs } from "../cases/cases.schema.ts";
import { caseworkTypeDefs } from "../casework/casework.schema.ts";
import { outreachTypeDefs } from "../outreach/outreach.schema.ts";
import { trainingTypeDefs } from "../training/training.schema.ts";
import { staffTypeDefs } from "../auth/staff.schema.ts";
import { auditTypeDefs } from "../audit/audit.schema.ts";
import { transfersTypeDefs } from "../transfers/transfers.schema.ts";
import { baseTypeDefs } from "./base.schema.ts";

/** The operational schema, module by module. Also read by scripts/codegen.ts to type the resolvers. */
export const operationalTypeDefs: DocumentNode[] = [
  baseTypeDefs,
  casesTypeDefs,
  caseworkTypeDefs,
  capacityTypeDefs,
  outreachTypeDefs,
  trainingTypeDefs,
  auditTypeDefs,
  staffTypeDefs,
  transfersTypeDefs,
];
