/**
 * Recognises a database constraint violation in what Prisma throws. The two drivers report it
 * differently: through the PGlite adapter a DriverAdapterError whose cause carries the
 * PostgreSQL code and message (with the constraint name); through @prisma/adapter-pg a
 * PrismaClientKnownRequestError (P2002) whose meta.driverAdapterError carries the constraint's
 * columns and the original message. Both are searched, so the domain error is the same on both.
 */
export interface ConstraintViolation {
  kind: "unique" | "check" | "foreign-key";
  /** Constraint or index name, when the driver told it. */
  name?: string;
  /** Columns, when the driver told them. */
  fields: string[];
}

const CODES: Record<string, ConstraintViolation["kind"]> = {
  "23505": "unique",
  P2002: "unique",
  UniqueConstraintViolation: "unique",
  "23514": "check",
  P2004: "check",
  "23503": "foreign-key",
  P2003: "foreign-key",
  ForeignKeyConstraintViolation: "foreign-key",
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function constraintViolation(error: unknown): ConstraintViolation | undefined {
  let kind: ConstraintViolation["kind"] | undefined;
  let name: string | undefined;
  const fields = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown, depth: number): void => {
    if (!isObject(node) || seen.has(node) || depth > 6) return;
    seen.add(node);
    for (const key of ["code", "originalCode", "kind"]) {
      const value = node[key];
      if (typeof value === "string" && CODES[value]) kind ??= CODES[value];
    }
    for (const key of ["message", "originalMessage"]) {
      const value = node[key];
      const match = typeof value === "string" ? /constraint "([^"]+)"/.exec(value) : null;
      if (match) name ??= match[1];
    }
    const constraint = node["constraint"];
    if (isObject(constraint)) {
      if (typeof constraint["index"] === "string") name ??= constraint["index"];
      if (Array.isArray(constraint["fields"])) for (const f of constraint["fields"]) fields.add(String(f).replace(/"/g, ""));
    }
    const target = node["target"];
    if (typeof target === "string") name ??= target;
    if (Array.isArray(target)) for (const f of target) fields.add(String(f));
    for (const key of ["cause", "meta", "driverAdapterError"]) visit(node[key], depth + 1);
  };
  visit(error, 0);
  return kind ? { kind, ...(name ? { name } : {}), fields: [...fields] } : undefined;
}

/** True if the error is a violation of the named unique constraint (or of one on exactly these columns). */
export function violatesUnique(error: unknown, name: string, columns: string[]): boolean {
  const v = constraintViolation(error);
  if (!v || v.kind !== "unique") return false;
  if (v.name) return v.name === name;
  return v.fields.length === columns.length && columns.every((c) => v.fields.includes(c));
}
