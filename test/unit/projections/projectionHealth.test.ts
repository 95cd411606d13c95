import { expect } from 'chai';
import { watchProjectionHealth } from '../../../projections/projectionHealth.js';
import type { RunnerStatus } from '../../../projections/runner/projectionStatus.js';

const status = (lagSeconds: number, state: RunnerStatus['state'] = 'live'): RunnerStatus => ({
  state,
  caughtUp: state === 'live',
  lastError: state === 'retrying' ? 'The read-model store cannot be reached; retry later.' : null,
  lastErrorAt: null,
  projections: [
    {
      name: 'payments',
      generation: 1,
      version: 2,
      position: { commit: 7n, prepare: 7n },
      eventsApplied: 7,
      eventsPerSecond: 0,
      lagSeconds,
      lagEvents: lagSeconds > 0 ? 3 : 0,
    },
  ],
});

describe('watchProjectionHealth', function () {
  const report = (runnerStatus: RunnerStatus, maxLagSeconds?: number) => {
    const health = watchProjectionHealth({
      runner: { status: () => runnerStatus },
      parked: { listParked: () => Promise.resolve([]) },
      maxLagSeconds,
    });
    const result = health.report();
    void health.stop();
    return result;
  };

  it('is healthy while the projections run, however far behind, unless a maximum lag is set', function () {
    expect(report(status(120))).to.deep.include({
      healthy: true,
      reason: null,
      maxLagSeconds: null,
    });
    expect(report(status(0.5), 1)).to.deep.include({ healthy: true, reason: null });
    expect(report(status(120), 1)).to.deep.include({
      healthy: false,
      reason: 'payments lags 120.0 s (PROJECTION_MAX_LAG_SECONDS=1)',
    });
  });

  it('is unhealthy while the projections fail, naming the error', function () {
    expect(report(status(0, 'retrying'))).to.deep.include({
      healthy: false,
      reason: 'projections failing: The read-model store cannot be reached; retry later.',
      state: 'retrying',
    });
  });

  it('reports each projection with its whole position as text', function () {
    expect(report(status(0)).projections).to.deep.equal({
      payments: {
        generation: 1,
        version: 2,
        position: { commit: '7', prepare: '7' },
        lagSeconds: 0,
        lagEvents: 0,
        eventsPerSecond: 0,
        eventsApplied: 7,
      },
    });
  });
});
