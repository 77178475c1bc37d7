import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EnvironmentError, loadProvinceEnv, provinceByCode, type Environment, type ProvinceCode, type ProvinceEnv } from "@regional/schema";
import { KeyConfigurationError } from "@regional/auth";
import { pino } from "pino";
import { startProvinceService } from "./app.ts";
import { loadProvinceAuth } from "./auth/keys.ts";
import { systemClock } from "./clock.ts";
import { DataKeyError, resolveDataKey } from "./crypto/data-key.ts";
import { createFieldCipher } from "./crypto/field-cipher.ts";
import { personIdentifiers } from "./crypto/person-identifiers.ts";
import { prepareEncryptedIdentifiers } from "./crypto/startup.ts";
import { openDatabase, type Database } from "./db/database.ts";
import { migrate } from "./db/migrate.ts";
import { prepareDemoData } from "./seed/prepare.ts";
import { transferDepsFromEnv } from "./transfers/configure.ts";

export interface ProvinceDeployment {
  province: ProvinceCode;
  /** The service package's own folder; its data/ subfolder holds PGlite and development keys. */
  serviceDir: string | URL;
}

/**
 * Starts one province service from its deployment configuration and the environment:
 * open (and create) the database, apply migrations, seed demo data into an empty database
 * when asked, then serve. Stops cleanly on SIGINT/SIGTERM.
 */
export async function runProvince(deployment: ProvinceDeployment, environment: Environment = process.env): Promise<void> {
  let env: ProvinceEnv;
  try {
    env = loadProvinceEnv(environment, { PROVINCE: deployment.province });
  } catch (error) {
    if (error instanceof EnvironmentError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const province = provinceByCode(env.province);
  const logger = pino({ level: env.logLevel, base: { province: province.code } });
  const serviceDir = typeof deployment.serviceDir === "string" ? deployment.serviceDir : fileURLToPath(deployment.serviceDir);
  const dataDir = env.dataDir ?? join(serviceDir, "data");
  const clock = systemClock();
  // Keys first: a service that would refuse every caller must not start (and must not touch its database).
  let auth: Awaited<ReturnType<typeof loadProvinceAuth>>;
  try {
    auth = await loadProvinceAuth(env.auth, { dataDir, production: env.nodeEnv === "production" });
  } catch (error) {
    if (error instanceof KeyConfigurationError) {
      console.error(`Invalid keys: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  let dataKey: Buffer;
  try {
    const resolved = await resolveDataKey({ configured: env.dataEncryptionKey, nodeEnv: env.nodeEnv, dataDir });
    dataKey = resolved.key;
    if (resolved.source === "generated") logger.warn({ dataDir }, "generated a development data encryption key in the data folder");
  } catch (error) {
    if (error instanceof DataKeyError) {
      console.error(`Invalid data encryption key: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const identifiers = personIdentifiers(createFieldCipher(dataKey));
  // The transfer signing key and the peers' public keys (development keys are generated).
  let transfers: ReturnType<typeof transferDepsFromEnv>;
  try {
    // The province's own key, in its own data folder (KEYS_DIR may be a folder of issuers' keys shared by a local stack).
    const keysDir = join(dataDir, "keys");
    transfers = transferDepsFromEnv(province.code, env.transfers, { keysDir, serviceDir, production: env.nodeEnv === "production", logger });
  } catch (error) {
    console.error(`Invalid transfer keys: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }

  const db: Database = env.databaseUrl
    ? await openDatabase({ kind: "postgres", url: env.databaseUrl })
    : await openDatabase({ kind: "pglite", dir: join(dataDir, "pglite") });
  const migrations = await migrate(db.sql);
  logger.info({ database: db.kind, ...migrations }, "database ready");
  // The key must open what is stored; rows still in clear (an older database) are encrypted now.
  try {
    await prepareEncryptedIdentifiers(db.sql, identifiers, logger);
  } catch (error) {
    if (error instanceof DataKeyError) {
      console.error(error.message);
      await db.close();
      process.exit(2);
    }
    throw error;
  }
  if (env.demoData) await prepareDemoData(db, { province: province.code, today: clock.today(), logger, identifiers });

  const service = await startProvinceService(
    { config: { province, nodeEnv: env.nodeEnv }, db, clock, logger, auth, dataKey, transfers },
    { host: env.host, port: env.port },
  );

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await service.stop();
    await db.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}
