import { expect } from 'chai';
import type { JsonValue } from '../../src/domain/paymentEvent.js';
import { aGenericPayment } from '../support/builders.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import {
  IPPOPAY_PUBLIC_KEY,
  IPPOPAY_SECRET_KEY,
  startIppopayStandIn,
  type IppopayStandIn,
} from '../support/ippopayStandIn.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { signStripe } from '../support/signStripe.js';
import { storedRecords } from '../support/storedRecords.js';
import { ADMIN_TOKEN, AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';
import { apiFetch } from '../support/openApi/apiFetch.js';

const STRIPE_SECRET = 'whsec_payledger_quarantine_test';
const DAY_MS = 86_400_000;

interface Item {
  readonly id: string;
  readonly kind: string;
  readonly gateway: string;
  readonly reason: string;
  readonly paymentId: string | null;
  readonly rawBody: { readonly encoding: string; readonly data: string };
  readonly resolution: { readonly outcome: string; readonly eventId: string } | null;
  readonly [field: string]: unknown;
}
interface Page {
  readonly items: Item[];
  readonly nextCursor: string | null;
}

describe('The quarantine endpoints', function () {
  let app: TestApp;
  let standIn: IppopayStandIn;
  /** The service's clock: tests move it to make a quarantined delivery usable. */
  let now: number;

  beforeEach(async function () {
    now = Date.now();
    standIn = await startIppopayStandIn();
    app = await startApp(
      {
        STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
        IPPOPAY_PUBLIC_KEY,
        IPPOPAY_SECRET_KEY,
        IPPOPAY_API_URL: standIn.url,
      },
      { clock: () => new Date(now) },
    );
  });

  afterEach(async function () {
    await app.stop();
    await standIn.close();
  });

  const seconds = () => Math.floor(now / 1000);
  const deliverGeneric = (body: string | Buffer, id?: string) =>
    app.post('/webhooks/generic', body, {
      ...signStandardWebhook(body, { timestamp: seconds(), ...(id ? { id } : {}) }),
    });
  const deliverStripe = (name: string) => {
    const { rawBody } = loadFixture('stripe', name);
    return app.post('/webhooks/stripe', rawBody, {
      'stripe-signature': signStripe(rawBody, STRIPE_SECRET, seconds()),
    });
  };
  const getJson = async <T>(path: string, token = ADMIN_TOKEN): Promise<T> => {
    const response = await app.get(path, token);
    expect(response.status, `${path}: ${await response.clone().text()}`).to.equal(200);
    return (await response.json()) as T;
  };
  const replay = (id: string, query = '') =>
    apiFetch(`${app.url}/quarantine/${id}/replay${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
  /** A generic payment dated two days ahead of the service's clock: quarantined, for now. */
  const fromTheFuture = (paymentId: string) =>
    JSON.stringify(
      aGenericPayment({ paymentId, timestamp: new Date(now + 2 * DAY_MS).toISOString() }),
    );

  describe('GET /quarantine', function () {
    it('lists kept deliveries of every gateway oldest first, with the reason and the raw bytes, a page at a time', async function () {
      const unusable = JSON.stringify({ event: 'payment.updated', data: { paymentId: 'pay_q1' } });
      const notUtf8 = Buffer.from([0x7b, 0xff, 0x7d]);
      await deliverGeneric(unusable, 'msg_unusable');
      await deliverStripe('customer.created');
      await deliverGeneric(notUtf8);
      await deliverStripe('charge.refunded.legacy');

      const first = await getJson<Page>('/quarantine?state=all&limit=3');
      const second = await getJson<Page>(
        `/quarantine?state=all&limit=3&cursor=${first.nextCursor}`,
      );

      expect(second.nextCursor).to.equal(null);
      const items = [...first.items, ...second.items];
      expect(items.map((item) => [item.kind, item.gateway])).to.deep.equal([
        ['quarantined', 'generic'],
        ['ignored', 'stripe'],
        ['quarantined', 'generic'],
        ['quarantined', 'stripe'],
      ]);
      expect(items[0]).to.deep.include({
        paymentId: 'pay_q1',
        eventType: 'payment.updated',
        deliveryId: 'msg_unusable',
        rawBody: { encoding: 'utf8', data: unusable },
        verification: { scheme: 'standard-webhooks-v1', secretIndex: 0 },
        resolution: null,
      });
      expect(items[0]?.id).to.match(/^quarantined:generic:[0-9a-f]{64}$/);
      expect(items[0]?.reason).to.match(/^timestamp: .*; data\.amount: /);
      expect(items[1]).to.deep.include({ eventType: 'customer.created', paymentId: null });
      expect(items[2]?.rawBody).to.deep.equal({
        encoding: 'base64',
        data: notUtf8.toString('base64'),
      });
    });

    it('filters by kind, gateway and state', async function () {
      await deliverGeneric(fromTheFuture('pay_filter'));
      await deliverStripe('customer.created');
      await deliverStripe('charge.refunded.legacy');

      const kinds = async (query: string) =>
        (await getJson<Page>(`/quarantine?${query}`)).items.map((item) => item.kind);
      expect(await kinds('kind=ignored')).to.deep.equal(['ignored']);
      expect(await kinds('gateway=stripe')).to.deep.equal(['ignored', 'quarantined']);
      expect(await kinds('kind=quarantined&gateway=generic')).to.deep.equal(['quarantined']);
      expect(await kinds('state=resolved')).to.deep.equal([]);
    });

    it('answers 401 without a token, 403 to an auditor, and 400 to an unknown parameter or a forged cursor', async function () {
      expect((await app.get('/quarantine')).status).to.equal(401);
      expect((await app.get('/quarantine', AUDITOR_TOKEN)).status).to.equal(403);
      for (const query of ['?color=red', '?cursor=bm90LWEtY3Vyc29y', '?limit=1000']) {
        const response = await app.get(`/quarantine${query}`, ADMIN_TOKEN);
        expect(response.status, query).to.equal(400);
        expect(await response.json()).to.deep.include({ error: 'invalid_query' });
      }
    });
  });

  describe('GET /quarantine/:id', function () {
    it('answers one kept delivery, 404 for an unknown id and 400 for a malformed one', async function () {
      const answer = (await (await deliverStripe('customer.created')).json()) as { id: string };

      expect(await getJson<Item>(`/quarantine/${answer.id}`)).to.deep.include({
        id: answer.id,
        kind: 'ignored',
      });
      const unknown = await app.get(`/quarantine/ignored:stripe:${'0'.repeat(64)}`, ADMIN_TOKEN);
      expect(unknown.status).to.equal(404);
      expect(await unknown.json()).to.deep.include({ error: 'delivery_not_found' });
      const malformed = await app.get('/quarantine/not-an-id', ADMIN_TOKEN);
      expect(malformed.status).to.equal(400);
      expect(await malformed.json()).to.deep.include({ error: 'invalid_delivery_id' });
    });
  });

  describe('POST /quarantine/:id/replay', function () {
    context('when a quarantined delivery is usable now', function () {
      it('appends its payment event once, marks the entry resolved without deleting it, and a later redelivery is a duplicate', async function () {
        const body = fromTheFuture('pay_replayed');
        const quarantined = (await (await deliverGeneric(body, 'msg_future')).json()) as {
          status: string;
          id: string;
        };
        expect(quarantined.status).to.equal('quarantined');
        now += 3 * DAY_MS;

        const response = await replay(quarantined.id);
        expect(response.status).to.equal(200);
        const result = (await response.json()) as { outcome: string; eventId: string };
        expect(result).to.deep.include({
          outcome: 'accepted',
          stream: 'payment-generic:pay_replayed',
          dryRun: false,
        });
        const again = await replay(quarantined.id);
        expect(await again.json()).to.deep.include({ outcome: 'already_resolved' });
        const redelivered = await deliverGeneric(body, 'msg_future');
        expect(await redelivered.json()).to.deep.include({
          status: 'duplicate',
          eventId: result.eventId,
        });

        const payments = (await storedRecords(app.service.eventStore)).filter((event) =>
          event.streamName.startsWith('payment-'),
        );
        expect(payments.map((event) => event.id)).to.deep.equal([result.eventId]);
        expect(payments[0]?.data).to.deep.include({ rawBody: body });
        const entry = await getJson<Item>(`/quarantine/${quarantined.id}`);
        expect(entry.resolution).to.deep.include({ outcome: 'accepted', eventId: result.eventId });
        expect(entry.rawBody.data).to.equal(body);
        const open = await getJson<Page>('/quarantine');
        expect(open.items).to.deep.equal([]);
      });

      it('with dryRun=true says what it would do and writes nothing', async function () {
        const quarantined = (await (
          await deliverGeneric(fromTheFuture('pay_dry'), 'msg_dry')
        ).json()) as { id: string };
        now += 3 * DAY_MS;
        const before = await app.service.eventStore.readAll({ maxCount: 1000 });

        const response = await replay(quarantined.id, '?dryRun=true');
        expect(await response.json()).to.deep.include({ outcome: 'accepted', dryRun: true });
        expect(await app.service.eventStore.readAll({ maxCount: 1000 })).to.have.length(
          before.length,
        );
      });
    });

    context('when a redelivery has stored the payment event since', function () {
      it('answers duplicate and resolves the entry without a second event', async function () {
        const body = fromTheFuture('pay_redelivered');
        const quarantined = (await (await deliverGeneric(body, 'msg_redelivered')).json()) as {
          id: string;
        };
        now += 3 * DAY_MS;
        const redelivered = (await (await deliverGeneric(body, 'msg_redelivered')).json()) as {
          status: string;
          eventId: string;
        };
        expect(redelivered.status).to.equal('accepted');

        const result = await (await replay(quarantined.id)).json();
        expect(result).to.deep.include({ outcome: 'duplicate', eventId: redelivered.eventId });
        const payments = (await storedRecords(app.service.eventStore)).filter((event) =>
          event.streamName.startsWith('payment-'),
        );
        expect(payments).to.have.length(1);
        expect((await getJson<Item>(`/quarantine/${quarantined.id}`)).resolution).to.deep.include({
          outcome: 'duplicate',
        });
      });
    });

    context(
      "when an ignored Ippopay transaction's status is one payledger models now",
      function () {
        it('asks the API again and records what it confirms', async function () {
          const order = loadFixture('ippopay', 'order').json as { order_id: string } & Record<
            string,
            JsonValue
          >;
          const success = loadFixture('ippopay', 'transaction.success').json as Record<
            string,
            JsonValue
          >;
          standIn.setOrder(order, { ...success, status: 'on_hold' });
          const ignored = (await (
            await app.post('/webhooks/ippopay', loadFixture('ippopay', 'notification').rawBody)
          ).json()) as { status: string; id: string };
          expect(ignored.status).to.equal('ignored');
          standIn.setOrder(order, success);

          const result = await (await replay(ignored.id)).json();
          expect(result).to.deep.include({
            outcome: 'accepted',
            stream: 'payment-ippopay:trans_t2Jca2dVIF',
          });
        });
      },
    );

    context("when today's code still cannot use it", function () {
      it('answers invalid with the reason and leaves the entry open', async function () {
        const quarantined = (await (await deliverStripe('charge.refunded.legacy')).json()) as {
          id: string;
        };

        const result = await (await replay(quarantined.id)).json();
        expect(result).to.deep.equal({
          id: quarantined.id,
          dryRun: false,
          outcome: 'invalid',
          reason: 'charge.refunded has no payment_intent to key its payment by',
        });
        expect((await getJson<Page>('/quarantine')).items.map((item) => item.id)).to.deep.equal([
          quarantined.id,
        ]);
      });
    });

    it('answers 404 for an unknown id and 403 to an auditor', async function () {
      expect((await replay(`quarantined:generic:${'a'.repeat(64)}`)).status).to.equal(404);
      const response = await apiFetch(
        `${app.url}/quarantine/quarantined:generic:${'a'.repeat(64)}/replay`,
        { method: 'POST', headers: { authorization: `Bearer ${AUDITOR_TOKEN}` } },
      );
      expect(response.status).to.equal(403);
    });
  });
});
