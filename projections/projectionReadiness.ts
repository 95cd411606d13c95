import type { ProjectionRunner } from './runProjections.js';

/**
 * A `/readyz` check (the shape of `ReadinessCheck` in src/http/routes/healthRouter.ts). Not
 * ready while the projection is failing (read-model store unreachable) or lags more than
 * `maxLagSeconds`; catching up alone keeps the service ready, because webhooks must still be
 * accepted while the read models fill.
 */
export function projectionReadinessCheck(runner: ProjectionRunner, maxLagSeconds = Infinity) {
  return {
    name: 'projections',
    check: () => {
      const status = runner.status();
      if (status.state === 'retrying') {
        return Promise.reject(new Error(`projection failing: ${status.lastError ?? 'unknown'}`));
      }
      if (status.lagSeconds > maxLagSeconds) {
        return Promise.reject(new Error(`projection lags ${status.lagSeconds.toFixed(1)} s`));
      }
      return Promise.resolve({
        state: status.state,
        caughtUp: status.caughtUp,
        version: status.version,
        position: status.position === null ? null : String(status.position),
        lagSeconds: status.lagSeconds,
        lagEvents: status.lagEvents,
        eventsPerSecond: status.eventsPerSecond,
        parkedPayments: status.parkedPayments,
      });
    },
  };
}
