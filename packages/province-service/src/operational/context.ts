import type { Province } from "@regional/schema";
import type { Logger } from "pino";
import type { Caller } from "../auth/guard.ts";
import type { Clock } from "../clock.ts";
import type { Stores } from "../stores.ts";

/** What every operational resolver receives. Built per request by the composition root. */
export interface OperationalContext {
  province: Province;
  clock: Clock;
  logger: Logger;
  stores: Stores;
  /** Who is asking: authenticated by the composition root, checked by the access guard before any resolver runs. */
  caller: Caller;
}
