import autocannon from "autocannon";

/** One load run's figures. Latencies in milliseconds, exact (every response is recorded, not bucketed). */
export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  /** Completed 2xx requests per second. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  errors: number;
  non2xx: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // nearest-rank
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
  /** Unmeasured run first, so JIT, plan caches and database caches are warm. */
  warmupS?: number;
}

function run(options: LoadOptions, durationS: number, latencies: number[] | null): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: options.body,
        connections: options.connections,
        duration: durationS,
        timeout: 30,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) {
      // autocannon emits (client, statusCode, bytes, responseTime); its typings omit the client.
      instance.on("response", (...args: unknown[]) => {
        const status = args[args.length - 3] as number;
        const time = args[args.length - 1] as number;
        if (status >= 200 && status < 300) latencies.push(time);
      });
    }
  });
}

/** A closed-loop run: `connections` clients each send the next request when the previous one answered. */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupS) await run(options, options.warmupS, null);
  const latencies: number[] = [];
  const result = await run(options, options.durationS, latencies);
  latencies.sort((a, b) => a - b);
  const seconds = result.duration || options.durationS;
  return {
    connections: options.connections,
    durationS: round(seconds),
    requests: latencies.length,
    throughput: round(latencies.length / seconds, 1),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    mean: round(latencies.reduce((s, v) => s + v, 0) / Math.max(1, latencies.length)),
    max: round(latencies[latencies.length - 1] ?? Number.NaN),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
