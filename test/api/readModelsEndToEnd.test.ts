import Database from 'better-sqlite3';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { sqliteFile } from '../../src/openStores.js';
import { aGenericPayment, type GenericPaymentOverrides } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import { lowestProjectedPosition, readiness } from '../support/readiness.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { signStripe } from '../support/signStripe.js';
import { ANALYST_TOKEN, startApp, type TestApp } from '../support/startApp.js';
import { testMongoDbUrl } from '../support/testMongoDb.js';

const STRIPE_SECRET = 'whsec_e2e_0123456789abcdef';

/** Reads a collection (MongoDB) or table (SQLite) of the running service directly, as anyone may. */
type DirectRead = (
  collection: string,
  filter: Record<string, string>,
) => Promise<Record<string, unknown>[]>;

const backends: [
  string,
  () => {
    env: Record<string, string>;
    open: (app: TestApp) => Promise<{ read: DirectRead; close: () => Promise<void> }>;
  },
][] = [
  [
    'embedded SQLite',
    () => ({
      env: {},
      open: (app) => {
        const db = new Database(sqliteFile(app.dataDir), { readonly: true });
        return Promise.resolve({
          read: (table, filter) => {
            // Any field is in the JSON; indexed ones also have a column (`WHERE status = 'paid'`).
            const where = Object.keys(filter).map((field) => `document ->> '$.${field}' = ?`);
            const rows = db
              .prepare(
                `SELECT key, document FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY key`,
              )
              .all(...Object.values(filter)) as { key: string; document: string }[];
            return Promise.resolve(
              rows.map((row) => ({ _id: row.key, ...(JSON.parse(row.document) as object) })),
            );
          },
          close: () => {
            db.close();
            return Promise.resolve();
          },
        });
      },
    }),
  ],
  [
    'MongoDB (FerretDB, or MONGODB_URL)',
    () => {
      const database = `e2e_${randomUUID().replaceAll('-', '')}`;
      return {
        env: { MONGODB_URL: testMongoDbUrl(), MONGODB_DB: database },
        open: async () => {
          const client = await new MongoClient(testMongoDbUrl()).connect();
          return {
            read: async (collection, filter) =>
              await client
                .db(database)
                .collection(collection)
                .find(filter)
                .sort({ _id: 1 })
                .toArray(),
            close: async () => {
              await client.db(database).dropDatabase();
              await client.close();
            },
          };
        },
      };
    },
  ],
];

