import type { ExactCount } from "@regional/schema";

/**
 * Disclosure control for the breakdowns that leave the gateway: small cell suppression with
 * secondary suppression, over the whole province × key table of one breakdown at once.
 *
 * What a client sees of one breakdown (say byGender over the answering provinces):
 * - every province's row of cells, and the province's counter that the row sums to (activeCases);
 * - the regional row (each key summed over the provinces), and the regional counter (exact);
 * - which cells are suppressed, and that every cell not listed is zero.
 * So the published figures form a two-dimensional table with its margins, and a hidden cell can
 * be attacked along its row (province counter − the other published cells), along its column
 * (regional cell − the other provinces' published cells) and through any chain of those.
 *
 * Rules:
 * 1. Primary: a cell (province or regional) whose count is between 1 and k − 1 is suppressed.
 * 2. Protection level: in a line (a row, or a column whose regional cell is published) the hidden
 *    cells' sum is derivable (line total − published cells); while it is below k and a published
 *    non-zero cell is left in the line, the smallest one is suppressed too, so a reader never
 *    learns "these hidden cells hold 1–4 people between them" when the line could hide more.
 * 3. Secondary: no suppressed cell may be derivable. The reader's knowledge is a system of linear
 *    equations (the margins) plus bounds (cells are ≥ 0; see OVERLAPPING for the rest). A hidden
 *    cell can take another value consistent with everything published exactly when it lies on a
 *    cycle of hidden cells along which one can add 1 to some and take 1 from others without
 *    leaving the bounds (the table is a network: any other solution decomposes into such cycles,
 *    so the check below is exact, not a heuristic). For every hidden cell without such a cycle,
 *    the cheapest path of published cells that closes one is suppressed (cost: the count, so small
 *    cells go first; a zero cell only when nothing else can close the cycle).
 * Rules 2 and 3 repeat until nothing changes: suppression only grows, so this ends, at worst with
 * every cell of a row or column hidden.
 *
 * Zero cells. A province with one active case has one non-zero cell in every breakdown, equal to
 * its published counter: hiding that cell alone hides nothing ("one Nigerian girl of 16 in Lodi").
 * Rule 3 then suppresses a zero cell as a decoy (e.g. MAN, shown as suppressed), so a suppressed
 * cell means "between 0 and something", never "at least 1". The reader's bounds are therefore
 * ≥ 0 for every hidden cell, and that is the model the check uses. For enum-keyed breakdowns the
 * decoys come from the enum; for citizenship from the keys seen in the table (plus XXX,
 * "unspecified", when fewer than two are seen).
 *
 * Not covered (decisions to review): differencing across queries (two periods, or the same
 * period while a province is down) can expose a cell that each answer hides; a reader who knows
 * this algorithm may guess which hidden cells are decoys. Both are outside cell suppression as
 * commonly practised (e.g. τ-ARGUS) and would need period rounding or noise.
 */

/**
 * A breakdown where one case may count in several cells (exploitation types): a row's sum is not
 * a published figure. What a reader does know: every cell is at most the row's number of cases
 * (activeCases), and, since every case has at least one type, the row's sum is at least that.
 */
export interface Overlapping {
  /** The number of cases behind each row (same order as the rows). */
  cases: readonly number[];
}

export interface BreakdownTable {
  /** One row per province that answered: exact counts by key (a missing key is zero). */
  rows: readonly (readonly ExactCount[])[];
  /** Keys a hidden cell may have, in a fixed order; keys seen in rows are added after them. */
  domain: readonly string[];
  /** Present when the rows' sums are not published (see Overlapping). */
  overlapping?: Overlapping | undefined;
}

export interface PublishedCell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

export interface SuppressedTable {
  /** Each province's published row, same order as the input rows. */
  rows: PublishedCell[][];
  /** The regional row: keys summed over the provinces, then suppressed. */
  totals: PublishedCell[];
}

/**
 * The matrix a suppression pattern is computed on: rows 0..P-1 are the provinces, row P the
 * region; columns 0..C-1 the keys, column C the rows' sums. Signs follow the usual trick that
 * makes every row and column of the extended table sum to zero: interior cells +x, regional
 * cells and row sums −x, the grand total +x. Then "change some hidden cells without changing
 * anything published" is a circulation on the bipartite graph rows × columns.
 */
export interface Grid {
  provinces: number;
  keys: string[];
  /** values[r][c], r ≤ P, c ≤ C (exact, not signed). */
  values: number[][];
  /** Which cells are hidden from the reader: suppressed cells, and the row sums when not published. */
  hidden: boolean[][];
  /** Bounds the reader knows for each cell's value. */
  lower: number[][];
  upper: number[][];
}

