import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";

/** The one JSON argument every bench server takes. */
export function config<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error("usage: node <server>.js '<json config>'");
  return JSON.parse(raw) as T;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Listens on 127.0.0.1:port, prints "READY <url>" for the harness, stops on SIGTERM. */
export async function serve(server: Server, port: number, path: string, onStop?: () => Promise<void>): Promise<void> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  console.log(`READY http://127.0.0.1:${actual}${path}`);
  process.once("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    void (onStop?.() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}

/**
 * A minimal GraphQL-over-HTTP handler (POST JSON) over graphql-js: parse and validate once per
 * distinct query text, then execute. What a lean subgraph server does; no framework around it.
 */
export function graphqlHandler(schema: GraphQLSchema): (req: IncomingMessage, res: ServerResponse) => void {
  const documents = new Map<string, DocumentNode>();
  return (req, res) => {
    void (async () => {
      try {
        const { query, variables, operationName } = JSON.parse(await readBody(req)) as {
          query: string;
          variables?: Record<string, unknown>;
          operationName?: string;
        };
        let document = documents.get(query);
        if (!document) {
          document = parse(query);
          const errors = validate(schema, document);
          if (errors.length > 0) return sendJson(res, 400, JSON.stringify({ errors }));
          documents.set(query, document);
        }
        const result = await execute({ schema, document, variableValues: variables ?? null, operationName: operationName ?? null });
        sendJson(res, 200, JSON.stringify(result));
      } catch (error) {
        sendJson(res, 500, JSON.stringify({ errors: [{ message: String(error) }] }));
      }
    })();
  };
}

export function createJsonServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  return createServer(handler);
}
