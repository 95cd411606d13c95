import type { Lease, ProjectionLeases, WriteFence } from '../../src/readModels/projectionLeases.js';
import { LeaseLostError } from '../../src/readModels/projectionLeases.js';
import type { ProjectionLogger, ProjectionRunner } from '../runner/runProjections.js';
import { createStatusTracker, type RunnerStatus } from '../runner/projectionStatus.js';
import { abortableSleep } from '../abortableSleep.js';

export interface LeaseSettings {
  /** How long a lease lasts without renewal. */
  readonly leaseMs: number;
  /** How often the holder renews it, and the longest a standby waits between tries. */
  readonly renewMs: number;
}

export const DEFAULT_LEASE_SETTINGS: LeaseSettings = { leaseMs: 15_000, renewMs: 5_000 };

/** Who holds the lease, as this instance last saw it (`/readyz`, `/metrics`). */
export interface LeaseStatus {
  readonly name: string;
  /** This instance's id. */
  readonly instance: string;
  readonly held: boolean;
  readonly holder: string | null;
  readonly token: number | null;
  readonly expiresAt: string | null;
}

export interface LeasedProjections extends ProjectionRunner {
  lease(): LeaseStatus;
}

export interface LeasedProjectionsOptions {
  readonly leases: ProjectionLeases;
  readonly name: string;
  readonly instance: string;
  readonly definitions: readonly { readonly name: string; readonly version: number }[];
  /** Starts the runner once the lease is held; every write it makes carries `fence`. */
  readonly start: (fence: WriteFence) => ProjectionRunner;
  readonly settings?: Partial<LeaseSettings>;
  readonly logger: ProjectionLogger;
}

/**
 * Runs the projections on whichever instance holds the lease. A standby tries to take it every
 * `renewMs`, and right after the holder's lease is due to expire; the holder renews it every
 * `renewMs`. The holder trusts its lease for `leaseMs - renewMs` after it last asked for a
 * renewal that succeeded (by its own monotonic clock, timed from the request, not the answer):
 * past that, the fence refuses writes and the runner stops, well before another instance can
 * take the lease. A lease lost to another stops the runner at once.
 */
export function startLeasedProjections(options: LeasedProjectionsOptions): LeasedProjections {
  const settings = { ...DEFAULT_LEASE_SETTINGS, ...options.settings };
  const { leases, name, instance, logger } = options;
  const standby = createStatusTracker(options.definitions);
  standby.stopped();
  const stopping = new AbortController();
  let held: Lease | undefined;
  let seen: Lease | undefined;
  let trustedUntil = 0;
  let fenceOpen = false;
  /** Why the last round could not reach the lease (shown while no runner runs here). */
  let leaseError: { message: string; at: Date } | undefined;
  let runner: ProjectionRunner | undefined;
  let caughtUpResolve: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (caughtUpResolve = resolve));

  const fenceFor = (lease: Lease): WriteFence => ({
    lease: lease.name,
    token: lease.token,
    assertHeld() {
      if (!fenceOpen || held?.token !== lease.token || performance.now() > trustedUntil) {
        throw new LeaseLostError(`the ${name} lease (token ${lease.token}) is no longer held`);
      }
    },
  });

  /** Closes the fence at once, then reports the lease as not held once the runner stopped. */
  async function letGo(reason: string): Promise<void> {
    const lost = held;
    fenceOpen = false;
    if (lost && reason !== 'stopping') {
      logger.warn('projection lease lost; standing by', { token: lost.token, reason });
    }
    const stopped = runner;
    runner = undefined;
    await stopped?.stop();
    held = undefined;
  }

  async function round(): Promise<void> {
    const askedAt = performance.now();
    if (held) {
      const renewed = await leases.renewLease(held, settings.leaseMs);
      if (renewed) {
        held = renewed;
        seen = renewed;
        trustedUntil = askedAt + settings.leaseMs - settings.renewMs;
        // A runner that stopped when its fence ran out of trust starts again under the lease.
        if (runner?.status().state === 'stopped') {
          await runner.stop();
          runner = options.start(fenceFor(renewed));
        }
        return;
      }
      await letGo('taken over by another instance');
      seen = await leases.readLease(name);
      return;
    }
    const lease = await leases.acquireLease(name, instance, settings.leaseMs);
    seen = lease;
    if (lease.holder !== instance) return;
    held = lease;
    fenceOpen = true;
    // Still ours from before (not expired, so not taken afresh): trusted only until it expires.
    trustedUntil = Math.min(
      askedAt + settings.leaseMs - settings.renewMs,
      performance.now() + lease.expiresAt.getTime() - Date.now() - settings.renewMs,
    );
    logger.info('projection lease taken; running the projections', { token: lease.token });
    runner = options.start(fenceFor(lease));
    void runner.whenCaughtUp().then(caughtUpResolve);
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await round();
        leaseError = undefined;
      } catch (error) {
        leaseError = {
          message: error instanceof Error ? error.message : String(error),
          at: new Date(),
        };
        logger.warn('projection lease: the read-model store did not answer', {
          error: error instanceof Error ? error.message : String(error),
        });
        if (held && performance.now() > trustedUntil) await letGo('could not renew in time');
      }
      const untilExpiry = seen && !held ? seen.expiresAt.getTime() - Date.now() + 50 : Infinity;
      await abortableSleep(Math.max(50, Math.min(settings.renewMs, untilExpiry)), stopping.signal);
    }
  })();

  return {
    status(): RunnerStatus {
      if (runner) return runner.status();
      // Unable to reach the lease, this instance is not standing by: it is failing.
      if (leaseError) {
        return {
          ...standby.snapshot(),
          state: 'retrying',
          lastError: leaseError.message,
          lastErrorAt: leaseError.at.toISOString(),
        };
      }
      return { ...standby.snapshot(), state: 'standby' };
    },
    whenCaughtUp: () => caughtUp,
    lease: () => ({
      name,
      instance,
      held: held !== undefined,
      holder: seen?.holder ?? null,
      token: seen?.token ?? null,
      expiresAt: seen?.expiresAt.toISOString() ?? null,
    }),
    async stop() {
      stopping.abort();
      await loop;
      const released = held;
      await letGo('stopping');
      if (released) await leases.releaseLease(released).catch(() => undefined);
    },
  };
}
