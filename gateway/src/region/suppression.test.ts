import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { figures } from "../testing/figures.ts";
import { aggregateRegion, BREAKDOWN_TABLES } from "./aggregate.ts";
import { suppressTable, type BreakdownTable, type PublishedCell, type SuppressedTable } from "./suppression.ts";
import { BREAKDOWN_NAMES, COUNTER_NAMES, PROVINCES, type ProvinceCode } from "@regional/schema";

/**
 * Properties of disclosure control over random province × key tables. The central one is proved
 * per table and per hidden cell by a witness: another complete table that agrees with everything
 * a reader sees (published cells, zeros, provinces' counters, regional cells and counter, bounds)
 * but differs in that cell. The witness is found by a search, and checked by `readerAccepts`, a
 * plain restatement of what is published that shares no code with the implementation.
 */

interface Generated {
  keys: string[];
  /** Exact counts, provinces × keys. */
  cells: number[][];
  /** Cases behind each province's row when a case may count under several keys. */
  cases?: number[];
  k: number;
}

const KEY_POOL = ["A", "B", "C", "D", "E", "F", "G", "H"];

/** Counts skewed to small: zeros, sensitive cells (1 … k−1) and ordinary ones. */
const count = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 4 },
  { arbitrary: fc.integer({ min: 5, max: 60 }), weight: 3 },
);

const tableArb: fc.Arbitrary<Generated> = fc
  .record({
    provinces: fc.integer({ min: 1, max: 7 }),
    keyCount: fc.integer({ min: 2, max: 8 }),
    k: fc.integer({ min: 2, max: 11 }),
    overlapping: fc.boolean(),
    seed: fc.infiniteStream(count),
    caseShare: fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
  })
  .map(({ provinces, keyCount, k, overlapping, seed, caseShare }) => {
    const keys = KEY_POOL.slice(0, keyCount);
    const it = seed[Symbol.iterator]();
    const cells = Array.from({ length: provinces }, () => keys.map(() => it.next().value as number));
    if (!overlapping) return { keys, cells, k };
    // Consistent with "every case has at least one key, each key at most once per case": max ≤ cases ≤ sum.
    const share = caseShare[Symbol.iterator]();
    const cases = cells.map((row) => {
      const max = Math.max(...row);
      const sum = row.reduce((a, b) => a + b, 0);
      return max + Math.floor((share.next().value as number) * (sum - max));
    });
    return { keys, cells, cases, k };
  });

function asTable(g: Generated): BreakdownTable {
  return {
    rows: g.cells.map((row) => row.map((count, j) => ({ key: g.keys[j]!, count })).filter((c) => c.count > 0)),
    domain: g.keys,
    overlapping: g.cases ? { cases: g.cases } : undefined,
  };
}

const rowSum = (row: readonly number[]) => row.reduce((a, b) => a + b, 0);
const regional = (cells: number[][], j: number) => cells.reduce((s, row) => s + row[j]!, 0);
const cellOf = (row: PublishedCell[], key: string) => row.find((c) => c.key === key);

/**
 * Everything a reader of the published table knows, checked against a candidate exact table.
 * Independent of the implementation: a plain reading of the published answer.
 */
function readerAccepts(g: Generated, out: SuppressedTable, candidate: number[][]): boolean {
  const { keys } = g;
  for (let i = 0; i < g.cells.length; i++) {
    const row = candidate[i]!;
    if (row.some((v) => v < 0 || !Number.isInteger(v))) return false;
    for (let j = 0; j < keys.length; j++) {
      const cell = cellOf(out.rows[i]!, keys[j]!);
      if (!cell && row[j] !== 0) return false; // a key not listed is zero
      if (cell && !cell.suppressed && row[j] !== cell.count) return false;
    }
    if (g.cases) {
      // Each case counts at most once per key, and under at least one key.
      if (row.some((v) => v > g.cases![i]!) || rowSum(row) < g.cases[i]!) return false;
    } else if (rowSum(row) !== rowSum(g.cells[i]!)) return false; // the province's published counter
  }
  for (let j = 0; j < keys.length; j++) {
    const total = regional(candidate, j);
    const cell = cellOf(out.totals, keys[j]!);
    if (!cell && total !== 0) return false;
    if (cell && !cell.suppressed && total !== cell.count) return false;
  }
  return true;
}

/**
 * Searches a table the reader cannot tell from the true one that differs in cell (i, j), or in the
 * regional cell j when i is -1: moves one unit around a cycle of suppressed cells (rows are
 * provinces plus the region, columns the keys plus the rows' sums when those are not published).
 */
