#!/usr/bin/env node
import { GatewayStartError, bootGateway } from "./boot.ts";

/** Entry point of the gateway's own process: start, and stop cleanly on a signal. */
try {
  const gateway = await bootGateway();
  const shutdown = () => {
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("failed to stop cleanly", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  // A configuration problem is the installer's to fix: say what, without a stack trace.
  if (error instanceof GatewayStartError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
