import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { composeServices, type CompositionResult } from "@apollo/composition";
import { DEFAULT_HOST, FEDERATION_PATH, PROVINCES, provinceSubgraphSdl } from "@regional/schema";
import { parse, type GraphQLSchema } from "graphql";
import { regionTypeDefs } from "./region/region.schema.ts";

/** The region subgraph runs inside the gateway; this URL only names it in the supergraph. */
export const REGION_SUBGRAPH_NAME = "region";
export const REGION_SUBGRAPH_URL = "http://region.internal/graphql";

/** The committed supergraph, next to package.json (this module runs from src/ in tests, dist/ in production). */
export const SUPERGRAPH_PATH = fileURLToPath(new URL("../supergraph.graphql", import.meta.url));

/**
 * Composition hints we have read and accept, by code and message. Empty: any hint fails the check
 * until someone decides it is harmless and lists it here with a reason.
 */
export const ACCEPTED_HINTS: readonly { code: string; message: string; why: string }[] = [];

export interface SubgraphDefinition {
  name: string;
  url: string;
  sdl: string;
}

/**
 * The subgraphs of the supergraph: the seven provinces (named by their field, at their default local
 * URL; the gateway routes to the configured URLs at run time) and the in-process region subgraph.
 */
export function subgraphDefinitions(): SubgraphDefinition[] {
  return [
    ...PROVINCES.map((p) => ({
      name: p.field,
      url: `http://${DEFAULT_HOST}:${p.defaultPort}${FEDERATION_PATH}`,
      sdl: provinceSubgraphSdl(p),
    })),
    { name: REGION_SUBGRAPH_NAME, url: REGION_SUBGRAPH_URL, sdl: regionTypeDefs },
  ];
}

export interface Composition {
  /** Present only when composition succeeded. */
  supergraphSdl: string | undefined;
  errors: string[];
  /** Hints not in ACCEPTED_HINTS; each one fails the check. */
  unacceptedHints: string[];
  /** The API schema clients see (province fields and @inaccessible types removed). */
  apiSchema: GraphQLSchema | undefined;
}

function isAccepted(hint: { definition: { code: string }; message: string }): boolean {
  return ACCEPTED_HINTS.some((a) => a.code === hint.definition.code && a.message === hint.message);
}

/** Composes the supergraph from the SDL templates, as CI and the tests do. */
export function composeSupergraph(subgraphs: SubgraphDefinition[] = subgraphDefinitions()): Composition {
  const result: CompositionResult = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
  );
  if (result.errors) {
    return { supergraphSdl: undefined, errors: result.errors.map((e) => e.message), unacceptedHints: [], apiSchema: undefined };
  }
  return {
    supergraphSdl: result.supergraphSdl,
    errors: [],
    unacceptedHints: result.hints.filter((h) => !isAccepted(h)).map((h) => `${h.definition.code}: ${h.message}`),
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
  };
}

/** Reads the committed supergraph (or another file, e.g. SUPERGRAPH_PATH from the environment). */
export function readSupergraph(path: string = SUPERGRAPH_PATH): string {
  return readFileSync(path, "utf8");
}

/**
 * Everything wrong with the committed supergraph: composition errors, unaccepted hints, and
 * staleness (the file differs from what the templates compose to). Empty when all is well.
 */
export function supergraphProblems(committed: string | undefined, composition: Composition = composeSupergraph()): string[] {
  const problems = [
    ...composition.errors.map((e) => `composition error: ${e}`),
    ...composition.unacceptedHints.map((h) => `composition hint not accepted: ${h}`),
  ];
  if (composition.supergraphSdl !== undefined) {
    if (committed === undefined) problems.push(`${SUPERGRAPH_PATH} is missing; run \`pnpm compose\``);
    else if (committed !== composition.supergraphSdl) problems.push(`${SUPERGRAPH_PATH} is stale; run \`pnpm compose\``);
  }
  return problems;
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** `--write` composes and writes the file; `--check` fails on errors, unaccepted hints or a stale file. */
export function composeCli(args: readonly string[], out: (line: string) => void = console.log): number {
  const composition = composeSupergraph();
  if (args.includes("--write")) {
    if (composition.supergraphSdl === undefined) {
      composition.errors.forEach((e) => out(`composition error: ${e}`));
      return 1;
    }
    writeFileSync(SUPERGRAPH_PATH, composition.supergraphSdl);
    out(`wrote ${SUPERGRAPH_PATH}`);
    composition.unacceptedHints.forEach((h) => out(`composition hint not accepted: ${h}`));
    return composition.unacceptedHints.length === 0 ? 0 : 1;
  }
  if (args.includes("--check")) {
    const problems = supergraphProblems(readIfPresent(SUPERGRAPH_PATH), composition);
    problems.forEach((p) => out(p));
    if (problems.length === 0) out(`${SUPERGRAPH_PATH} is up to date`);
    return problems.length === 0 ? 0 : 1;
  }
  out("usage: node dist/compose.js --write | --check");
  return 2;
}

// Run as a script only, not when imported by the tests or index.ts.
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = composeCli(process.argv.slice(2));
