import { expect } from 'chai';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { aPaymentEvent, type PaymentEventSpec } from '../support/paymentEvents.js';
import { readiness } from '../support/readiness.js';
import { eventually } from '../support/eventually.js';
import {
  ADMIN_TOKEN,
  ANALYST_TOKEN,
  AUDITOR_TOKEN,
  startApp,
  type TestApp,
} from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * One Stripe payment for 100.00 USD: captured, refunded 25.00, disputed, the dispute lost, and
 * the rest refunded, whose notice the gateway dates before the dispute but which reached
 * payledger last. A second payment of the same order is captured in EUR. Apart, pi_m1 names
 * order ord_m, then moves to ord_n, which pi_m2 names throughout.
 */
const EVENTS: readonly (PaymentEventSpec & { readonly recordedAt: string })[] = [
  {
    id: id(1),
    status: 'captured',
    amount: 10000,
    occurredAt: '2026-11-01T10:00:00Z',
    recordedAt: '2026-11-01T10:00:02Z',
  },
  {
    id: id(7),
    paymentId: 'pi_m1',
    orderId: 'ord_m',
    amount: 3000,
    occurredAt: '2026-11-01T12:00:00Z',
    recordedAt: '2026-11-01T12:00:01Z',
  },
  {
    id: id(8),
    paymentId: 'pi_m2',
    orderId: 'ord_n',
    amount: 4000,
    occurredAt: '2026-11-01T13:00:00Z',
    recordedAt: '2026-11-01T13:00:01Z',
  },
  {
    id: id(2),
    status: 'partially_refunded',
    amount: 2500,
    refundId: 're_1',
    refundedAmount: 2500,
    occurredAt: '2026-11-02T09:00:00Z',
    recordedAt: '2026-11-02T09:00:02Z',
  },
  {
    id: id(6),
    paymentId: 'pi_b',
    status: 'captured',
    amount: 5000,
    currency: 'EUR',
    occurredAt: '2026-11-02T12:00:00Z',
    recordedAt: '2026-11-02T12:00:01Z',
  },
  {
    id: id(9),
    paymentId: 'pi_m1',
    orderId: 'ord_n',
    amount: 3000,
    occurredAt: '2026-11-03T10:00:00Z',
    recordedAt: '2026-11-03T10:00:01Z',
  },
  {
    id: id(4),
    status: 'disputed',
    amount: 10000,
    dispute: { id: 'dp_1', outcome: 'open' },
    occurredAt: '2026-11-05T09:00:00Z',
    recordedAt: '2026-11-05T09:00:02Z',
  },
  {
    id: id(5),
    status: 'disputed',
    amount: 10000,
    dispute: { id: 'dp_1', outcome: 'lost' },
    occurredAt: '2026-11-07T09:00:00Z',
    recordedAt: '2026-11-07T09:00:02Z',
  },
  {
    id: id(3),
    status: 'refunded',
    amount: 7500,
    refundId: 're_2',
    refundedAmount: 10000,
    occurredAt: '2026-11-03T12:00:00Z',
    recordedAt: '2026-11-08T08:00:00Z',
  },
].map(
  (spec) =>
    ({ paymentId: 'pi_a', orderId: 'ord_a', ...spec }) as PaymentEventSpec & { recordedAt: string },
);

const paymentIds = (order: Record<string, unknown>) =>
  (order['payments'] as { paymentId: string }[]).map((payment) => payment.paymentId);

