import type { ProvinceCode } from "@regional/schema";
import type { Logger } from "pino";
import type { PersonIdentifiers } from "../crypto/person-identifiers.ts";
import type { Database } from "../db/database.ts";
import { isDatabaseEmpty, seedDemoData } from "./demo.ts";

/** Seeds synthetic demo data on first start only: a database with any case is left alone. */
export async function prepareDemoData(
  db: Database,
  options: { province: ProvinceCode; today: string; logger: Logger; identifiers: PersonIdentifiers },
): Promise<void> {
  if (!(await isDatabaseEmpty(db.prisma))) return;
  const started = performance.now();
  const report = await seedDemoData(db.prisma, { province: options.province, today: options.today }, options.identifiers);
  options.logger.info({ ...report, ms: Math.round(performance.now() - started) }, "demo data seeded");
}
