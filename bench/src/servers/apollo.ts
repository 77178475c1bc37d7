// (a) The project's gateway exactly as deployed: startGateway from @regional/gateway, the committed
// supergraph, the region subgraph in process, production mode.
import { readSupergraph, startGateway } from "@regional/gateway";
import { loadGatewayEnv } from "@regional/schema";
import { pino } from "pino";
import { config } from "./http.ts";

const cfg = config<{ port: number; subgraphUrls: Record<string, string>; supergraphPath?: string }>();
const env = loadGatewayEnv({
  GATEWAY_PORT: String(cfg.port),
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  ...Object.fromEntries(Object.entries(cfg.subgraphUrls).map(([code, url]) => [`SUBGRAPH_URL_${code}`, url])),
});
const gateway = await startGateway({ env, supergraphSdl: readSupergraph(cfg.supergraphPath), logger: pino({ level: "warn" }) });
console.log(`READY ${gateway.url}`);
process.once("SIGTERM", () => void gateway.stop().finally(() => process.exit(0)));
