import { createServer, type Server } from 'node:http';
import type { Config } from './config/config.js';
import { systemClock, type Clock } from './domain/clock.js';
import type { EventStore } from './eventStore/eventStore.js';
import type { ReadModelStore } from './readModels/readModelStore.js';
import { openStores } from './openStores.js';
import { watchProjectionHealth } from '../projections/projectionHealth.js';
import { startProjectionThread } from './projectionThread/startProjectionThread.js';
import { PROJECTIONS_LEASE } from './readModels/readModelNames.js';
import { instanceId } from './instanceId.js';
import { projectionOptionsFrom } from './projectionOptions.js';
import { loadProjectionModules, ProjectionModuleError } from './projectionModules.js';
import { ConfigError } from './config/configError.js';
import { createApp } from './http/createApp.js';
import { instrumentEventStore } from './eventStore/instrumentEventStore.js';
import { createMetrics } from './observability/metrics.js';
import type { Logger } from './observability/logger.js';
import { changedSecretVariables } from './config/secretChanges.js';
import type { SecretVariable } from './config/secretFiles.js';
import { createApiKeyRing } from './http/apiKeyRing.js';
import { listLegacyDeliveries } from './webhooks/deliveries/listLegacyDeliveries.js';
import { gatewayRegistryBuilder, type GatewayRegistry } from './webhooks/gatewayRegistry.js';
import { createIngestWebhook } from './webhooks/ingestWebhook.js';
import type { Digester } from './audit/digest/digester.js';
import { loadAuditSigner, startAuditDigests } from './audit/startAuditDigests.js';
import { createReplayDelivery } from './webhooks/deliveries/replayDelivery.js';

export interface Service {
  readonly server: Server;
  readonly url: string;
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  /** Unless AUDIT_DIGEST_INTERVAL_SECONDS=0. */
  readonly digester: Digester | undefined;
  /**
   * Swaps in the secrets and API keys of `next` at once (gateways are rebuilt first, then one
   * assignment switches): a delivery is checked against the old set or the new, never a mix.
   * Everything else in `next` is ignored. Returns the secret variables that changed.
   */
  reloadSecrets(next: Config): SecretVariable[];
  /** Resolves once the deliveries an older payledger quarantined unlisted are listed. */
  legacyDeliveriesListed(): Promise<void>;
  close(): Promise<void>;
}

/** How often the projection thread reports its status to `/readyz`, `/metrics` and the console. */
const PROJECTION_REPORT_MS = 100;
/**
 * How often the projection thread looks for new events in the embedded log (the main thread's
 * appends do not wake it): at most this much is added to the projections' lag, and an idle
 * service pays one indexed read per period, on that thread.
 */
const PROJECTION_LOG_POLL_MS = 20;

