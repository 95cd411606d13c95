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
    leaseHolder: text(field('leaseHolder')),
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
