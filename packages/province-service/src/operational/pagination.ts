import { z } from "zod";
import { badInput } from "../errors.ts";

/** Page size bounds: large enough for a caseworker's list, small enough to keep a request cheap. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

const cursorId = z.uuid();

/** Opaque cursors: the id of the last row seen; rows are ordered by a stable key ending in id. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!cursorId.safeParse(id).success) throw badInput("after", "is not a cursor returned by this API");
  return id;
}

/** Prisma findMany arguments for one page: fetch one row more than asked to know if there is a next page. */
export function pageQuery(args: PageArgs): { take: number; skip?: number; cursor?: { id: string } } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput("first", `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (!args.after) return { take: first + 1 };
  return { take: first + 1, skip: 1, cursor: { id: decodeCursor(args.after) } };
}

export function toPage<T extends { id: string }>(rows: T[], args: PageArgs): Page<T> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { endCursor: last ? encodeCursor(last.id) : null, hasNextPage: rows.length > first } };
}
