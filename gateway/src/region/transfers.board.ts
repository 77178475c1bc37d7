import {
  PLACE_TARGETS,
  PROVINCES,
  STRUCTURE_TYPES,
  TRANSFER_STATE_RANK,
  TRANSFER_STATES,
  transfersField,
  type ProvinceCode,
  type ProvinceFigures,
  type TransferRecord,
  type TransferState,
} from "@regional/schema";

/**
 * The capofila's board of transfers, as plain functions over the records the provinces hand to the
 * region subgraph. Each transfer has up to two records (the sending and the receiving province's);
 * they are merged by the transfer id. Nothing here names a person: see TransferRecord.
 */

export interface BoardTransfer {
  id: string;
  origin: string;
  destination: string;
  state: TransferState;
  needs: Pick<TransferRecord, "gender" | "ageBand" | "withChildren" | "accommodation" | "urgency" | "reason">;
  requestedAt: string;
  decidedAt: string | null;
  departedAt: string | null;
  arrivedAt: string | null;
  endedAt: string | null;
  declineReason: TransferRecord["declineReason"];
  cancelReason: TransferRecord["cancelReason"];
  /** Both provinces answered and their records agree on the state. */
  confirmed: boolean;
}

export interface TransferBoard {
  transfers: BoardTransfer[];
  byState: { state: TransferState; count: number }[];
  routes: { origin: string; destination: string; count: number }[];
  medianHoursToDecision: number | null;
  medianHoursToArrival: number | null;
  /** Provinces that did not answer: the board shows their transfers from the other side only. */
  missing: ProvinceCode[];
}

/** What the query planner hands over: each province's records, null when it did not answer. */
export type RecordsByProvince = Partial<Record<ProvinceCode, readonly TransferRecord[] | null | undefined>>;

export function recordsFromReference(reference: Record<string, unknown>): RecordsByProvince {
  return Object.fromEntries(PROVINCES.map((p) => [p.code, (reference[transfersField(p)] as TransferRecord[] | null | undefined) ?? null]));
}

/**
 * A province speaks only for its own side: a record is kept when the province that sent it is the
 * origin of an ORIGIN record or the destination of a DESTINATION record.
 */
export function ownRecords(byProvince: RecordsByProvince): TransferRecord[] {
  return PROVINCES.flatMap((p) =>
    (byProvince[p.code] ?? []).filter((r) => (r.side === "ORIGIN" ? r.origin === p.code : r.destination === p.code)),
  );
}

/**
 * One transfer from its records. While a message is still on its way the two records differ; the
 * board shows the state further along (TRANSFER_STATE_RANK, the order both sides converge to) and
 * takes each timestamp from the province that made that move.
 */
export function mergeTransfer(records: readonly TransferRecord[]): BoardTransfer {
  const origin = records.find((r) => r.side === "ORIGIN");
  const destination = records.find((r) => r.side === "DESTINATION");
  const any = (origin ?? destination)!;
  const state = records.map((r) => r.state).reduce((a, b) => (TRANSFER_STATE_RANK[b] > TRANSFER_STATE_RANK[a] ? b : a));
  const fromOrigin = <K extends keyof TransferRecord>(k: K) => origin?.[k] ?? destination?.[k] ?? null;
  const fromDestination = <K extends keyof TransferRecord>(k: K) => destination?.[k] ?? origin?.[k] ?? null;
  const endedAt = state === "CANCELLED" ? fromOrigin("endedAt") : state === "DECLINED" || state === "EXPIRED" ? fromDestination("endedAt") : null;
  return {
    id: any.id,
    origin: any.origin,
    destination: any.destination,
    state,
    needs: {
      gender: fromOrigin("gender") as string,
      ageBand: fromOrigin("ageBand") as string,
      withChildren: fromOrigin("withChildren") as boolean,
      accommodation: fromOrigin("accommodation") as string,
      urgency: fromOrigin("urgency") as TransferRecord["urgency"],
      reason: fromOrigin("reason") as TransferRecord["reason"],
    },
    requestedAt: fromOrigin("requestedAt") as string,
    decidedAt: fromDestination("decidedAt") as string | null,
    departedAt: fromOrigin("departedAt") as string | null,
    arrivedAt: state === "ARRIVED" ? (fromDestination("arrivedAt") as string | null) : null,
    endedAt: endedAt as string | null,
    declineReason: state === "DECLINED" ? (fromDestination("declineReason") as TransferRecord["declineReason"]) : null,
    cancelReason: state === "CANCELLED" ? (fromOrigin("cancelReason") as TransferRecord["cancelReason"]) : null,
    confirmed: origin !== undefined && destination !== undefined && origin.state === destination.state,
  };
}