function witness(g: Generated, out: SuppressedTable, i: number, j: number): number[][] | null {
  const P = g.cells.length;
  const C = g.keys.length;
  const hiddenCell = (r: number, c: number) =>
    c === C ? g.cases !== undefined : (r === P ? cellOf(out.totals, g.keys[c]!) : cellOf(out.rows[r]!, g.keys[c]!))?.suppressed === true;
  // A step dz on cell (r, c) moves its value by sign × dz: the regional row and the sums column
  // enter the zero-sum extended table with a minus. It must stay within what the reader knows.
  const value = (r: number, c: number) =>
    r < P ? (c < C ? g.cells[r]![c]! : rowSum(g.cells[r]!)) : c < C ? regional(g.cells, c) : rowSum(g.cells.flat());
  const sign = (r: number, c: number) => ((r === P) !== (c === C) ? -1 : 1);
  const lower = (r: number, c: number) => (r < P && c === C && g.cases ? g.cases[r]! : 0);
  const upper = (r: number, c: number) => (r < P && c < C && g.cases ? g.cases[r]! : Number.POSITIVE_INFINITY);
  const canStep = (r: number, c: number, dz: number) => {
    const next = value(r, c) + sign(r, c) * dz;
    return next >= lower(r, c) && next <= upper(r, c);
  };
  const target = i === -1 ? ([P, j] as const) : ([i, j] as const);
  for (const first of [1, -1] as const) {
    if (!canStep(target[0], target[1], first)) continue;
    // Path search over (node, visited edges) by BFS: nodes are rows 0..P and columns P+1..P+1+C.
    const start = first === 1 ? P + 1 + target[1] : target[0];
    const goal = first === 1 ? target[0] : P + 1 + target[1];
    const prev = new Map<number, [number, number, number]>(); // node -> [from node, r, c]
    const queue = [start];
    const seen = new Set([start]);
    while (queue.length && !seen.has(goal)) {
      const u = queue.shift()!;
      const edges: [number, number, number][] = [];
      if (u <= P) for (let c = 0; c <= C; c++) edges.push([P + 1 + c, u, c]);
      else for (let r = 0; r <= P; r++) edges.push([r, r, u - P - 1]);
      for (const [v, r, c] of edges) {
        if (seen.has(v) || !hiddenCell(r, c) || (r === target[0] && c === target[1])) continue;
        if (!canStep(r, c, u <= P ? 1 : -1)) continue;
        seen.add(v);
        prev.set(v, [u, r, c]);
        queue.push(v);
      }
    }
    if (!seen.has(goal)) continue;
    // The cycle: the target cell stepped by `first`, then the path with alternating steps.
    const steps: [number, number, number][] = [[target[0], target[1], first]];
    for (let v = goal; v !== start; ) {
      const [u, r, c] = prev.get(v)!;
      steps.push([r, c, u <= P ? 1 : -1]); // row → column is a +1 step, column → row a −1 step
      v = u;
    }
    const candidate = g.cells.map((row) => [...row]);
    for (const [r, c, dz] of steps) {
      if (r < P && c < C) candidate[r]![c]! += dz;
      // regional cells and row sums are implied by the province cells
    }
    if (readerAccepts(g, out, candidate)) return candidate;
  }
  return null;
}

const run = (g: Generated) => suppressTable(asTable(g), g.k);

