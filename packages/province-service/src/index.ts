export { createProvinceApp, startProvinceService, type ProvinceServiceDeps, type RunningProvinceService } from "./app.ts";
export { fixedClock, systemClock, type Clock } from "./clock.ts";
export { openDatabase, type Database, type DatabaseOptions } from "./db/database.ts";
export { migrate, readMigrations } from "./db/migrate.ts";
export { runProvince, type ProvinceDeployment } from "./run.ts";
export { seedDemoData } from "./seed/demo.ts";
export { createFieldCipher } from "./crypto/field-cipher.ts";
export { personIdentifiers, type PersonIdentifiers } from "./crypto/person-identifiers.ts";
export { prismaFiguresStore, sqlFiguresStore, type FiguresStore } from "./figures/figures.store.ts";