/** All transfers, each once, oldest request first. */
export function mergeRecords(records: readonly TransferRecord[]): BoardTransfer[] {
  const byId = new Map<string, TransferRecord[]>();
  for (const r of records) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return [...byId.values()].map(mergeTransfer).sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : a.id < b.id ? -1 : 1));
}

/** Every state, in the workflow's order, with its count (zeros included so a dashboard's columns stay put). */
export function countByState(transfers: readonly BoardTransfer[]): TransferBoard["byState"] {
  return TRANSFER_STATES.map((state) => ({ state, count: transfers.filter((t) => t.state === state).length }));
}

/** The origin → destination matrix as its non-empty cells, busiest first. */
export function routeMatrix(transfers: readonly BoardTransfer[]): TransferBoard["routes"] {
  const counts = new Map<string, number>();
  for (const t of transfers) counts.set(`${t.origin}>${t.destination}`, (counts.get(`${t.origin}>${t.destination}`) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => {
      const [origin, destination] = key.split(">") as [string, string];
      return { origin, destination, count };
    })
    .sort((a, b) => b.count - a.count || a.origin.localeCompare(b.origin) || a.destination.localeCompare(b.destination));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median time in hours (two decimals) from the request to another moment, over the transfers that reached it. */
export function medianHours(transfers: readonly BoardTransfer[], until: "decidedAt" | "arrivedAt"): number | null {
  const hours = transfers.flatMap((t) => {
    const end = t[until];
    return end === null ? [] : [(Date.parse(end) - Date.parse(t.requestedAt)) / 3_600_000];
  });
  const m = median(hours);
  return m === null ? null : Math.round(m * 100) / 100;
}

export function transferBoard(byProvince: RecordsByProvince): TransferBoard {
  const transfers = mergeRecords(ownRecords(byProvince));
  return {
    transfers,
    byState: countByState(transfers),
    routes: routeMatrix(transfers),
    medianHoursToDecision: medianHours(transfers, "decidedAt"),
    medianHoursToArrival: medianHours(transfers, "arrivedAt"),
    missing: PROVINCES.filter((p) => byProvince[p.code] == null).map((p) => p.code),
  };
}

// ---------------------------------------------------------------------------------------------
// Finding a place

export interface FreeCapacityCell {
  province: ProvinceCode;
  structureType: string;
  target: string;
  total: number;
  free: number;
}

/**
 * Free places by province, structure type and target group, from the provinces' figures at the
 * end of the period (their `free` already leaves out places held for incoming transfers).
 * Provinces that did not answer are left out (Region.missing names them).
 */
export function freeCapacity(byProvince: Partial<Record<ProvinceCode, ProvinceFigures | null | undefined>>): FreeCapacityCell[] {
  const rank = (list: readonly string[], v: string) => (list.indexOf(v) === -1 ? list.length : list.indexOf(v));
  return PROVINCES.flatMap((p) =>
    [...(byProvince[p.code]?.places ?? [])]
      .sort((a, b) => rank(STRUCTURE_TYPES, a.structureType) - rank(STRUCTURE_TYPES, b.structureType) || rank(PLACE_TARGETS, a.target) - rank(PLACE_TARGETS, b.target))
      .map((c) => ({ province: p.code, structureType: c.structureType, target: c.target, total: c.total, free: c.free })),
  );
}

// ---------------------------------------------------------------------------------------------
// Resolvers of the Region fields above, over the representation the query planner hands over

type RegionRepresentation = Record<string, unknown>;

export const regionTransferResolvers = {
  transfers: (region: RegionRepresentation) => transferBoard(recordsFromReference(region)),
  freeCapacity: (region: RegionRepresentation) =>
    freeCapacity(Object.fromEntries(PROVINCES.map((p) => [p.code, (region[p.field] as ProvinceFigures | null | undefined) ?? null]))),
};