/** A zero cell costs more than any real cell, so decoys are used only when nothing else closes a cycle. */
const ZERO_CELL_COST = 1_000_000;
/** Citizenship codes used as decoys when the table shows fewer than two citizenships (ICAO: unspecified, stateless). */
export const FALLBACK_DECOY_KEYS = ["XXX", "XXA"] as const;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The keys of the table: the domain's order first, then any other key seen, sorted. */
export function tableKeys(table: BreakdownTable): string[] {
  const keys = [...new Set(table.domain)];
  const known = new Set(keys);
  const seen = [...new Set(table.rows.flatMap((row) => row.filter((c) => c.count > 0).map((c) => c.key)))]
    .filter((k) => !known.has(k))
    .sort(byKey);
  keys.push(...seen);
  for (const decoy of FALLBACK_DECOY_KEYS) if (keys.length < 2 && !keys.includes(decoy)) keys.push(decoy);
  return keys;
}

/** Builds the extended matrix with bounds; nothing suppressed yet. */
export function buildGrid(table: BreakdownTable): Grid {
  const keys = tableKeys(table);
  const P = table.rows.length;
  const C = keys.length;
  const column = new Map(keys.map((k, i) => [k, i]));
  const values = Array.from({ length: P + 1 }, () => new Array<number>(C + 1).fill(0));
  table.rows.forEach((row, r) => {
    for (const { key, count } of row) values[r]![column.get(key)!]! += Math.max(0, count);
  });
  for (let r = 0; r < P; r++) for (let c = 0; c < C; c++) values[r]![C]! += values[r]![c]!;
  for (let c = 0; c <= C; c++) for (let r = 0; r < P; r++) values[P]![c]! += values[r]![c]!;

  const overlapping = table.overlapping;
  const hidden = Array.from({ length: P + 1 }, () => new Array<boolean>(C + 1).fill(false));
  const lower = Array.from({ length: P + 1 }, () => new Array<number>(C + 1).fill(0));
  const upper = Array.from({ length: P + 1 }, () => new Array<number>(C + 1).fill(Number.POSITIVE_INFINITY));
  if (overlapping) {
    for (let r = 0; r <= P; r++) hidden[r]![C] = true;
    for (let r = 0; r < P; r++) {
      const cases = Math.max(0, overlapping.cases[r] ?? 0);
      for (let c = 0; c < C; c++) upper[r]![c] = cases;
      lower[r]![C] = cases;
    }
  }
  return { provinces: P, keys, values, hidden, lower, upper };
}

const sign = (g: Grid, r: number, c: number) => ((r === g.provinces) !== (c === g.keys.length) ? -1 : 1);

/**
 * Whether cell (r, c) can move by one step of the circulation: dz = +1 is the edge row → column,
 * −1 column → row; the cell's value moves by sign × dz and must stay within the reader's bounds.
 */
function canStep(g: Grid, r: number, c: number, dz: 1 | -1): boolean {
  const next = g.values[r]![c]! + sign(g, r, c) * dz;
  return next >= g.lower[r]![c]! && next <= g.upper[r]![c]!;
}

/** The cells that may ever be suppressed: provinces' and regional cells, never the row sums. */
const suppressible = (g: Grid, c: number) => c < g.keys.length;

/**
 * Cheapest path between two nodes of the residual graph (row nodes 0..P, column nodes P+1..).
 * Hidden cells cost nothing; published ones cost what suppressing them would (or are not usable
 * at all when `allowPublished` is false). The cell `skip` is left out (the cell being protected).
 * Returns the published cells on the path, or null when there is none.
 */
function cheapestPath(
  g: Grid,
  from: number,
  to: number,
  skip: readonly [number, number],
  allowPublished: boolean,
): { cells: [number, number][]; cost: number } | null {
  const P = g.provinces;
  const rowsN = P + 1;
  const n = rowsN + g.keys.length + 1;
  const dist = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const via = new Array<[number, number, number] | null>(n).fill(null); // [previous node, r, c]
  const done = new Array<boolean>(n).fill(false);
  dist[from] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && dist[i]! < Number.POSITIVE_INFINITY && (u === -1 || dist[i]! < dist[u]!)) u = i;
    if (u === -1 || u === to) break;
    done[u] = true;
    const edges: [number, number, number][] = []; // [next node, r, c]
    if (u < rowsN) {
      for (let c = 0; c <= g.keys.length; c++) if (canStep(g, u, c, 1)) edges.push([rowsN + c, u, c]);
    } else {
      const c = u - rowsN;
      for (let r = 0; r <= P; r++) if (canStep(g, r, c, -1)) edges.push([r, r, c]);
    }
    for (const [v, r, c] of edges) {
      if (r === skip[0] && c === skip[1]) continue;
      let cost: number;
      if (g.hidden[r]![c]) cost = 0;
      else if (!allowPublished || !suppressible(g, c)) continue;
      else cost = g.values[r]![c]! > 0 ? g.values[r]![c]! + 1 : ZERO_CELL_COST;
      if (dist[u]! + cost < dist[v]!) {
        dist[v] = dist[u]! + cost;
        via[v] = [u, r, c];
      }
    }
  }
  if (dist[to] === Number.POSITIVE_INFINITY) return null;
  const cells: [number, number][] = [];
  for (let v = to; v !== from; ) {
    const [u, r, c] = via[v]!;
    if (!g.hidden[r]![c]) cells.push([r, c]);
    v = u;
  }
  return { cells, cost: dist[to]! };
}

