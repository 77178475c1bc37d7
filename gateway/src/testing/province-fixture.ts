import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { provinceSubgraphSdl, type Province, type ProvinceFigures } from "@regional/schema";
import { graphql, parse } from "graphql";

/**
 * A stand-in for one province's federation endpoint, for the gateway's own tests: the real SDL
 * template, fixed figures, a real HTTP port. The real province service is tested in its package
 * and end to end in tests/integration.
 */
export interface FixtureProvince {
  province: Province;
  url: string;
  /** Headers of every request received, oldest first. */
  requests: IncomingHttpHeaders[];
  stop(): Promise<void>;
}

/**
 * - answer: the figures, every time;
 * - hang: accepts requests and never answers, like a province stuck on its database;
 * - fail-figures: its figures resolver throws (the field comes back null with an error);
 * - fail-entity: its reference resolver throws (the whole entity comes back null).
 */
export type FixtureBehaviour = "answer" | "hang" | "fail-figures" | "fail-entity";

export async function startFixtureProvince(
  province: Province,
  figures: ProvinceFigures,
  behaviour: FixtureBehaviour = "answer",
): Promise<FixtureProvince> {
  const fail = (what: string) => {
    throw new Error(`fixture ${province.code}: ${what} failed`);
  };
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(provinceSubgraphSdl(province)),
      resolvers: {
        Region: {
          __resolveReference: (reference: { from: string; to: string }) =>
            behaviour === "fail-entity" ? fail("reference") : reference,
          [province.field]: () => (behaviour === "fail-figures" ? fail("figures") : figures),
        },
      },
    },
  ]);
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    if (behaviour === "hang") return;
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", async () => {
      const { query, variables, operationName } = JSON.parse(body) as {
        query: string;
        variables?: Record<string, unknown>;
        operationName?: string;
      };
      const result = await graphql({ schema, source: query, variableValues: variables ?? null, operationName: operationName ?? null });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    province,
    url: `http://127.0.0.1:${port}/federation`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // hanging requests too
      }),
  };
}

/** A URL where nothing listens: a port the system gave us and took back. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/federation`;
}
