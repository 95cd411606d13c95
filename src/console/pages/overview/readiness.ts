import type { Readiness } from '../../api/schemas.js';

/** One projection's health, as far as `/readyz` tells it. */
export interface ProjectionHealth {
  readonly name: string;
  readonly ready: boolean;
  readonly reason: string | undefined;
  readonly state: string | undefined;
  readonly caughtUp: boolean | undefined;
  readonly position: string | undefined;
  readonly lagSeconds: number | undefined;
  readonly lagEvents: number | undefined;
  readonly eventsPerSecond: number | undefined;
  readonly parkedPayments: number | undefined;
  readonly lastError: string | undefined;
  /**
   * The instance holding the projection lease: undefined while the service does not report the
   * lease, null when it does and nobody holds it.
   */
  readonly leaseHolder: string | null | undefined;
}

/** Who holds the projection lease, and whether it is the instance that answered. */
export interface LeaseView {
  readonly holder: string | null;
  readonly thisInstance: boolean;
}

export interface StoreCheck {
  readonly name: string;
  readonly ready: boolean;
  readonly reason: string | undefined;
}

type Fields = Readonly<Record<string, unknown>>;

const text = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
/** A position as text: a whole `{ commit, prepare }` position shows its commit. */
const position = (value: unknown) => (isFields(value) ? text(value['commit']) : text(value));
const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
const flag = (value: unknown) => (typeof value === 'boolean' ? value : undefined);
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null;

/** A projection's own fields, else those the check states for every projection. */
function toHealth(name: string, fields: Fields, inherited?: Fields): ProjectionHealth {
  const field = (key: string) => fields[key] ?? inherited?.[key];
  const ready = flag(field('ready')) ?? true;
  return {
    name: text(fields['name']) ?? name,
    ready,
    reason: text(field('reason')),
    state: text(field('state')),
    caughtUp: flag(field('caughtUp')),
    position: position(fields['position']),
    lagSeconds: number(fields['lagSeconds']),
    lagEvents: number(fields['lagEvents']),
    eventsPerSecond: number(fields['eventsPerSecond']),
    parkedPayments: number(field('parkedPayments') ?? field('parked')),
    lastError: text(field('lastError')),
    leaseHolder: field('leaseHolder') === null ? null : text(field('leaseHolder')),
  };
}

/**
 * Splits `/readyz` into the stores' checks, the projections' health and the projection lease.
 * The `projections` check lists its projections (a map, or a list, under `projections`), one row
 * each, with the fields it states for all of them (state, parked payments, last error) inherited;
 * a check without the list is one row for every read model, and an opted-out instance
 * (`state: 'disabled'`) has none.
 */
export function readReadiness(readiness: Readiness): {
  readonly stores: readonly StoreCheck[];
  readonly projections: readonly ProjectionHealth[];
  /** Undefined until the service reports the lease. */
  readonly lease: LeaseView | undefined;
} {
  const stores: StoreCheck[] = [];
  const projections: ProjectionHealth[] = [];
  let lease: LeaseView | undefined;
  for (const [name, check] of Object.entries(readiness.checks)) {
    if (!name.startsWith('projection')) {
      stores.push({ name, ready: check.ready, reason: check.reason });
      continue;
    }
    const holder = check['leaseHolder'];
    if (holder === null || typeof holder === 'string') {
      lease = { holder, thisInstance: holder !== null && holder === check['instance'] };
    }
    const listed: unknown = check['projections'];
    if (Array.isArray(listed)) {
      listed.forEach((entry: unknown, index) => {
        if (isFields(entry)) projections.push(toHealth(`projection ${index + 1}`, entry, check));
      });
    } else if (isFields(listed)) {
      for (const [projection, entry] of Object.entries(listed)) {
        if (isFields(entry)) projections.push(toHealth(projection, entry, check));
      }
    } else if (check['state'] !== 'disabled') {
      projections.push(toHealth('all read models', check));
    }
  }
  return { stores, projections, lease };
}