/** The two directions in which hidden cell (r, c) could move, as (path start, path end) in the residual graph. */
function cycleEnds(g: Grid, r: number, c: number): [number, number][] {
  const rowNode = r;
  const colNode = g.provinces + 1 + c;
  const ends: [number, number][] = [];
  // Edge r → c (dz = +1) closes with a path column → row; edge c → r with a path row → column.
  if (canStep(g, r, c, 1)) ends.push([colNode, rowNode]);
  if (canStep(g, r, c, -1)) ends.push([rowNode, colNode]);
  return ends;
}

/** True when the reader cannot pin hidden cell (r, c) to one value from what is published (exact, see above). */
export function isProtected(g: Grid, r: number, c: number): boolean {
  return cycleEnds(g, r, c).some(([from, to]) => cheapestPath(g, from, to, [r, c], false) !== null);
}

/** Lines whose sum is known to the reader, each as the list of its suppressible cells. */
function linesWithKnownTotal(g: Grid): [number, number][][] {
  const P = g.provinces;
  const C = g.keys.length;
  const lines: [number, number][][] = [];
  if (!g.hidden[0]?.[C]) {
    for (let r = 0; r <= P; r++) lines.push(Array.from({ length: C }, (_, c) => [r, c] as [number, number]));
  }
  for (let c = 0; c < C; c++) {
    if (!g.hidden[P]![c]) lines.push(Array.from({ length: P }, (_, r) => [r, c] as [number, number]));
  }
  return lines;
}

/** Rule 2: lifts the hidden sum of each line with a known total to k, smallest published cells first. */
function protectLineSums(g: Grid, k: number): boolean {
  let changed = false;
  for (const line of linesWithKnownTotal(g)) {
    let hiddenSum = 0;
    let anyHidden = false;
    for (const [r, c] of line) {
      if (g.hidden[r]![c]) {
        anyHidden = true;
        hiddenSum += g.values[r]![c]!;
      }
    }
    if (!anyHidden) continue;
    while (hiddenSum < k) {
      let pick: [number, number] | undefined;
      for (const [r, c] of line) {
        const v = g.values[r]![c]!;
        if (!g.hidden[r]![c] && v > 0 && (!pick || v < g.values[pick[0]]![pick[1]]!)) pick = [r, c];
      }
      if (!pick) break;
      g.hidden[pick[0]]![pick[1]] = true;
      hiddenSum += g.values[pick[0]]![pick[1]]!;
      changed = true;
    }
  }
  return changed;
}

/** Rule 3: gives every hidden, unprotected cell a cycle, suppressing the cheapest published cells that close one. */
function protectCells(g: Grid): boolean {
  let changed = false;
  for (let r = 0; r <= g.provinces; r++) {
    for (let c = 0; c < g.keys.length; c++) {
      if (!g.hidden[r]![c] || isProtected(g, r, c)) continue;
      let best: { cells: [number, number][]; cost: number } | null = null;
      for (const [from, to] of cycleEnds(g, r, c)) {
        const path = cheapestPath(g, from, to, [r, c], true);
        if (path && (!best || path.cost < best.cost)) best = path;
      }
      // No path even through every published cell: the reader's bounds alone pin this cell (a
      // table with a single key; tableKeys adds a second one, so only inconsistent input, such as
      // a count in a row whose case number is zero, gets here). Suppressing more would not help.
      if (!best) continue;
      for (const [pr, pc] of best.cells) g.hidden[pr]![pc] = true;
      changed = true;
    }
  }
  return changed;
}

/** Computes which cells to suppress (in place on g.hidden) for minimum cell k. */
export function suppressGrid(g: Grid, k: number): Grid {
  for (let r = 0; r <= g.provinces; r++) {
    for (let c = 0; c < g.keys.length; c++) {
      const v = g.values[r]![c]!;
      if (v > 0 && v < k) g.hidden[r]![c] = true;
    }
  }
  let changed = true;
  while (changed) {
    changed = protectLineSums(g, k);
    changed = protectCells(g) || changed;
  }
  return g;
}

/** Published cells first (largest count first, then key), then suppressed ones by key: the order reveals nothing hidden. */
function publishRow(g: Grid, r: number): PublishedCell[] {
  const published: PublishedCell[] = [];
  const suppressed: PublishedCell[] = [];
  g.keys.forEach((key, c) => {
    if (g.hidden[r]![c]) suppressed.push({ key, count: null, suppressed: true });
    else if (g.values[r]![c]! > 0) published.push({ key, count: g.values[r]![c]!, suppressed: false });
  });
  published.sort((a, b) => b.count! - a.count! || byKey(a.key, b.key));
  suppressed.sort((a, b) => byKey(a.key, b.key));
  return [...published, ...suppressed];
}

/**
 * Applies disclosure control to one breakdown over the answering provinces: the provinces' rows
 * and the regional row, with minimum cell k (k ≤ 1 suppresses nothing).
 */
export function suppressTable(table: BreakdownTable, k: number): SuppressedTable {
  const g = suppressGrid(buildGrid(table), k);
  return {
    rows: table.rows.map((_, r) => publishRow(g, r)),
    totals: publishRow(g, g.provinces),
  };
}
