import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { paymentEventId } from '../../src/domain/eventId.js';
import type { JsonValue } from '../../src/domain/paymentEvent.js';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import { STRIPE_SCHEME } from '../../src/webhooks/gateways/stripe/verifyStripeSignature.js';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { ANALYST_TOKEN, AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';
import { startAppOnStandIn, type AppOnStandIn } from '../support/startAppOnStandIn.js';

// With EventStoreDB's 1 MiB per append, less 16 KiB for the rest of the event, bodies fit up to
// 774,144 bytes: 3/4 of what is left, since a body may be stored as base64.
const LARGEST_BODY = 774_144;

/** A generic payment delivery of exactly `bytes` bytes, its padding made of `filler`. */
function aBodyOf(bytes: number, paymentId: string, filler = 'x'): string {
  const base = JSON.stringify({ ...aGenericPayment({ paymentId }), filler: '' });
  const room = bytes - base.length;
  const padding =
    filler.repeat(Math.floor(room / filler.length)) + 'x'.repeat(room % filler.length);
  return base.replace('"filler":""', `"filler":"${padding}"`);
}

async function paymentEvents(app: TestApp, paymentId: string): Promise<RecordedEvent[]> {
  return app.service.eventStore.readStream(`payment-generic:${paymentId}`);
}

interface HistoryEvent {
  readonly data: {
    readonly rawBody?: string;
    readonly payload?: unknown;
    readonly amount?: number;
  };
}

async function history(app: TestApp, gateway: string, paymentId: string) {
  const response = await app.get(`/payments/${gateway}/${paymentId}/history`, AUDITOR_TOKEN);
  return ((await response.json()) as { events: HistoryEvent[] }).events;
}

describe('Webhook bodies in the event store', function () {
  context('when a payment event is stored', function () {
    let app: TestApp;

    before(async function () {
      app = await startApp();
    });

    after(async function () {
      await app.stop();
    });

    it('keeps the signed body once, as text, and the history derives the payload from it', async function () {
      const body = `{ "event": "payment.updated",\n  "timestamp": "2024-06-26T11:08:07Z", "data": {"paymentId":"pay_once","status":"completed","amount":100.10,"currency":"USD","orderId":null}}`;
      await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

      const [stored] = await paymentEvents(app, 'pay_once');
      expect(stored?.data).to.include({ rawBody: body }).and.not.have.property('payload');
      const [shown] = await history(app, 'generic', 'pay_once');
      expect(shown?.data).to.deep.include({ rawBody: body, payload: JSON.parse(body) as unknown });
    });

    it('still shows and projects events stored earlier with both payload and rawBody', async function () {
      const rawBody = '{"id":"evt_earlier","object":"event","type":"payment_intent.succeeded"}';
      const earlier = {
        id: paymentEventId('stripe', 'evt_earlier'),
        type: 'PaymentCaptured',
        data: {
          gateway: 'stripe',
          gatewayEventId: 'evt_earlier',
          gatewayEventType: 'payment_intent.succeeded',
          paymentId: 'pi_earlier',
          orderId: null,
          status: 'captured',
          amount: 4200,
          currency: 'EUR',
          refundedAmount: null,
          refundId: null,
          occurredAt: '2024-06-26T11:08:07.000Z',
          receivedAt: '2024-06-26T11:08:08.000Z',
          payload: JSON.parse(rawBody) as JsonValue,
          rawBody,
        },
        metadata: {
          signatureScheme: STRIPE_SCHEME,
          secretIndex: 0,
          rawBodySha256: createHash('sha256').update(rawBody).digest('hex'),
          correlationId: 'earlier',
        },
      };
      await app.service.eventStore.appendToStream('payment-stripe:pi_earlier', [earlier], {
        expectedRevision: 'no_stream',
      });

      const [shown] = await history(app, 'stripe', 'pi_earlier');
      expect(shown?.data).to.deep.equal(earlier.data);
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const response = await app.get('/payments/stripe/pi_earlier', ANALYST_TOKEN);
        if (response.status === 200) {
          expect(await response.json()).to.deep.include({ amount: 4200, status: 'captured' });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect.fail('the earlier event was never projected');
    });
  });

  context('with EventStoreDB and MAX_BODY_BYTES left unset', function () {
    let running: AppOnStandIn;
    let app: TestApp;

    before(async function () {
      running = await startAppOnStandIn();
      ({ app } = running);
    });

    after(async function () {
      await running.stop();
    });

    it('stores a body of the largest size that fits', async function () {
      const body = aBodyOf(LARGEST_BODY, 'pay_largest');
      const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

      expect(response.status).to.equal(200);
      expect((await paymentEvents(app, 'pay_largest'))[0]?.data).to.include({ rawBody: body });
    });

    it('quarantines an unusable body of that size without failing', async function () {
      const body = `{${'x'.repeat(LARGEST_BODY - 1)}`;
      const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

      expect(response.status).to.equal(202);
      expect(await response.json()).to.deep.include({ status: 'quarantined' });
    });

    it('answers 413 naming the limit for one byte more, and stores nothing', async function () {
      const body = aBodyOf(LARGEST_BODY + 1, 'pay_too_large');
      const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

      expect(response.status).to.equal(413);
      expect(await response.json()).to.deep.equal({
        error: 'payload_too_large',
        message: `The body is larger than ${LARGEST_BODY} bytes.`,
      });
      expect(await paymentEvents(app, 'pay_too_large')).to.deep.equal([]);
    });

    it('keeps a body that escaping would swell past base64 as base64, shown byte for byte in the history', async function () {
      // Every backslash pair doubles once escaped: as text this body would need about 1.5 MB.
      const body = aBodyOf(LARGEST_BODY, 'pay_escaped', '\\\\');
      const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

      expect(response.status).to.equal(200);
      const [stored] = await paymentEvents(app, 'pay_escaped');
      expect(stored?.data).to.not.have.property('rawBody');
      expect(
        Buffer.from((stored?.data as { rawBodyBase64: string }).rawBodyBase64, 'base64'),
      ).to.deep.equal(Buffer.from(body));
      const [shown] = await history(app, 'generic', 'pay_escaped');
      expect(shown?.data.rawBody).to.equal(body);
      expect(shown?.data.payload).to.deep.equal(JSON.parse(body));
    });
  });

  context('when the EventStoreDB server takes less than payledger was told', function () {
    let running: AppOnStandIn;
    let app: TestApp;

    before(async function () {
      running = await startAppOnStandIn({ maxAppendSize: 100_000 });
      ({ app } = running);
    });

    after(async function () {
      await running.stop();
    });

    it('answers 413 naming the server limit, every time, never 500', async function () {
      const body = aBodyOf(200_000, 'pay_server_limit');
      const headers = signStandardWebhook(body);
      const answers = [];
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await app.post('/webhooks/generic', body, { ...headers });
        answers.push([response.status, await response.json()]);
      }

      const answer = {
        error: 'payload_too_large',
        message:
          'This event is more than the event store takes in one append: 100000 bytes (MaxAppendSize of the EventStoreDB server).',
      };
      expect(answers).to.deep.equal([
        [413, answer],
        [413, answer],
      ]);
      expect(await paymentEvents(app, 'pay_server_limit')).to.deep.equal([]);
    });
  });
});
