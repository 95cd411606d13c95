import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ProjectionGaugeSource {
  /** Global position of the last event applied, lag behind the head, recent events per second. */
  readonly status: () => {
    readonly position: bigint | null;
    readonly lagEvents: number;
    readonly eventsPerSecond: number;
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
    /** Exposes a projection runner's progress, read at scrape time. */
    watchProjections(source: ProjectionGaugeSource): void {
      new Gauge({
        name: 'payledger_projection_position',
        help: 'Global position of the last event applied to the read models.',
        registers: [registry],
        collect() {
          this.set(Number(source.status().position ?? -1n));
        },
      });
      new Gauge({
        name: 'payledger_projection_lag_events',
        help: 'Events in the log not yet applied to the read models.',
        registers: [registry],
        collect() {
          this.set(source.status().lagEvents);
        },
      });
      new Gauge({
        name: 'payledger_projection_events_per_second',
        help: 'Events applied per second, over the recent past.',
        registers: [registry],
        collect() {
          this.set(source.status().eventsPerSecond);
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
