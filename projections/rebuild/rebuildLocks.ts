import type { Lease, ProjectionLeases } from '../../src/readModels/projectionLeases.js';
import { rebuildLease } from '../../src/readModels/readModelNames.js';
import { repeatEvery } from '../runner/repeatEvery.js';

/** Another process is rebuilding one of these projections. */
export class RebuildAlreadyRunningError extends Error {
  override readonly name = 'RebuildAlreadyRunningError';
}

export interface RebuildLocks {
  release(): Promise<void>;
}

/**
 * One lock per projection being rebuilt, as a lease (`rebuild:<projection>`): taken before the
 * rebuild begins (or refused, naming who holds it), renewed while it runs, released at the end,
 * and expiring `ttlMs` after a process that died without releasing it last renewed it.
 */
export async function takeRebuildLocks(
  leases: ProjectionLeases,
  projections: readonly string[],
  holder: string,
  ttlMs = 15_000,
  renewMs = 5_000,
): Promise<RebuildLocks> {
  const held: Lease[] = [];
  const releaseAll = () =>
    Promise.all(held.map((lease) => leases.releaseLease(lease).catch(() => undefined)));
  for (const projection of projections) {
    const lease = await leases.acquireLease(rebuildLease(projection), holder, ttlMs);
    if (lease.holder !== holder) {
      await releaseAll();
      throw new RebuildAlreadyRunningError(
        `a rebuild of ${projection} is already running (${lease.holder}, lock expires ${lease.expiresAt.toISOString()} unless renewed)`,
      );
    }
    held.push(lease);
  }
  const renewal = repeatEvery(renewMs, async () => {
    for (const [index, lease] of held.entries()) {
      held[index] = (await leases.renewLease(lease, ttlMs)) ?? lease;
    }
  });
  return {
    async release() {
      await renewal.stop();
      await releaseAll();
    },
  };
}
