import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ProjectionGaugeSource {
  /** Read at scrape time. */
  readonly report: () => {
    readonly healthy: boolean;
    readonly parkedPayments: number;
    readonly projections: Readonly<
      Record<
        string,
        {
          readonly position: { readonly commit: string } | null;
          readonly lagSeconds: number;
          readonly lagEvents: number;
          readonly eventsPerSecond: number;
        }
      >
    >;
  };
}

/** Who holds the projection lease, as this instance last saw it. */
export interface LeaseGaugeSource {
  readonly lease: () => {
    readonly instance: string;
    readonly held: boolean;
    readonly holder: string | null;
    readonly token: number | null;
  };
}

/** Prometheus metrics of one service instance, served at `GET /metrics`. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'payledger_' });
  const webhooks = new Counter({
    name: 'payledger_webhooks_total',
    help: 'Webhook deliveries by gateway and outcome (accepted, duplicate, ignored, quarantined, or the error code).',
    labelNames: ['gateway', 'outcome'] as const,
    registers: [registry],
  });
  const appendSeconds = new Histogram({
    name: 'payledger_event_append_seconds',
    help: 'Time from handing an append to the event store until it is durable.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const divergentDuplicates = new Counter({
    name: 'payledger_divergent_duplicates_total',
    help: 'Redeliveries whose signed body differs from the stored event (the first is kept).',
    labelNames: ['gateway'] as const,
    registers: [registry],
  });

  const apiRequests = new Counter({
    name: 'payledger_api_requests_total',
    // No token fingerprint: /metrics needs no key, and a fingerprint lets a weak key be guessed
    // offline. Which key did what is in the access log.
    help: 'Read API requests by role, route and status; refused ones with role "none".',
    labelNames: ['role', 'route', 'status'] as const,
    registers: [registry],
  });

  return {
    registry,
    webhooks,
    apiRequests,
    appendSeconds,
    divergentDuplicates,
    /** Exposes who holds the projection lease, read at scrape time. */
    watchLease(source: LeaseGaugeSource): void {
      new Gauge({
        name: 'payledger_projection_lease_held',
        help: '1 on the instance holding the projection lease (it runs the projections), 0 elsewhere.',
        labelNames: ['instance'] as const,
        registers: [registry],
        collect() {
          const lease = source.lease();
          this.reset();
          this.set({ instance: lease.instance }, lease.held ? 1 : 0);
        },
      });
      new Gauge({
        name: 'payledger_projection_lease_holder',
        help: 'The instance holding the projection lease, as this instance last saw it (always 1; the holder is the label).',
        labelNames: ['holder'] as const,
        registers: [registry],
        collect() {
          const { holder } = source.lease();
          this.reset();
          if (holder !== null) this.set({ holder }, 1);
        },
      });
      new Gauge({
        name: 'payledger_projection_lease_token',
        help: 'Fencing token of the projection lease as last seen (grows with every new holder); -1 before any.',
        registers: [registry],
        collect() {
          this.set(source.lease().token ?? -1);
        },
      });
    },
    /** Exposes the projections' progress and health, per projection, read at scrape time. */
    watchProjections(source: ProjectionGaugeSource): void {
      const perProjection = (
        name: string,
        help: string,
        value: (
          projection: ReturnType<ProjectionGaugeSource['report']>['projections'][string],
        ) => number,
      ) =>
        new Gauge({
          name,
          help,
          labelNames: ['projection'] as const,
          registers: [registry],
          collect() {
            this.reset();
            for (const [projection, figures] of Object.entries(source.report().projections)) {
              this.set({ projection }, value(figures));
            }
          },
        });
      perProjection(
        'payledger_projection_position',
        'Global (commit) position of the checkpoint last saved, per projection; -1 before the first.',
        (figures) => Number(figures.position?.commit ?? -1),
      );
      perProjection(
        'payledger_projection_lag_seconds',
        'Age of the oldest event in the log not yet applied, per projection.',
        (figures) => figures.lagSeconds,
      );
      perProjection(
        'payledger_projection_lag_events',
        'Events in the log not yet applied (counted up to 1000), per projection.',
        (figures) => figures.lagEvents,
      );
      perProjection(
        'payledger_projection_events_per_second',
        'Events applied per second over the last 10 seconds, per projection.',
        (figures) => figures.eventsPerSecond,
      );
      new Gauge({
        name: 'payledger_projections_healthy',
        help: '1 while the projections run without failing (and lag within PROJECTION_MAX_LAG_SECONDS when set), else 0.',
        registers: [registry],
        collect() {
          this.set(source.report().healthy ? 1 : 0);
        },
      });
      new Gauge({
        name: 'payledger_parked_payments',
        help: 'Payments whose events cannot be applied and are kept aside.',
        registers: [registry],
        collect() {
          this.set(source.report().parkedPayments);
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
