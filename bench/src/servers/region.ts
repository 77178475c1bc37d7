// The region subgraph over HTTP (buildRegionSchema from @regional/gateway, or its N-province
// version), for gateways that cannot run it in process.
import { buildRegionSchema } from "@regional/gateway";
import { buildRegionSchemaFor, type SyntheticProvince } from "../graph/provinces.ts";
import { config, createJsonServer, graphqlHandler, serve } from "./http.ts";

const cfg = config<{ port: number; provinces?: SyntheticProvince[] }>();
const schema = cfg.provinces ? buildRegionSchemaFor(cfg.provinces) : buildRegionSchema();
await serve(createJsonServer(graphqlHandler(schema)), cfg.port, "/graphql");
