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
  /** The instance holding the projection lease, once the service reports it (issue 11). */
  readonly leaseHolder: string | undefined;
}

export interface StoreCheck {
  readonly name: string;
  readonly ready: boolean;
  readonly reason: string | undefined;
}

type Fields = Readonly<Record<string, unknown>>;

const text = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
const flag = (value: unknown) => (typeof value === 'boolean' ? value : undefined);
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null;

function toHealth(name: string, fields: Fields, inherited?: Fields): ProjectionHealth {
  const ready = flag(fields['ready']) ?? flag(inherited?.['ready']) ?? true;
  return {
    name: text(fields['name']) ?? name,
    ready,
    reason: text(fields['reason']),
    state: text(fields['state']),
    caughtUp: flag(fields['caughtUp']),
    position: text(fields['position']),
    lagSeconds: number(fields['lagSeconds']),
    lagEvents: number(fields['lagEvents']),
    eventsPerSecond: number(fields['eventsPerSecond']),
    parkedPayments: number(fields['parkedPayments'] ?? fields['parked']),
    lastError: text(fields['lastError']),
    leaseHolder: text(fields['leaseHolder'] ?? inherited?.['leaseHolder']),
  };
}

/**
 * Splits `/readyz` into the stores' checks and the projections' health. Today one `projections`
 * check covers every read model; a check that lists its projections (as a map or a list under
 * `projections`) is shown one row per projection.
 */
export function readReadiness(readiness: Readiness): {
  readonly stores: readonly StoreCheck[];
  readonly projections: readonly ProjectionHealth[];
} {
  const stores: StoreCheck[] = [];
  const projections: ProjectionHealth[] = [];
  for (const [name, check] of Object.entries(readiness.checks)) {
    if (!name.startsWith('projection')) {
      stores.push({ name, ready: check.ready, reason: check.reason });
      continue;
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
    } else {
      projections.push(toHealth('all read models', check));
    }
  }
  return { stores, projections };
}