/** Composition root shared by `main.ts` and the tests: adapters → use cases → HTTP, listening. */
export async function startService(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<Service> {
  const auditSigner = loadAuditSigner(config);
  const metrics = createMetrics();
  const stores = openStores(config, { logger });
  const eventStore = instrumentEventStore(stores.eventStore, (seconds) => {
    metrics.appendSeconds.observe(seconds);
  });
  const readModels = stores.readModels;
  const options = projectionOptionsFrom(config);
  const definitions = [
    ...options.definitions,
    ...(await loadProjectionModules(config.projectionsExtra).catch((error: unknown) => {
      if (!(error instanceof ProjectionModuleError)) throw error;
      throw new ConfigError([{ variable: 'PROJECTIONS_EXTRA', message: error.message }]);
    })),
  ];
  const instance = instanceId();
  // In a worker thread with stores of its own: projecting costs the event loop nothing but the
  // status messages, and no read-model commit waits for SQLite's lock on it.
  const projections = config.projectionsEnabled
    ? startProjectionThread({
        config: {
          dataDir: config.dataDir,
          eventStoreUrl: config.eventStoreUrl,
          mongodbUrl: config.mongodbUrl,
          mongodbDb: config.mongodbDb,
          projectionsExtra: config.projectionsExtra,
          projectionMaxLagSeconds: config.projectionMaxLagSeconds,
        },
        instance,
        leaseName: PROJECTIONS_LEASE,
        definitions,
        logger,
        reportEveryMs: PROJECTION_REPORT_MS,
        readLogEveryMs: PROJECTION_LOG_POLL_MS,
      })
    : undefined;
  if (projections) metrics.watchLease(projections);
  const health =
    projections &&
    watchProjectionHealth({
      runner: projections,
      parked: readModels,
      maxLagSeconds: options.maxLagSeconds,
      logger,
    });
  if (health) metrics.watchProjections(health);
  else logger.info('projections: disabled on this instance (PROJECTIONS_ENABLED=false)');
  const digester = startAuditDigests(config, {
    eventStore,
    logger,
    clock,
    signer: auditSigner,
  });
  let current = config;
  const buildRegistry = gatewayRegistryBuilder();
  let registry = buildRegistry(config);
  const gateways: GatewayRegistry = (name) => registry(name);
  const apiKeys = createApiKeyRing(config.apiKeys);
  const ingestWebhook = createIngestWebhook({
    eventStore,
    clock,
    maxPendingWebhooks: config.maxPendingWebhooks,
    onDivergentDuplicate: (gateway, eventId) => {
      metrics.divergentDuplicates.inc({ gateway });
      logger.warn('redelivery with a different body; first kept, second quarantined', {
        gateway,
        eventId,
      });
    },
  });
  const app = createApp({
    eventStore,
    readModels,
    gateways,
    ingestWebhook,
    replayDelivery: createReplayDelivery({ eventStore, gateways, clock }),
    apiKeys,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    metrics,
    ...(digester ? { digester } : {}),
    // Webhooks can be accepted while the event store answers, whatever the read models do.
    readinessChecks: [
      {
        name: 'eventStore',
        gates: true,
        check: async () => {
          await eventStore.ping();
          return { ready: true };
        },
      },
      {
        name: 'readModels',
        gates: false,
        check: async () => {
          await readModels.ping();
          return { ready: true };
        },
      },
      ...(health
        ? [
            {
              name: 'projections',
              gates: false,
              check: () => {
                const { healthy, reason, ...report } = health.report();
                const lease = projections.lease();
                return Promise.resolve({
                  ready: healthy,
                  ...(reason === null ? {} : { reason }),
                  ...report,
                  instance: lease.instance,
                  leaseHeld: lease.held,
                  leaseHolder: lease.holder,
                  leaseToken: lease.token,
                  leaseExpiresAt: lease.expiresAt,
                });
              },
            },
          ]
        : [
            {
              name: 'projections',
              gates: false,
              // Opted out: it runs no projections, but says who does.
              check: async () => {
                const lease = await readModels.readLease(PROJECTIONS_LEASE);
                const live = lease && lease.expiresAt.getTime() > Date.now() ? lease : undefined;
                return {
                  ready: true,
                  state: 'disabled',
                  instance,
                  leaseHeld: false,
                  leaseHolder: live?.holder ?? null,
                  leaseToken: lease?.token ?? null,
                  leaseExpiresAt: lease?.expiresAt.toISOString() ?? null,
                };
              },
            },
          ]),
    ],
  });

  const handleRequest = app.callback();
  const server = createServer(
    {
      requestTimeout: config.requestTimeoutSeconds * 1000,
      // Node looks for overdue requests this often (default 30 s); a slow body is cut off close to
      // the timeout rather than up to 30 s later.
      connectionsCheckingInterval: 1000,
    },
    (request, response) => {
      void handleRequest(request, response);
    },
  );
  server.listen({ port: config.port, host: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info('listening', { url });
  const stopping = new AbortController();
  const legacyListed = listLegacyDeliveries(eventStore, { signal: stopping.signal }).then(
    (listed) => {
      if (listed > 0)
        logger.info('listed deliveries quarantined by an older payledger', { deliveries: listed });
    },
    (error: unknown) => {
      if (!stopping.signal.aborted)
        logger.warn(
          'could not list deliveries quarantined by an older payledger; next start retries',
          {
            error: error instanceof Error ? error.message : String(error),
          },
        );
    },
  );

  return {
    server,
    url,
    eventStore,
    readModels,
    digester,
    reloadSecrets(next) {
      const changed = changedSecretVariables(current, next);
      const nextRegistry = buildRegistry(next);
      registry = nextRegistry;
      apiKeys.replace(next.apiKeys);
      current = {
        ...current,
        secrets: next.secrets,
        ippopay: next.ippopay,
        apiKeys: next.apiKeys,
      };
      return changed;
    },
    legacyDeliveriesListed: () => legacyListed,
    async close() {
      stopping.abort();
      await legacyListed;
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeIdleConnections();
      });
      await health?.stop();
      await projections?.stop();
      await digester?.stop();
      await readModels.close();
      await eventStore.close();
    },
  };
}
