import autocannon, { type Request } from 'autocannon';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Requests per second from all connections together; latency is then corrected for coordinated omission. */
  readonly rate?: number;
  readonly requests: Request[];
}

export interface LoadResult {
  readonly durationSeconds: number;
  readonly total: number;
  readonly ok: number;
  readonly non2xx: number;
  /** Responses per status code, e.g. `{ '200': 1234, '401': 5 }`. */
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  readonly perSecond: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly p999: number;
    readonly max: number;
  };
}

/** One autocannon run through its programmatic API, summarized. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: options.requests,
    timeout: 10,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCounts[status] = stats.count ?? 0;
  }
  const total = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
  return {
    durationSeconds: result.duration,
    total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    perSecond: total / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      max: result.latency.max,
    },
  };
}
