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
import { DatabaseVersionError, openDatabase, type Database } from "./db/database.ts";
import { migrate } from "./db/migrate.ts";
import { prepareDemoData } from "./seed/prepare.ts";
import { transferDepsFromEnv } from "./transfers/configure.ts";

export interface ProvinceDeployment {
  province: ProvinceCode;
  /** The service package's own folder; its data/ subfolder holds PGlite and development keys. */
  serviceDir: string | URL;
}

/** A problem the installer must fix (configuration, keys, an unusable data folder): the message says what. */
export class ProvinceStartError extends Error {
  override readonly name = "ProvinceStartError";
}

export interface RunningProvince {
  province: ProvinceCode;
  url: string;
  /** Stops serving, then closes the database. */
  stop(): Promise<void>;
}

/**
 * Starts one province service from its deployment configuration and the environment:
 * open (and create) the database, apply migrations, seed demo data into an empty database
 * when asked, then serve. Several provinces may run in one process (the local stack does): each
 * has its own configuration, keys, database and ports. Throws ProvinceStartError for what an
 * installer must fix.
 */
export async function startProvince(deployment: ProvinceDeployment, environment?: Environment): Promise<RunningProvince> {
  let env: ProvinceEnv;
  try {
    env = loadProvinceEnv(environment, { PROVINCE: deployment.province });
  } catch (error) {
    if (error instanceof EnvironmentError) throw new ProvinceStartError(error.message);
    throw error;
  }
  const province = provinceByCode(env.province);
  const logger = pino({ level: env.logLevel, base: { province: province.code } });
  const serviceDir = typeof deployment.serviceDir === "string" ? deployment.serviceDir : fileURLToPath(deployment.serviceDir);
  const dataDir = env.dataDir ?? join(serviceDir, "data");
  const clock = systemClock();
  // Keys first: a service that would refuse every caller must not start (and must not touch its database).
  const auth = await operatorFixes("Invalid keys: ", KeyConfigurationError, () =>
    loadProvinceAuth(env.auth, { dataDir, production: env.nodeEnv === "production" }),
  );
  const resolved = await operatorFixes("Invalid data encryption key: ", DataKeyError, () =>
    resolveDataKey({ configured: env.dataEncryptionKey, nodeEnv: env.nodeEnv, dataDir }),
  );
  if (resolved.source === "generated") logger.warn({ dataDir }, "generated a development data encryption key in the data folder");
  const dataKey = resolved.key;
  const identifiers = personIdentifiers(createFieldCipher(dataKey));
  // The transfer signing key and the peers' public keys (development keys are generated).
  const transfers = await operatorFixes("Invalid transfer keys: ", Error, async () =>
    // The province's own key, in its own data folder (KEYS_DIR may be a folder of issuers' keys shared by a local stack).
    transferDepsFromEnv(province.code, env.transfers, { keysDir: join(dataDir, "keys"), serviceDir, production: env.nodeEnv === "production", logger }),
  );

  const db: Database = await operatorFixes("", DatabaseVersionError, () =>
    env.databaseUrl
      ? openDatabase({ kind: "postgres", url: env.databaseUrl })
      : openDatabase({ kind: "pglite", dir: join(dataDir, "pglite"), sharedBuffers: env.pgliteSharedBuffers }),
  );
  try {
    const migrations = await migrate(db.sql);
    logger.info({ database: db.kind, ...migrations }, "database ready");
    // The key must open what is stored; rows still in clear (an older database) are encrypted now.
    await operatorFixes("", DataKeyError, () => prepareEncryptedIdentifiers(db.sql, identifiers, logger));
    if (env.demoData) await prepareDemoData(db, { province: province.code, today: clock.today(), logger, identifiers });
    const service = await startProvinceService(
      { config: { province, nodeEnv: env.nodeEnv }, db, clock, logger, auth, dataKey, transfers },
      { host: env.host, port: env.port },
    );
    return {
      province: province.code,
      url: service.url,
      stop: async () => {
        logger.info("stopping");
        await service.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Runs `step`; an error of the given kind becomes a ProvinceStartError with its message. */
async function operatorFixes<T>(prefix: string, kind: abstract new (...args: never[]) => Error, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof kind) throw new ProvinceStartError(prefix + error.message, { cause: error });
    throw error;
  }
}

/** The entry point of a province's own process: start, and stop cleanly on SIGINT/SIGTERM. */
export async function runProvince(deployment: ProvinceDeployment, environment?: Environment): Promise<void> {
  let running: RunningProvince;
  try {
    running = await startProvince(deployment, environment);
  } catch (error) {
    if (error instanceof ProvinceStartError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
}
