import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { createFieldCipher, DATA_KEY_BYTES } from "./field-cipher.ts";
import { personIdentifiers, type PersonIdentifiers } from "./person-identifiers.ts";

/**
 * The service's PersonIdentifiers from its data key. run.ts always passes the key (configured,
 * or the development key in the data folder). Without one, outside production only, a key for
 * this process alone is made: what it encrypts cannot be read after a restart, which suits tests
 * on throw-away databases; the start-up check refuses a database such a key wrote.
 */
export function serviceIdentifiers(options: { dataKey: Buffer | undefined; nodeEnv: string; logger: Logger }): PersonIdentifiers {
  if (options.dataKey) return personIdentifiers(createFieldCipher(options.dataKey));
  if (options.nodeEnv === "production") throw new Error("A data encryption key is required in production (DATA_ENCRYPTION_KEY)");
  options.logger.warn("no data encryption key given: people's identifiers are encrypted with a key that lives only as long as this process");
  return personIdentifiers(createFieldCipher(randomBytes(DATA_KEY_BYTES)));
}
