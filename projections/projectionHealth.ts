import type { ParkedPaymentsReadModel } from '../src/readModels/readModelQueries.js';
import type { ProjectionLogger, ProjectionRunner } from './runner/runProjections.js';

export interface ProjectionHealthReport {
  /** Running without a failure, and (when `maxLagSeconds` is set) no projection lags more. */
  readonly healthy: boolean;
  readonly reason: string | null;
  readonly state: string;
  readonly caughtUp: boolean;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly parkedPayments: number;
  readonly maxLagSeconds: number | null;
  readonly projections: Readonly<
    Record<
      string,
      {
        readonly generation: number | null;
        readonly version: number;
        readonly position: { readonly commit: string; readonly prepare: string } | null;
        readonly lagSeconds: number;
        readonly lagEvents: number;
        readonly eventsPerSecond: number;
        readonly eventsApplied: number;
      }
    >
  >;
}

export interface ProjectionHealth {
  report(): ProjectionHealthReport;
  stop(): Promise<void>;
}

/**
 * The projections' health, apart from readiness: webhooks are accepted whatever the read models
 * do, so this never gates `/readyz` by itself. Lag counts only where an operator set
 * `maxLagSeconds`. The parked count is refreshed every `refreshMs` (never overlapping), and each
 * newly parked payment is logged once.
 */
export function watchProjectionHealth(options: {
  readonly runner: Pick<ProjectionRunner, 'status'>;
  readonly parked: ParkedPaymentsReadModel;
  readonly maxLagSeconds?: number | undefined;
  readonly refreshMs?: number;
  readonly logger?: ProjectionLogger;
}): ProjectionHealth {
  let parkedKeys: ReadonlySet<string> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  async function refresh(): Promise<void> {
    const parked = await options.parked.listParked();
    for (const payment of parked) {
      if (parkedKeys && !parkedKeys.has(payment.key)) {
        options.logger?.warn('payment parked: its events cannot be applied', {
          stream: payment.streamName,
          reason: payment.reason,
          position: payment.firstParkedPosition.commit,
        });
      }
    }
    parkedKeys = new Set(parked.map((payment) => payment.key));
  }
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      // A read-model store that does not answer keeps the count it had.
      round = refresh().then(
        () => {
          schedule(options.refreshMs ?? 5000);
        },
        () => {
          schedule(options.refreshMs ?? 5000);
        },
      );
    }, delayMs);
  };
  schedule(0);

  return {
    report() {
      const status = options.runner.status();
      const maxLag = options.maxLagSeconds ?? null;
      const lagging =
        maxLag === null
          ? undefined
          : status.projections.find((projection) => projection.lagSeconds > maxLag);
      const reason =
        status.state === 'retrying'
          ? `projections failing: ${status.lastError ?? 'unknown'}`
          : lagging
            ? `${lagging.name} lags ${lagging.lagSeconds.toFixed(1)} s (PROJECTION_MAX_LAG_SECONDS=${String(maxLag)})`
            : null;
      return {
        healthy: reason === null,
        reason,
        state: status.state,
        caughtUp: status.caughtUp,
        lastError: status.lastError,
        lastErrorAt: status.lastErrorAt,
        parkedPayments: parkedKeys?.size ?? 0,
        maxLagSeconds: maxLag,
        projections: Object.fromEntries(
          status.projections.map((projection) => [
            projection.name,
            {
              generation: projection.generation,
              version: projection.version,
              position: projection.position && {
                commit: String(projection.position.commit),
                prepare: String(projection.position.prepare),
              },
              lagSeconds: projection.lagSeconds,
              lagEvents: projection.lagEvents,
              eventsPerSecond: projection.eventsPerSecond,
              eventsApplied: projection.eventsApplied,
            },
          ]),
        ),
      };
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