describe('GET /payments/:gateway/:paymentId?asOf= and /orders/:orderId?asOf=', function () {
  let app: TestApp;
  let remove: () => Promise<void>;
  const get = async (path: string, token = AUDITOR_TOKEN) => {
    const response = await app.get(path, token);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const paymentAt = (at: string, effective = false) =>
    get(
      `/payments/stripe/pi_a?asOf=${encodeURIComponent(at)}${effective ? '&effective=true' : ''}`,
    );
  const orderAt = (at: string, effective = false) =>
    get(`/orders/ord_a?asOf=${encodeURIComponent(at)}${effective ? '&effective=true' : ''}`);

  before(async function () {
    const temp = await tempDataDir();
    const dir = temp.dir;
    remove = temp.remove;
    let now = 0;
    const store = createSqliteEventStore({ file: join(dir, 'payledger.sqlite'), now: () => now });
    for (const { recordedAt, ...spec } of EVENTS) {
      now = Date.parse(recordedAt);
      const { streamName, ...event } = aPaymentEvent(spec);
      await store.appendToStream(streamName, [event], { expectedRevision: 'any' });
    }
    await store.close();
    app = await startApp({ AUDIT_DIGEST_INTERVAL_SECONDS: '0' }, { dataDir: dir });
    await eventually(async () =>
      (await readiness(app.url)).body.checks.projections?.caughtUp ? true : undefined,
    );
  });
  after(async function () {
    await app.stop();
    await remove();
  });

  context('when asOf is now', function () {
    it('answers exactly the read models’ payment and order, on either basis', async function () {
      const now = new Date().toISOString();
      const payment = await get('/payments/stripe/pi_a');
      const order = await get('/orders/ord_a');
      expect(payment.status).to.equal(200);
      expect(order.status).to.equal(200);
      for (const effective of [false, true]) {
        expect(await paymentAt(now, effective)).to.deep.equal(payment);
        expect(await orderAt(now, effective)).to.deep.equal(order);
      }
    });
  });

  context('when asOf is a moment in the payment’s past', function () {
    // Folded by hand with the README's status rules (amounts in cents).
    const moments = [
      // Recorded: what payledger knew then.
      {
        at: '2026-11-01T10:00:02Z',
        effective: false,
        status: 'captured',
        refunded: 0,
        dispute: null,
        lost: 0,
        count: 1,
        decidedBy: id(1),
      },
      {
        at: '2026-11-04T00:00:00+01:00',
        effective: false,
        status: 'partially_refunded',
        refunded: 2500,
        dispute: null,
        lost: 0,
        count: 2,
        decidedBy: id(2),
      },
      {
        at: '2026-11-06T00:00:00Z',
        effective: false,
        status: 'disputed',
        refunded: 2500,
        dispute: 'open',
        lost: 0,
        count: 3,
        decidedBy: id(4),
      },
      {
        at: '2026-11-07T12:00:00Z',
        effective: false,
        status: 'refunded',
        refunded: 2500,
        dispute: 'lost',
        lost: 10000,
        count: 4,
        decidedBy: id(5),
      },
      // Effective: what the gateway's times say had happened, the late refund included.
      {
        at: '2026-11-02T08:59:59Z',
        effective: true,
        status: 'captured',
        refunded: 0,
        dispute: null,
        lost: 0,
        count: 1,
        decidedBy: id(1),
      },
      {
        at: '2026-11-04T00:00:00Z',
        effective: true,
        status: 'refunded',
        refunded: 10000,
        dispute: null,
        lost: 0,
        count: 3,
        decidedBy: id(3),
      },
      {
        at: '2026-11-06T00:00:00Z',
        effective: true,
        status: 'disputed',
        refunded: 10000,
        dispute: 'open',
        lost: 0,
        count: 4,
        decidedBy: id(4),
      },
      {
        at: '2026-11-07T12:00:00Z',
        effective: true,
        status: 'refunded',
        refunded: 10000,
        dispute: 'lost',
        lost: 10000,
        count: 5,
        decidedBy: id(5),
      },
    ] as const;
    for (const m of moments) {
      it(`answers ${m.status} ${m.effective ? 'effective' : 'recorded'} at ${m.at}`, async function () {
        const { status, body } = await paymentAt(m.at, m.effective);
        expect(status).to.equal(200);
        expect(body).to.deep.include({
          paymentId: 'pi_a',
          orderId: 'ord_a',
          status: m.status,
          amount: 10000,
          currency: 'USD',
          refundedAmount: m.refunded,
          disputed: m.dispute !== null,
          disputeStatus: m.dispute,
          disputedLostAmount: m.lost,
          eventCount: m.count,
        });
        expect(body['decidedBy']).to.deep.include({ eventId: m.decidedBy });
      });
    }

    it('answers the order with the payments and totals of that moment', async function () {
      const early = await orderAt('2026-11-01T23:59:59Z');
      expect(early.status).to.equal(200);
      expect(early.body).to.deep.include({
        status: 'paid',
        totals: { USD: { captured: 10000, refunded: 0, disputedLost: 0, net: 10000 } },
      });
      expect(
        (early.body['payments'] as { paymentId: string }[]).map((p) => p.paymentId),
      ).to.deep.equal(['pi_a']);
      const recorded = await orderAt('2026-11-04T00:00:00Z');
      expect(recorded.body).to.deep.include({
        status: 'partially_refunded',
        totals: {
          EUR: { captured: 5000, refunded: 0, disputedLost: 0, net: 5000 },
          USD: { captured: 10000, refunded: 2500, disputedLost: 0, net: 7500 },
        },
      });
      const effective = await orderAt('2026-11-04T00:00:00Z', true);
      expect(effective.body).to.deep.include({
        status: 'partially_refunded',
        totals: {
          EUR: { captured: 5000, refunded: 0, disputedLost: 0, net: 5000 },
          USD: { captured: 10000, refunded: 10000, disputedLost: 0, net: 0 },
        },
      });
      expect((await orderAt('2026-11-06T00:00:00Z')).body).to.deep.include({ status: 'disputed' });
    });
  });

  context('when a payment moved from one order to another', function () {
    it('counts it in the order it named at that moment, not in the one it names now', async function () {
      const before = await get('/orders/ord_n?asOf=2026-11-02T00:00:00Z');
      expect(before.status).to.equal(200);
      expect(paymentIds(before.body)).to.deep.equal(['pi_m2']);
      expect(before.body['totals']).to.deep.equal({
        USD: { captured: 4000, refunded: 0, disputedLost: 0, net: 4000 },
      });
      expect(paymentIds((await get('/orders/ord_n')).body)).to.deep.equal(['pi_m1', 'pi_m2']);
      const payment = await get('/payments/stripe/pi_m1?asOf=2026-11-02T00:00:00Z');
      expect(payment.body).to.deep.include({ orderId: 'ord_m', eventCount: 1 });
    });

    it('does not find the order it left, which no payment names now (the documented limit)', async function () {
      const left = await get('/orders/ord_m?asOf=2026-11-02T00:00:00Z');
      expect([left.status, left.body['error']]).to.deep.equal([404, 'order_not_found']);
    });
  });

  context('when nothing had happened yet at asOf', function () {
    it('answers 404 not_found_as_of for the payment and the order', async function () {
      for (const answer of [
        await paymentAt('2026-11-01T10:00:01Z'),
        await paymentAt('2026-11-01T09:59:59Z', true),
        await orderAt('2026-11-01T10:00:01Z'),
      ]) {
        expect(answer.status).to.equal(404);
        expect(answer.body['error']).to.equal('not_found_as_of');
        expect(answer.body['message'])
          .to.be.a('string')
          .and.match(/2026-11-01T(10:00:01|09:59:59)/);
      }
    });

    it('answers 404 payment_not_found and order_not_found for what never existed', async function () {
      const payment = await get('/payments/stripe/pi_none?asOf=2026-11-05T00:00:00Z');
      expect([payment.status, payment.body['error']]).to.deep.equal([404, 'payment_not_found']);
      const order = await get('/orders/ord_none?asOf=2026-11-05T00:00:00Z');
      expect([order.status, order.body['error']]).to.deep.equal([404, 'order_not_found']);
    });
  });

  context('when asOf or effective is malformed', function () {
    it('answers 400 invalid_as_of', async function () {
      for (const query of [
        'asOf=2026-11-05',
        'asOf=2026-11-05T00:00:00',
        'asOf=yesterday',
        'asOf=2026-02-30T00:00:00Z',
        'asOf=2026-11-05T00:00:00Z&effective=yes',
        'effective=true',
      ]) {
        for (const path of ['/payments/stripe/pi_a', '/orders/ord_a']) {
          const { status, body } = await get(`${path}?${query}`);
          expect([status, body['error']], `${path}?${query}`).to.deep.equal([400, 'invalid_as_of']);
        }
      }
    });
  });

  context('when the caller is an auditor, an analyst or an admin', function () {
    it('answers asOf reads to each, and lists orders to an auditor', async function () {
      for (const token of [AUDITOR_TOKEN, ANALYST_TOKEN, ADMIN_TOKEN]) {
        const at = 'asOf=2026-11-06T00:00:00Z';
        expect((await get(`/payments/stripe/pi_a?${at}`, token)).status, token).to.equal(200);
        expect((await get(`/orders/ord_a?${at}`, token)).status, token).to.equal(200);
      }
      const list = await get('/orders?status=partially_refunded', AUDITOR_TOKEN);
      expect(list.status).to.equal(200);
      expect((list.body['items'] as { orderId: string }[]).map((o) => o.orderId)).to.deep.equal([
        'ord_a',
      ]);
      expect((await get('/orders/ord_a', AUDITOR_TOKEN)).status).to.equal(200);
    });
  });
});
