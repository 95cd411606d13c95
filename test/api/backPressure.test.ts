import { expect } from 'chai';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { systemClock } from '../../src/domain/clock.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createApiKeyRing } from '../../src/http/apiKeyRing.js';
import { createApp } from '../../src/http/createApp.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createGatewayRegistry } from '../../src/webhooks/gatewayRegistry.js';
import { decodeStandardWebhookSecret } from '../../src/webhooks/gateways/generic/standardWebhookSecret.js';
import { createIngestWebhook } from '../../src/webhooks/ingestWebhook.js';
import { createReplayDelivery } from '../../src/webhooks/deliveries/replayDelivery.js';
import { aGenericPayment } from '../support/builders.js';
import { gatedEventStore } from '../support/gatedEventStore.js';
import { GENERIC_SECRET, signStandardWebhook } from '../support/signStandardWebhook.js';
import { tempDataDir } from '../support/tempDataDir.js';
import { apiFetch } from '../support/openApi/apiFetch.js';

describe('POST /webhooks/:gateway past MAX_PENDING_WEBHOOKS', function () {
  it('answers 503 overloaded with Retry-After beyond the bound, and stores every delivery it admitted', async function () {
    const { dir, remove } = await tempDataDir();
    const sqlite = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
    const stalled = gatedEventStore(sqlite);
    const readModels = createSqliteReadModelStore({ file: join(dir, 'payledger.sqlite') });
    const gateways = createGatewayRegistry({
      secrets: {
        stripe: [],
        razorpay: [],
        generic: [decodeStandardWebhookSecret(GENERIC_SECRET)!],
      },
      ippopay: undefined,
      webhookToleranceSeconds: 300,
    });
    const app = createApp({
      eventStore: stalled.store,
      readModels,
      gateways,
      replayDelivery: createReplayDelivery({
        eventStore: stalled.store,
        gateways,
        clock: systemClock,
      }),
      ingestWebhook: createIngestWebhook({
        eventStore: stalled.store,
        clock: systemClock,
        maxPendingWebhooks: 4,
      }),
      apiKeys: createApiKeyRing([]),
      maxBodyBytes: 1 << 20,
      logger: silentLogger,
      readinessChecks: [],
      metrics: createMetrics(),
    });
    const server: Server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/generic`;
    try {
      const bodies = Array.from({ length: 20 }, () => JSON.stringify(aGenericPayment()));
      let answered = 0;
      const responses = await Promise.all(
        bodies.map(async (body) => {
          const response = await apiFetch(url, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', ...signStandardWebhook(body) },
          });
          // While the store is stalled, only refusals can come back; once all 16 have, let it write.
          answered += 1;
          if (answered === 16) stalled.open();
          return {
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            body: (await response.json()) as Record<string, string>,
          };
        }),
      );

      const refused = responses.filter((r) => r.status !== 200);
      const admitted = responses.filter((r) => r.status === 200);
      expect(refused).to.deep.equal(
        Array(16).fill({
          status: 503,
          retryAfter: '5',
          body: {
            error: 'overloaded',
            message: 'More than 4 webhooks are waiting to be stored; retry shortly.',
          },
        }),
      );
      expect(admitted.map((r) => r.body['status'])).to.deep.equal([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
      ]);
      const stored = await sqlite.readAll({ maxCount: 100 });
      expect(stored.map((e) => e.id)).to.have.members(admitted.map((r) => r.body['eventId']));
    } finally {
      server.close();
      await readModels.close();
      await sqlite.close();
      await remove();
    }
  });
});
