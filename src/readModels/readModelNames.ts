/** The stable names of the built-in read models (DESIGN "Read models as stored"). */
export const READ_MODELS = {
  payments: 'payments',
  orders: 'orders',
  dailyTotals: 'daily_totals',
  parkedPayments: 'parked_payments',
} as const;

export const CHECKPOINTS = 'projection_checkpoints';

export const LEASES = 'projection_leases';

/** The lease of the live projection runner (one instance writes the live read models). */
export const PROJECTIONS_LEASE = 'projections';

/** The lock a rebuild of one projection holds while it runs. */
export const rebuildLease = (projection: string): string => `rebuild:${projection}`;

/** Collection names that are safe as SQL identifiers and MongoDB collection names. */
const PROJECTION_NAME = /^[a-z][a-z0-9_]{0,47}$/;

export function assertProjectionName(name: string): void {
  if (!PROJECTION_NAME.test(name) || name.includes('__')) {
    throw new RangeError(
      `projection name "${name.slice(0, 60)}" must be lower-case letters, digits and single underscores, starting with a letter (at most 48)`,
    );
  }
}

export const rebuildCollection = (projection: string, generation: number): string =>
  `${projection}__rebuild_${generation}`;

export const retiredCollection = (projection: string, generation: number): string =>
  `${projection}__retired_${generation}`;
