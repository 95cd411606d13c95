import type { GlobalPosition } from '../../src/eventStore/eventStore.js';

/** `standby`: another instance holds the projection lease; this one is ready to take over. */
export type RunnerState = 'starting' | 'catching_up' | 'live' | 'retrying' | 'stopped' | 'standby';

/** One projection's progress, as `/readyz` and `/metrics` report it. */
export interface ProjectionStatus {
  readonly name: string;
  /** The build being written (grows with every rebuild swapped in). */
  readonly generation: number | null;
  readonly version: number;
  /** The checkpoint last saved. */
  readonly position: GlobalPosition | null;
  readonly eventsApplied: number;
  /** Events applied per second over the last 10 seconds. */
  readonly eventsPerSecond: number;
  /** Age, by the store's recording time, of the oldest event in the log not yet applied. */
  readonly lagSeconds: number;
  /** Events in the log after the checkpoint, counted up to `LAG_PROBE_LIMIT`. */
  readonly lagEvents: number;
}

/** The runner's state and every projection's progress. */
export interface RunnerStatus {
  readonly state: RunnerState;
  /** True while the runner has applied everything the log held when it last (re)started. */
  readonly caughtUp: boolean;
  readonly lastError: string | null;
  /** When `lastError` happened (ISO 8601). */
  readonly lastErrorAt: string | null;
  readonly projections: readonly ProjectionStatus[];
}

const WINDOW_MS = 10_000;

interface Progress {
  generation: number | null;
  version: number;
  position: GlobalPosition | null;
  eventsApplied: number;
  samples: { at: number; count: number }[];
  oldestUnappliedAt: number | null;
  lagEvents: number;
}

/** Keeps the numbers behind `RunnerStatus`; `now` is injected for tests. */
export function createStatusTracker(
  definitions: readonly { readonly name: string; readonly version: number }[],
  now: () => number = Date.now,
) {
  let state: RunnerState = 'starting';
  let caughtUp = false;
  let lastError: string | null = null;
  let lastErrorAt: string | null = null;
  const progress = new Map<string, Progress>(
    definitions.map((definition) => [
      definition.name,
      {
        generation: null,
        version: definition.version,
        position: null,
        eventsApplied: 0,
        samples: [],
        oldestUnappliedAt: null,
        lagEvents: 0,
      },
    ]),
  );
  const of = (name: string) => progress.get(name);

  return {
    started(name: string, generation: number, position: GlobalPosition | undefined) {
      const entry = of(name);
      if (!entry) return;
      entry.generation = generation;
      entry.position = position ?? null;
      state = caughtUp ? 'live' : 'catching_up';
    },
    applied(name: string, count: number, position: GlobalPosition) {
      const entry = of(name);
      if (!entry) return;
      entry.eventsApplied += count;
      if (count > 0) entry.samples.push({ at: now(), count });
      entry.position = position;
      // Until the next probe: what the last one saw, less what was applied since.
      entry.lagEvents = Math.max(0, entry.lagEvents - count);
      if (entry.lagEvents === 0) entry.oldestUnappliedAt = null;
      lastError = null;
      lastErrorAt = null;
    },
    /** What a probe of the log after the checkpoint found. */
    lag(name: string, events: number, oldestRecordedAtMs: number | null) {
      const entry = of(name);
      if (!entry) return;
      entry.lagEvents = events;
      entry.oldestUnappliedAt = oldestRecordedAtMs;
    },
    caughtUp() {
      caughtUp = true;
      state = 'live';
    },
    failed(error: unknown) {
      state = 'retrying';
      caughtUp = false;
      lastError = error instanceof Error ? error.message : String(error);
      lastErrorAt = new Date(now()).toISOString();
    },
    restarting() {
      caughtUp = false;
      state = 'catching_up';
    },
    stopped() {
      state = 'stopped';
    },
    snapshot(): RunnerStatus {
      const t = now();
      return {
        state,
        caughtUp,
        lastError,
        lastErrorAt,
        projections: [...progress].map(([name, entry]) => {
          while ((entry.samples[0]?.at ?? t) < t - WINDOW_MS) entry.samples.shift();
          const recent = entry.samples.reduce((sum, sample) => sum + sample.count, 0);
          return {
            name,
            generation: entry.generation,
            version: entry.version,
            position: entry.position,
            eventsApplied: entry.eventsApplied,
            eventsPerSecond: Math.round(recent / (WINDOW_MS / 1000)),
            lagSeconds:
              entry.oldestUnappliedAt === null
                ? 0
                : Math.max(0, (t - entry.oldestUnappliedAt) / 1000),
            lagEvents: entry.lagEvents,
          };
        }),
      };
    },
  };
}
