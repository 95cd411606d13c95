import { expect } from 'chai';
import Koa from 'koa';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { createRoleGuard } from '../../src/http/requireRole.js';
import { errorMiddleware } from '../../src/http/errorMiddleware.js';
import { ordersRouter } from '../../src/http/routes/ordersRouter.js';
import { paymentsRouter } from '../../src/http/routes/paymentsRouter.js';
import { reportsRouter } from '../../src/http/routes/reportsRouter.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { foldEvents } from '../../projections/foldEvents.js';
import { aPaymentEvent, recordInOrder } from '../support/paymentEvents.js';
import { ANALYST_TOKEN, AUDITOR_TOKEN } from '../support/startApp.js';
import { apiFetch } from '../support/openApi/apiFetch.js';
import { tempDataDir } from '../support/tempDataDir.js';

const [E1, E2, E3] = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
];

// The read routes on their own app until createApp wires them (same middleware order).
describe('read-model API: GET /payments, /orders, /reports/daily', function () {
  let server: Server;
  let url: string;
  let readModels: ReadModelStore;
  let eventStore: EventStore;
  let remove: () => Promise<void>;
  const get = (path: string, token: string | null = ANALYST_TOKEN) =>
    apiFetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  before(async function () {
    const temp = await tempDataDir();
    remove = temp.remove;
    readModels = createSqliteReadModelStore({ file: join(temp.dir, 'payledger.sqlite') });
    eventStore = createSqliteEventStore({ file: join(temp.dir, 'events.sqlite') });
    const events = recordInOrder(
      [
        {
          id: E1,
          paymentId: 'pi_1',
          status: 'authorized' as const,
          occurredAt: '2024-06-26T10:00:00Z',
        },
        {
          id: E2,
          paymentId: 'pi_1',
          status: 'captured' as const,
          occurredAt: '2024-06-26T10:00:05Z',
        },
        {
          id: E3,
          paymentId: 'pi_2',
          status: 'failed' as const,
          occurredAt: '2024-06-27T08:00:00Z',
        },
      ].map(aPaymentEvent),
    );
    for (const definition of BUILT_IN_PROJECTIONS) {
      const target = await readModels.liveTarget(definition.name);
      await readModels.prepare(target, definition.indexes, definition.version);
      await readModels.write([
        {
          target,
          changes: [...foldEvents(definition, events)].map(([key, next]) => ({
            key,
            expected: undefined,
            next,
          })),
          checkpoint: { commit: 3n, prepare: 3n },
          version: definition.version,
        },
      ]);
    }
    const requireRole = createRoleGuard([
      { role: 'auditor', token: AUDITOR_TOKEN },
      { role: 'analyst', token: ANALYST_TOKEN },
    ]);
    const app = new Koa();
    app.use(errorMiddleware(silentLogger));
    for (const router of [
      paymentsRouter({ readModels, eventStore, requireRole }),
      ordersRouter({ readModels, eventStore, requireRole }),
      reportsRouter({ readModels, requireRole }),
    ]) {
      app.use(router.routes());
    }
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async function () {
    await new Promise((resolve) => server.close(resolve));
    await readModels.close();
    await eventStore.close();
    await remove();
  });

  describe('GET /payments/:gateway/:paymentId', function () {
    it('answers the current payment and which event decided its status', async function () {
      const response = await get('/payments/stripe/pi_1');
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({
        gateway: 'stripe',
        paymentId: 'pi_1',
        orderId: 'ord_1',
        status: 'captured',
        amount: 1999,
        currency: 'USD',
        refundedAmount: 0,
        disputed: false,
        disputeStatus: null,
        disputedLostAmount: 0,
        lastEventAt: '2024-06-26T10:00:05.000Z',
        decidedBy: {
          eventId: E2,
          status: 'captured',
          occurredAt: '2024-06-26T10:00:05Z',
          gatewayEventType: 'payment.captured',
        },
        eventCount: 2,
        version: 2,
        lastGlobalPosition: { commit: '2', prepare: '2' },
      });
    });

    it('answers 404 payment_not_found for an unknown payment', async function () {
      const response = await get('/payments/stripe/pi_none');
      expect(response.status).to.equal(404);
      expect(((await response.json()) as { error: string }).error).to.equal('payment_not_found');
    });

    it('answers 401 without a key and the payment to an auditor', async function () {
      expect((await get('/payments/stripe/pi_1', null)).status).to.equal(401);
      const response = await get('/payments/stripe/pi_1', AUDITOR_TOKEN);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.include({ paymentId: 'pi_1', status: 'captured' });
    });
  });

  describe('GET /payments', function () {
    it('filters and pages with nextCursor', async function () {
      const first = await get('/payments?limit=1');
      const page1 = (await first.json()) as { items: { paymentId: string }[]; nextCursor: string };
      expect(page1.items.map((p) => p.paymentId)).to.deep.equal(['pi_2']);
      const second = await get(`/payments?limit=1&cursor=${page1.nextCursor}`);
      expect(await second.json()).to.deep.include({ nextCursor: null });
      const failed = await get('/payments?status=failed&currency=usd&from=2024-06-27');
      const body = (await failed.json()) as { items: { paymentId: string }[] };
      expect(body.items.map((p) => p.paymentId)).to.deep.equal(['pi_2']);
    });

    it('answers 400 invalid_query for a bad filter or cursor', async function () {
      for (const query of ['status=paid', 'limit=0', 'from=yesterday', 'cursor=nonsense', 'x=1']) {
        const response = await get(`/payments?${query}`);
        expect(response.status, query).to.equal(400);
        expect(((await response.json()) as { error: string }).error).to.equal('invalid_query');
      }
    });
  });

  describe('GET /orders/:orderId', function () {
    it('answers the order with its payments and totals per currency', async function () {
      const response = await get('/orders/ord_1');
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({
        orderId: 'ord_1',
        status: 'paid',
        payments: [
          {
            gateway: 'stripe',
            paymentId: 'pi_1',
            status: 'captured',
            amount: 1999,
            currency: 'USD',
            refundedAmount: 0,
            disputedLostAmount: 0,
            lastEventAt: '2024-06-26T10:00:05.000Z',
          },
          {
            gateway: 'stripe',
            paymentId: 'pi_2',
            status: 'failed',
            amount: 1999,
            currency: 'USD',
            refundedAmount: 0,
            disputedLostAmount: 0,
            lastEventAt: '2024-06-27T08:00:00.000Z',
          },
        ],
        totals: { USD: { captured: 1999, refunded: 0, disputedLost: 0, net: 1999 } },
        lastEventAt: '2024-06-27T08:00:00.000Z',
      });
      const missing = await get('/orders/ord_none');
      expect(missing.status).to.equal(404);
      expect(((await missing.json()) as { error: string }).error).to.equal('order_not_found');
    });
  });

  describe('GET /orders', function () {
    it('lists orders by status and most recent event, and answers 400 for a bad filter', async function () {
      const paid = await get('/orders?status=paid&limit=10');
      expect(paid.status).to.equal(200);
      const body = (await paid.json()) as {
        items: { orderId: string }[];
        nextCursor: string | null;
      };
      expect(body.items.map((order) => order.orderId)).to.deep.equal(['ord_1']);
      expect(body.nextCursor).to.equal(null);
      expect(
        ((await (await get('/orders?status=refunded')).json()) as { items: unknown[] }).items,
      ).to.deep.equal([]);
      for (const query of ['status=captured', 'limit=0', 'from=yesterday', 'x=1']) {
        expect((await get(`/orders?${query}`)).status, query).to.equal(400);
      }
    });
  });

  describe('GET /reports/daily', function () {
    it('answers count and amount per day, gateway, currency and status', async function () {
      const response = await get('/reports/daily?from=2024-06-27&to=2024-06-27');
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({
        from: '2024-06-27',
        to: '2024-06-27',
        rows: [
          {
            day: '2024-06-27',
            gateway: 'stripe',
            currency: 'USD',
            status: 'failed',
            count: 1,
            amount: 1999,
          },
        ],
      });
      expect((await get('/reports/daily?from=2024-06-28&to=2024-06-27')).status).to.equal(400);
    });
  });
});
