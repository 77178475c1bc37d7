// (b) Hive Gateway on the same supergraph (composed with the bench's URLs, region over HTTP).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { config, serve } from "./http.ts";

const cfg = config<{ port: number; supergraphPath: string; subgraphHeaders?: Record<string, Record<string, string>> }>();
const gateway = createGatewayRuntime({
  supergraph: readFileSync(cfg.supergraphPath, "utf8"),
  logging: "warn",
  landingPage: false,
  graphiql: false,
  // Errors are compared between variants; masking would hide what went wrong.
  maskedErrors: false,
  // Each province's federation API wants the gateway's service token: a static one per subgraph
  // here (minted by the harness with \`pnpm token\`), where our gateway signs one per request.
  transportEntries: Object.fromEntries(
    Object.entries(cfg.subgraphHeaders ?? {}).map(([name, headers]) => [name, { headers: Object.entries(headers) }]),
  ),
});
await serve(createServer(gateway), cfg.port, "/graphql", () => gateway.dispose() as Promise<void>);
