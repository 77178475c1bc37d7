import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DATA_KEY_BYTES } from "./field-cipher.ts";

export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataKeyError";
  }
}

/** Where a development service keeps its generated data key: beside its database, never in the repository. */
export const developmentDataKeyPath = (dataDir: string): string => join(dataDir, "keys", "data-encryption.key");

/**
 * The key of the people's identifiers: the configured one (DATA_ENCRYPTION_KEY, required in
 * production by env.ts), or in development one generated on first start into the data folder
 * and read back on every later start. Losing that file makes the encrypted identifiers of that
 * database unreadable; the start-up check (crypto/startup.ts) refuses to serve with a wrong key.
 */
export async function resolveDataKey(options: {
  configured: Buffer | undefined;
  nodeEnv: "development" | "production" | "test";
  dataDir: string;
}): Promise<{ key: Buffer; source: "configured" | "generated" | "development-file" }> {
  if (options.configured) {
    if (options.configured.length !== DATA_KEY_BYTES) throw new DataKeyError(`DATA_ENCRYPTION_KEY must be ${DATA_KEY_BYTES} bytes`);
    return { key: options.configured, source: "configured" };
  }
  if (options.nodeEnv === "production") {
    throw new DataKeyError("DATA_ENCRYPTION_KEY is required when NODE_ENV=production; development keys are never generated there");
  }
  const path = developmentDataKeyPath(options.dataDir);
  const existing = await readKey(path);
  if (existing) return { key: existing, source: "development-file" };

  await mkdir(join(options.dataDir, "keys"), { recursive: true, mode: 0o700 });
  // Published with link(), which fails if another process starting on the same folder got there
  // first; then both use the winner's key.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, `${randomBytes(DATA_KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  let created = false;
  try {
    await link(temp, path);
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(temp);
  }
  const key = await readKey(path);
  if (!key) throw new DataKeyError(`${path} vanished while it was being created`);
  return { key, source: created ? "generated" : "development-file" };
}

async function readKey(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== DATA_KEY_BYTES) throw new DataKeyError(`${path} does not hold the base64 of ${DATA_KEY_BYTES} bytes`);
  return key;
}
