// (b) Hive Gateway on the same supergraph (composed with the bench's URLs, region over HTTP).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { config, serve } from "./http.ts";

const cfg = config<{ port: number; supergraphPath: string }>();
const gateway = createGatewayRuntime({
  supergraph: readFileSync(cfg.supergraphPath, "utf8"),
  logging: "warn",
  landingPage: false,
  graphiql: false,
  // Errors are compared between variants; masking would hide what went wrong.
  maskedErrors: false,
});
await serve(createServer(gateway), cfg.port, "/graphql", () => gateway.dispose() as Promise<void>);
