/** What `/readyz` and `/metrics` report about a projection runner. */
export interface ProjectionStatus {
  readonly name: string;
  readonly state: 'starting' | 'catching_up' | 'live' | 'retrying' | 'stopped';
  /** True once the runner has applied everything that was in the log when it (re)started. */
  readonly caughtUp: boolean;
  /** The read-model version being written. */
  readonly version: number | null;
  /** Global position (commit) of the checkpoint last saved. */
  readonly position: bigint | null;
  readonly eventsApplied: number;
  /** Events applied per second over the last 10 seconds. */
  readonly eventsPerSecond: number;
  /** Age (by the store's recording time) of the oldest event received but not yet applied. */
  readonly lagSeconds: number;
  /** Payment events in the log after the checkpoint, counted up to 1,000 once a second. */
  readonly lagEvents: number;
  readonly parkedPayments: number;
  readonly lastError: string | null;
}

const WINDOW_MS = 10_000;

/** Keeps the numbers behind `ProjectionStatus`; `now` is injected for tests. */
export function createStatusTracker(name: string, now: () => number = Date.now) {
  const samples: { at: number; count: number }[] = [];
  let state: ProjectionStatus['state'] = 'starting';
  let caughtUp = false;
  let version: number | null = null;
  let position: bigint | null = null;
  let lagEvents = 0;
  let eventsApplied = 0;
  let oldestPendingAt: number | null = null;
  let parkedPayments = 0;
  let lastError: string | null = null;

  return {
    starting(writerVersion: number, checkpoint: bigint | undefined) {
      state = caughtUp ? 'live' : 'catching_up';
      version = writerVersion;
      position = checkpoint ?? null;
    },
    received(recordedAtMs: number) {
      oldestPendingAt ??= recordedAtMs;
    },
    applied(count: number, checkpoint: bigint, parked: number) {
      eventsApplied += count;
      samples.push({ at: now(), count });
      position = checkpoint;
      oldestPendingAt = null;
      parkedPayments += parked;
      lastError = null;
    },
    lagEvents(count: number) {
      lagEvents = count;
    },
    parkedKnown(count: number) {
      parkedPayments = count;
    },
    caughtUp() {
      caughtUp = true;
      state = 'live';
    },
    failed(error: unknown) {
      state = 'retrying';
      lastError = error instanceof Error ? error.message : String(error);
    },
    stopped() {
      state = 'stopped';
    },
    snapshot(): ProjectionStatus {
      const t = now();
      while (samples.length > 0 && (samples[0]?.at ?? t) < t - WINDOW_MS) samples.shift();
      const recent = samples.reduce((sum, sample) => sum + sample.count, 0);
      return {
        name,
        state,
        caughtUp,
        version,
        position,
        eventsApplied,
        eventsPerSecond: Math.round(recent / (WINDOW_MS / 1000)),
        lagSeconds: oldestPendingAt === null ? 0 : Math.max(0, (t - oldestPendingAt) / 1000),
        lagEvents,
        parkedPayments,
        lastError,
      };
    },
  };
}
