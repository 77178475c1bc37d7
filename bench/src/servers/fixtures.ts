// Graph scale: N province subgraphs served from one lightweight process, one path per province
// (/<field>), each answering its Region field with the same recorded figures. The federation SDL
// is the production template; only the data is canned, so the gateway's work is what is measured.
import { buildSubgraphSchema, type GraphQLResolverMap } from "@apollo/subgraph";
import { DateScalar, type ProvinceFigures } from "@regional/schema";
import { parse } from "graphql";
import { provinceSdl, type SyntheticProvince } from "../graph/provinces.ts";
import { config, createJsonServer, graphqlHandler, sendJson, serve } from "./http.ts";

const cfg = config<{ port: number; provinces: SyntheticProvince[]; figures: ProvinceFigures }>();
const handlers = new Map<string, ReturnType<typeof graphqlHandler>>(
  cfg.provinces.map((p) => {
    const resolvers = {
      Date: DateScalar,
      Region: { __resolveReference: (ref: { from: string; to: string }) => ({ ...ref, [p.field]: cfg.figures }) },
    };
    const schema = buildSubgraphSchema([{ typeDefs: parse(provinceSdl(p)), resolvers: resolvers as unknown as GraphQLResolverMap<unknown> }]);
    return [`/${p.field}`, graphqlHandler(schema)];
  }),
);
const server = createJsonServer((req, res) => {
  const handler = handlers.get(req.url ?? "");
  if (!handler) return sendJson(res, 404, "{}");
  handler(req, res);
});
await serve(server, cfg.port, "/");
