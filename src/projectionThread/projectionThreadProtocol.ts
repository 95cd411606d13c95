import type { LeaseStatus } from '../../projections/lease/leasedProjections.js';
import type { RunnerStatus } from '../../projections/runner/projectionStatus.js';
import type { Config } from '../config/config.js';
import type { StoresConfig } from '../openStores.js';

/** What the projection thread is started with: plain data (no secret, no API key). */
export interface ProjectionThreadData {
  readonly config: StoresConfig & Pick<Config, 'projectionsExtra' | 'projectionMaxLagSeconds'>;
  /** The service instance's id, under which the thread takes the projection lease. */
  readonly instance: string;
  /** How often the thread reports its status (the main thread answers `/readyz` from it). */
  readonly reportEveryMs: number;
  /** How often the thread looks for appends to the embedded log. */
  readonly readLogEveryMs: number;
}

/** Main thread → projection thread. */
export type ToProjectionThread = { readonly kind: 'stop' };

/** Projection thread → main thread. */
export type FromProjectionThread =
  | { readonly kind: 'status'; readonly status: RunnerStatus; readonly lease: LeaseStatus }
  | { readonly kind: 'caughtUp' }
  | {
      readonly kind: 'log';
      readonly level: 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields: Record<string, unknown> | undefined;
    }
  /** The batch in flight is written, the lease released and the stores closed. */
  | { readonly kind: 'stopped' };
