/**
 * Recognises a database constraint violation in what Prisma throws, whichever driver adapter
 * raised it, so a store can turn the database's last line of defence into the domain's refusal:
 * - @prisma/adapter-pg (PostgreSQL): a PrismaClientKnownRequestError (P2002, P2003, P2004) whose
 *   meta.driverAdapterError carries the columns and PostgreSQL's own message;
 * - pglite-prisma-adapter: a DriverAdapterError whose cause is { code: SQLSTATE, message }.
 * PostgreSQL names the constraint in its message ('... violates unique constraint "X"').
 */
export interface ConstraintViolation {
  /** SQLSTATE: 23505 unique, 23514 check, 23503 foreign key. */
  code: string;
  /** Constraint or index name, when the driver told it. */
  constraint: string | null;
  /** Columns, when the driver told them. */
  columns: string[];
}

/** Prisma's and the adapters' own names for the SQLSTATEs we act on. */
const SQLSTATE: Record<string, string> = {
  P2002: "23505",
  UniqueConstraintViolation: "23505",
  P2004: "23514",
  P2003: "23503",
  ForeignKeyConstraintViolation: "23503",
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function sqlState(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return /^23[0-9A-Z]{3}$/.test(value) ? value : SQLSTATE[value];
}

export function constraintViolation(error: unknown): ConstraintViolation | null {
  let code: string | undefined;
  let constraint: string | undefined;
  const columns = new Set<string>();
  const seen = new Set<unknown>();
  // The facts sit at different depths per adapter (error, meta, driverAdapterError, cause).
  const visit = (node: unknown, depth: number): void => {
    if (!isObject(node) || seen.has(node) || depth > 6) return;
    seen.add(node);
    // The most specific first: PostgreSQL's SQLSTATE before Prisma's code for it.
    for (const key of ["originalCode", "code", "kind"]) code ??= sqlState(node[key]);
    for (const key of ["originalMessage", "message"]) {
      const value = node[key];
      const named = typeof value === "string" ? /constraint "([^"]+)"/.exec(value)?.[1] : undefined;
      constraint ??= named;
    }
    const described = node["constraint"];
    if (isObject(described)) {
      if (typeof described["index"] === "string") constraint ??= described["index"];
      if (Array.isArray(described["fields"])) for (const f of described["fields"]) columns.add(String(f).replace(/"/g, ""));
    }
    const target = node["target"];
    if (typeof target === "string") constraint ??= target;
    if (Array.isArray(target)) for (const f of target) columns.add(String(f));
    for (const key of ["cause", "meta", "driverAdapterError"]) visit(node[key], depth + 1);
  };
  visit(error, 0);
  return code ? { code, constraint: constraint ?? null, columns: [...columns] } : null;
}

/**
 * Whether the error violates the named constraint. A driver that did not name it may still have
 * named the columns of a unique one: then exactly these columns count as the same constraint.
 */
export function violates(error: unknown, constraint: string, uniqueColumns?: string[]): boolean {
  const v = constraintViolation(error);
  if (!v) return false;
  if (v.constraint) return v.constraint === constraint;
  return (
    v.code === "23505" &&
    uniqueColumns !== undefined &&
    v.columns.length === uniqueColumns.length &&
    uniqueColumns.every((c) => v.columns.includes(c))
  );
}