describe("disclosure control (property-based, random province × key tables)", () => {
  it("publishes no non-zero cell below k, at province or regional level", () => {
    fc.assert(
      fc.property(tableArb, (g) => {
        const out = run(g);
        for (const cell of [...out.rows.flat(), ...out.totals]) {
          if (!cell.suppressed) expect(cell.count === null || cell.count === 0 || cell.count >= g.k).toBe(true);
          expect(cell.count === null).toBe(cell.suppressed);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("publishes every shown cell exactly, and shows every non-zero key (suppressed or not)", () => {
    fc.assert(
      fc.property(tableArb, (g) => {
        const out = run(g);
        g.cells.forEach((row, i) =>
          row.forEach((v, j) => {
            const cell = cellOf(out.rows[i]!, g.keys[j]!);
            if (v > 0) expect(cell).toBeDefined();
            if (cell && !cell.suppressed) expect(cell.count).toBe(v);
          }),
        );
        g.keys.forEach((key, j) => {
          const cell = cellOf(out.totals, key);
          if (regional(g.cells, j) > 0) expect(cell).toBeDefined();
          if (cell && !cell.suppressed) expect(cell.count).toBe(regional(g.cells, j));
        });
      }),
      { numRuns: 400 },
    );
  });

  it("never has exactly one suppressed cell in a row (when its sum is published) or in a column", () => {
    fc.assert(
      fc.property(tableArb, (g) => {
        const out = run(g);
        const lines: boolean[][] = [];
        if (!g.cases) {
          for (const row of [...out.rows, out.totals]) lines.push(g.keys.map((key) => cellOf(row, key)?.suppressed === true));
        }
        g.keys.forEach((key) => lines.push([...out.rows, out.totals].map((row) => cellOf(row, key)?.suppressed === true)));
        for (const line of lines) expect(line.filter(Boolean).length).not.toBe(1);
      }),
      { numRuns: 400 },
    );
  });

  it("leaves no suppressed cell derivable: each has a witness table the reader cannot tell apart", () => {
    fc.assert(
      fc.property(tableArb, (g) => {
        const out = run(g);
        expect(readerAccepts(g, out, g.cells)).toBe(true); // the truth itself is consistent
        out.rows.forEach((row, i) =>
          row.filter((c) => c.suppressed).forEach((c) => {
            const j = g.keys.indexOf(c.key);
            const alt = witness(g, out, i, j);
            expect(alt, `province ${i} key ${c.key} in ${JSON.stringify(g)}`).not.toBeNull();
            expect(alt![i]![j]).not.toBe(g.cells[i]![j]);
          }),
        );
        out.totals
          .filter((c) => c.suppressed)
          .forEach((c) => {
            const j = g.keys.indexOf(c.key);
            const alt = witness(g, out, -1, j);
            expect(alt, `regional key ${c.key} in ${JSON.stringify(g)}`).not.toBeNull();
            expect(regional(alt!, j)).not.toBe(regional(g.cells, j));
          });
      }),
      { numRuns: 400 },
    );
  });

  it("hides at least k between the suppressed cells of a line with a published total, unless nothing non-zero is left to hide", () => {
    fc.assert(
      fc.property(tableArb, (g) => {
        const out = run(g);
        const check = (cells: { value: number; suppressed: boolean }[]) => {
          const hidden = cells.filter((c) => c.suppressed);
          if (hidden.length === 0) return;
          const sum = hidden.reduce((s, c) => s + c.value, 0);
          const publishedNonZero = cells.some((c) => !c.suppressed && c.value > 0);
          expect(sum >= g.k || !publishedNonZero).toBe(true);
        };
        const P = g.cells.length;
        const rows = [...g.cells, g.keys.map((_, j) => regional(g.cells, j))];
        const published = [...out.rows, out.totals];
        if (!g.cases) {
          rows.forEach((row, i) =>
            check(row.map((value, j) => ({ value, suppressed: cellOf(published[i]!, g.keys[j]!)?.suppressed === true }))),
          );
        }
        g.keys.forEach((key, j) => {
          if (cellOf(out.totals, key)?.suppressed) return; // the column's total is hidden
          check(g.cells.map((row, i) => ({ value: row[j]!, suppressed: cellOf(out.rows[i]!, key)?.suppressed === true })));
        });
        expect(published).toHaveLength(P + 1);
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic: same input, same answer, whatever the order of the cells", () => {
    fc.assert(
      fc.property(tableArb, fc.infiniteStream(fc.integer()), (g, noise) => {
        const table = asTable(g);
        const shuffled: BreakdownTable = {
          ...table,
          rows: table.rows.map((row) => {
            const n = noise[Symbol.iterator]();
            return [...row].map((c) => ({ c, r: n.next().value as number })).sort((a, b) => a.r - b.r).map((x) => x.c);
          }),
        };
        expect(suppressTable(shuffled, g.k)).toEqual(suppressTable(table, g.k));
        expect(suppressTable(table, g.k)).toEqual(suppressTable(table, g.k));
      }),
      { numRuns: 200 },
    );
  });

  it("orders published cells by count and suppressed ones by key, so the order reveals nothing hidden", () => {
    fc.assert(
      fc.property(tableArb, (g) => {
        for (const row of [...run(g).rows, run(g).totals]) {
          const firstHidden = row.findIndex((c) => c.suppressed);
          const shown = firstHidden === -1 ? row : row.slice(0, firstHidden);
          const hidden = firstHidden === -1 ? [] : row.slice(firstHidden);
          expect(hidden.every((c) => c.suppressed)).toBe(true);
          expect(hidden.map((c) => c.key)).toEqual(hidden.map((c) => c.key).sort());
          for (let n = 1; n < shown.length; n++) expect(shown[n - 1]!.count!).toBeGreaterThanOrEqual(shown[n]!.count!);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("the witness check itself", () => {
  it("catches a derivable cell: primary suppression alone leaves one", () => {
    // Province 0: A=2 (small), B=20. Hiding only A lets a reader compute A = 22 − 20.
    const g: Generated = { keys: ["A", "B"], cells: [[2, 20], [30, 30]], k: 5 };
    const primaryOnly: SuppressedTable = {
      rows: [
        [{ key: "B", count: 20, suppressed: false }, { key: "A", count: null, suppressed: true }],
        [{ key: "A", count: 30, suppressed: false }, { key: "B", count: 30, suppressed: false }],
      ],
      totals: [{ key: "B", count: 50, suppressed: false }, { key: "A", count: 32, suppressed: false }],
    };
    expect(readerAccepts(g, primaryOnly, g.cells)).toBe(true);
    expect(witness(g, primaryOnly, 0, 0)).toBeNull();
    // and the real thing hides enough for a witness to exist
    const out = run(g);
    expect(witness(g, out, 0, 0)).not.toBeNull();
  });

  it("catches the subtraction across provinces: regional cell minus the other provinces' cells", () => {
    // Both rows hide A and B, but the regional A and the other province's A are published.
    const g: Generated = { keys: ["A", "B"], cells: [[2, 3], [40, 50]], k: 5 };
    const rowsOnly: SuppressedTable = {
      rows: [
        [{ key: "A", count: null, suppressed: true }, { key: "B", count: null, suppressed: true }],
        [{ key: "B", count: 50, suppressed: false }, { key: "A", count: 40, suppressed: false }],
      ],
      totals: [{ key: "B", count: 53, suppressed: false }, { key: "A", count: 42, suppressed: false }],
    };
    expect(readerAccepts(g, rowsOnly, g.cells)).toBe(true);
    expect(witness(g, rowsOnly, 0, 0)).toBeNull();
    expect(witness(g, run(g), 0, 0)).not.toBeNull();
  });
});

describe("decoys", () => {
  it("hides a lone citizenship with a decoy key when the table has only one", () => {
    // One person in the region: NG 1. Without a second hidden cell NG = activeCases = 1.
    const out = suppressTable({ rows: [[{ key: "NG", count: 1 }]], domain: [] }, 5);
    expect(out.rows[0]).toEqual([
      { key: "NG", count: null, suppressed: true },
      { key: "XXX", count: null, suppressed: true },
    ]);
    expect(out.totals).toEqual(out.rows[0]);
  });

  it("takes decoys only where no real cell can close the cycle", () => {
    const out = suppressTable({ rows: [[{ key: "WOMAN", count: 2 }, { key: "MAN", count: 9 }], [{ key: "WOMAN", count: 50 }, { key: "MAN", count: 40 }]], domain: ["WOMAN", "MAN", "TRANS_NON_BINARY"] }, 5);
    expect([...out.rows.flat(), ...out.totals].some((c) => c.key === "TRANS_NON_BINARY")).toBe(false);
  });
});

describe("disclosure control through aggregateRegion", () => {
  const codes = PROVINCES.map((p) => p.code);
  const provinceArb = fc.record({
    activeCases: fc.integer({ min: 0, max: 80 }),
    contacts: fc.integer({ min: 0, max: 500 }),
    genders: fc.tuple(count, count, count),
  });

  it("keeps every counter exact (totals are sums of the provinces' exact counters)", () => {
    fc.assert(
      fc.property(fc.array(provinceArb, { minLength: 7, maxLength: 7 }), fc.integer({ min: 2, max: 11 }), (ps, k) => {
        const byProvince = Object.fromEntries(
          ps.map((p, i) => [
            codes[i]!,
            figures({
              activeCases: p.genders.reduce((a, b) => a + b, 0),
              contacts: p.contacts,
              byGender: ["WOMAN", "MAN", "TRANS_NON_BINARY"].map((key, j) => ({ key, count: p.genders[j]! })).filter((c) => c.count > 0),
            }),
          ]),
        ) as Record<ProvinceCode, ReturnType<typeof figures>>;
        const region = aggregateRegion(byProvince, { minCell: k });
        for (const name of COUNTER_NAMES) {
          expect(region.totals[name]).toBe(codes.reduce((s, c) => s + byProvince[c][name], 0));
          region.provinces.forEach((p) => expect(p[name]).toBe(byProvince[p.province][name]));
        }
        for (const cell of region.totals.byGender) if (!cell.suppressed) expect(cell.count).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 200 },
    );
  });

  it("describes every breakdown's table", () => {
    expect(Object.keys(BREAKDOWN_TABLES).sort()).toEqual([...BREAKDOWN_NAMES].sort());
  });
});