for (const [backend, setUp] of backends)
  describe(`A new user's session: webhooks through to the read models (the real service, ${backend})`, function () {
    this.timeout(30_000);
    let app: TestApp;
    let direct: { read: DirectRead; close: () => Promise<void> };

    before(async function () {
      const { env, open } = setUp();
      app = await startApp({ ...env, STRIPE_WEBHOOK_SECRET: STRIPE_SECRET });
      direct = await open(app);

      const generic = async (overrides: GenericPaymentOverrides) => {
        const body = JSON.stringify(aGenericPayment(overrides));
        const response = await app.post('/webhooks/generic', body, {
          ...signStandardWebhook(body),
        });
        expect(response.status).to.equal(200);
      };
      const stripe = async (fixture: string) => {
        const { rawBody } = loadFixture('stripe', fixture);
        const response = await app.post('/webhooks/stripe', rawBody, {
          'stripe-signature': signStripe(rawBody, STRIPE_SECRET, Math.floor(Date.now() / 1000)),
        });
        expect(response.status, fixture).to.equal(200);
      };
      // ord_a: one payment captured, one captured then partly refunded; ord_b: captured, then
      // fully refunded, with an older authorization arriving late; order_6735: a Stripe payment
      // whose dispute was lost.
      await generic({
        paymentId: 'pay_1',
        orderId: 'ord_a',
        amount: 100.0,
        timestamp: '2024-06-26T10:00:00Z',
      });
      await generic({
        paymentId: 'pay_2',
        orderId: 'ord_a',
        amount: 50.0,
        timestamp: '2024-06-26T10:05:00Z',
      });
      await generic({
        paymentId: 'pay_3',
        orderId: 'ord_b',
        amount: 30.0,
        timestamp: '2024-06-26T11:00:00Z',
      });
      await generic({
        paymentId: 'pay_3',
        orderId: 'ord_b',
        status: 'refunded',
        amount: 30.0,
        timestamp: '2024-06-27T09:00:00Z',
      });
      await generic({
        paymentId: 'pay_3',
        orderId: 'ord_b',
        status: 'authorized',
        amount: 30.0,
        timestamp: '2024-06-26T10:59:00Z',
      });
      const partial = aGenericPayment({
        paymentId: 'pay_2',
        orderId: 'ord_a',
        status: 'partially_refunded',
        amount: 20.0,
        timestamp: '2024-06-27T08:00:00Z',
      });
      const body = JSON.stringify({ ...partial, data: { ...partial.data, refundId: 'rf_1' } });
      expect(
        (await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) })).status,
      ).to.equal(200);
      for (const fixture of [
        'payment_intent.succeeded',
        'charge.dispute.created',
        'charge.dispute.closed.lost',
      ]) {
        await stripe(fixture);
      }
      await eventually(async () => {
        const ready = await readiness(app.url);
        return lowestProjectedPosition(ready.body.checks.projections) === 9n ? true : undefined;
      });
    });

    after(async function () {
      await direct.close();
      await app.stop();
    });

    const api = async (path: string) => {
      const response = await app.get(path, ANALYST_TOKEN);
      expect(response.status, path).to.equal(200);
      return (await response.json()) as Record<string, unknown>;
    };

    it('shows each order in the orders collection, and the same from GET /orders/:id', async function () {
      const [ordA] = await direct.read('orders', { status: 'partially_refunded' });
      expect(ordA).to.deep.include({
        _id: 'ord_a',
        status: 'partially_refunded',
        totals: { USD: { captured: 15000, refunded: 2000, disputedLost: 0, net: 13000 } },
      });
      expect(
        (await direct.read('orders', { status: 'refunded' })).map((order) => order['_id']),
      ).to.deep.equal(['ord_b', 'order_6735']);
      const [lost] = await direct.read('orders', { orderId: 'order_6735' });
      expect(lost).to.deep.include({
        totals: { USD: { captured: 2000, refunded: 0, disputedLost: 2000, net: 0 } },
      });
      for (const order of [ordA, lost]) {
        const {
          _id: orderId,
          orderId: _same,
          lastGlobalPosition: _position,
          ...fields
        } = order ?? {};
        expect(await api(`/orders/${String(orderId)}`)).to.deep.equal({ orderId, ...fields });
      }
    });

    it('shows each payment in the payments collection, a lost dispute as refunded money', async function () {
      const [disputed] = await direct.read('payments', {
        paymentId: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      });
      expect(disputed).to.deep.include({
        status: 'refunded',
        refundedAmount: 0,
        disputed: true,
        disputeStatus: 'lost',
        disputedLostAmount: 2000,
        orderId: 'order_6735',
      });
      const [lateOlder] = await direct.read('payments', { paymentId: 'pay_3' });
      expect(lateOlder).to.deep.include({
        status: 'refunded',
        refundedAmount: 3000,
        eventCount: 3,
      });
      expect(await api('/payments/generic/pay_2')).to.deep.include({
        status: 'partially_refunded',
        amount: 5000,
        refundedAmount: 2000,
      });
    });

    it('shows the daily totals in the daily_totals collection, and the same from GET /reports/daily', async function () {
      const rows = (await direct.read('daily_totals', {}))
        .filter((row) => (row['count'] as number) > 0)
        .map(({ day, gateway, currency, status, count, amount }) => ({
          day,
          gateway,
          currency,
          status,
          count,
          amount,
        }));
      const report = (await api('/reports/daily')) as { rows: unknown[] };
      expect(report.rows).to.deep.equal(rows);
      expect(report.rows).to.deep.include.members([
        {
          day: '2024-06-26',
          gateway: 'generic',
          currency: 'USD',
          status: 'captured',
          count: 3,
          amount: 18000,
        },
        {
          day: '2024-06-26',
          gateway: 'generic',
          currency: 'USD',
          status: 'authorized',
          count: 1,
          amount: 3000,
        },
        {
          day: '2024-06-27',
          gateway: 'generic',
          currency: 'USD',
          status: 'partially_refunded',
          count: 1,
          amount: 2000,
        },
        {
          day: '2024-06-27',
          gateway: 'generic',
          currency: 'USD',
          status: 'refunded',
          count: 1,
          amount: 3000,
        },
        {
          day: '2022-04-05',
          gateway: 'stripe',
          currency: 'USD',
          status: 'refunded',
          count: 1,
          amount: 2000,
        },
      ]);
    });

    it('reports every projection, with its lag, in /readyz and /metrics', async function () {
      const ready = await readiness(app.url);
      expect(ready.status).to.equal(200);
      expect(ready.body.checks.projections).to.deep.include({
        ready: true,
        caughtUp: true,
        lastError: null,
        parkedPayments: 0,
      });
      expect(Object.keys(ready.body.checks.projections?.projections ?? {})).to.deep.equal([
        'payments',
        'orders',
        'daily_totals',
        'parked_payments',
      ]);
      const metrics = await (await app.get('/metrics')).text();
      expect(metrics).to.include('payledger_projection_position{projection="orders"} 9\n');
      expect(metrics).to.include('payledger_projection_lag_events{projection="payments"} 0\n');
      expect(metrics).to.include('payledger_projections_healthy 1\n');
    });
  });
