import Koa from 'koa';
import { randomUUID } from 'node:crypto';
import type { Digester } from '../audit/digest/digester.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { Logger } from '../observability/logger.js';
import type { ReadModelStore } from '../readModels/readModelStore.js';
import type { Metrics } from '../observability/metrics.js';
import type { GatewayRegistry } from '../webhooks/gatewayRegistry.js';
import type { IngestWebhook } from '../webhooks/ingestWebhook.js';
import type { ReplayDelivery } from '../webhooks/deliveries/replayDelivery.js';
import { accessLog } from './accessLog.js';
import type { ApiKeyRing } from './apiKeyRing.js';
import { consoleAssetsFrom, defaultConsoleDir, isConsoleBuilt } from './console/consoleAssets.js';
import { serveConsole } from './console/serveConsole.js';
import { errorMiddleware } from './errorMiddleware.js';
import { createFailedTokenLimiter } from './failedTokenLimiter.js';
import { RouteNotFoundError } from './httpErrors.js';
import { createRoleGuard } from './requireRole.js';
import { auditRouter } from './routes/auditRouter.js';
import { chainRouter } from './routes/chainRouter.js';
import { healthRouter, type ReadinessCheck } from './routes/healthRouter.js';
import { historyRouter } from './routes/historyRouter.js';
import { metricsRouter } from './routes/metricsRouter.js';
import { openApiRouter } from './routes/openApiRouter.js';
import { ordersRouter } from './routes/ordersRouter.js';
import { paymentDeliveriesRouter } from './routes/paymentDeliveriesRouter.js';
import { paymentsRouter } from './routes/paymentsRouter.js';
import { quarantineRouter } from './routes/quarantineRouter.js';
import { reportsRouter } from './routes/reportsRouter.js';
import { sessionRouter } from './routes/sessionRouter.js';
import { webhooksRouter } from './routes/webhooksRouter.js';

export interface AppDeps {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly gateways: GatewayRegistry;
  readonly ingestWebhook: IngestWebhook;
  readonly replayDelivery: ReplayDelivery;
  readonly apiKeys: ApiKeyRing;
  readonly maxBodyBytes: number;
  readonly logger: Logger;
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly metrics: Metrics;
  /** This instance's digester, if it runs one (`GET /audit/digest` reads the store either way). */
  readonly digester?: Digester;
}

/** Builds the Koa application; never listens, so tests and `main.ts` choose the port. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  const requireRole = createRoleGuard(deps.apiKeys, createFailedTokenLimiter());
  // Errors Koa meets outside the middleware chain (a client that times out or hangs up mid-body)
  // go to the JSON log rather than stderr.
  app.on('error', (error: unknown) => {
    deps.logger.warn('request error outside the handler', {
      error: error instanceof Error ? error.message : String(error),
    });
  });
  app.use(async (ctx, next) => {
    const incoming = ctx.get('x-correlation-id');
    ctx.state['correlationId'] = /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Correlation-Id', String(ctx.state['correlationId']));
    await next();
  });
  app.use(accessLog({ logger: deps.logger, requests: deps.metrics.apiRequests }));
  app.use(errorMiddleware(deps.logger));
  const consoleDir = defaultConsoleDir();
  if (!isConsoleBuilt(consoleDir)) {
    deps.logger.info('console: not built; /console answers 404 until `npm run build`');
  }
  app.use(serveConsole(consoleAssetsFrom(consoleDir)));
  for (const router of [
    webhooksRouter({
      gateways: deps.gateways,
      ingestWebhook: deps.ingestWebhook,
      maxBodyBytes: deps.maxBodyBytes,
      onOutcome: (gateway, outcome) => {
        deps.metrics.webhooks.inc({ gateway, outcome });
      },
    }),
    sessionRouter({ requireRole }),
    historyRouter({ eventStore: deps.eventStore, requireRole }),
    paymentDeliveriesRouter({ eventStore: deps.eventStore, requireRole }),
    chainRouter({ eventStore: deps.eventStore, requireRole }),
    auditRouter({ eventStore: deps.eventStore, digester: deps.digester, requireRole }),
    paymentsRouter({ readModels: deps.readModels, eventStore: deps.eventStore, requireRole }),
    ordersRouter({ readModels: deps.readModels, eventStore: deps.eventStore, requireRole }),
    reportsRouter({ readModels: deps.readModels, requireRole }),
    quarantineRouter({
      eventStore: deps.eventStore,
      replayDelivery: deps.replayDelivery,
      requireRole,
    }),
    healthRouter(deps.readinessChecks),
    metricsRouter(deps.metrics.registry),
    openApiRouter(),
  ]) {
    app.use(router.routes());
  }
  app.use((ctx) => {
    throw new RouteNotFoundError(ctx.path);
  });
  return app;
}
