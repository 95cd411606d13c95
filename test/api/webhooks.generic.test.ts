import { expect } from 'chai';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import { aGenericPayment } from '../support/builders.js';
import {
  GENERIC_SECRET,
  OTHER_GENERIC_SECRET,
  signStandardWebhook,
} from '../support/signStandardWebhook.js';
import { storedRecords } from '../support/storedRecords.js';
import { AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';
import { apiFetch } from '../support/openApi/apiFetch.js';

const json = (value: unknown) => JSON.stringify(value);

describe('POST /webhooks/generic', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp();
  });

  afterEach(async function () {
    await app.stop();
  });

  const allEvents = (): Promise<RecordedEvent[]> => storedRecords(app.service.eventStore);
  const deliver = (
    body: string | Buffer,
    options: Parameters<typeof signStandardWebhook>[1] = {},
  ) => app.post('/webhooks/generic', body, { ...signStandardWebhook(body, options) });

  context('when a new, correctly signed payment event arrives', function () {
    it('answers 200 accepted and appends one canonical event to the payment stream', async function () {
      const payload = aGenericPayment({ paymentId: 'pay_1234567890', amount: 19.99 });
      const body = json(payload);
      const headers = signStandardWebhook(body, { id: 'msg_first' });
      const response = await app.post('/webhooks/generic', body, { ...headers });

      expect(response.status).to.equal(200);
      const answer = (await response.json()) as Record<string, string>;
      expect(answer).to.deep.equal({
        status: 'accepted',
        eventId: answer['eventId'],
        stream: 'payment-generic:pay_1234567890',
        revision: '0',
      });
      expect(answer['eventId']).to.match(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );

      const [event, ...others] = await allEvents();
      expect(others).to.deep.equal([]);
      expect(event?.type).to.equal('PaymentCaptured');
      expect(event?.data).to.deep.include({
        gateway: 'generic',
        gatewayEventId: 'msg_first',
        gatewayEventType: 'payment.updated',
        paymentId: 'pay_1234567890',
        orderId: 'ord_0987654321',
        status: 'captured',
        amount: 1999,
        currency: 'USD',
        refundedAmount: null,
        occurredAt: '2024-06-26T11:08:07.000Z',
        rawBody: body,
      });
      // The body is kept once; the gateway's JSON is parsed from it when read.
      expect(event?.data).to.not.have.property('payload');
      expect(JSON.parse((event?.data as { rawBody: string }).rawBody)).to.deep.equal(payload);
      expect(event?.metadata).to.deep.include({
        signatureScheme: 'standard-webhooks-v1',
        secretIndex: 0,
      });
    });

    it('shows the event with its untouched body in the payment history', async function () {
      const body =
        '{ "event":"payment.updated","timestamp":"2024-06-26T11:08:07Z",\n "data":{"paymentId":"pay_h","status":"completed","amount":100.00,"currency":"USD","orderId":"ord_1"}}';
      await deliver(body);

      const response = await app.get('/payments/generic/pay_h/history', AUDITOR_TOKEN);
      expect(response.status).to.equal(200);
      const history = (await response.json()) as {
        stream: string;
        events: {
          type: string;
          revision: string;
          data: { rawBody: string; amount: number; payload: unknown };
        }[];
      };
      expect(history.stream).to.equal('payment-generic:pay_h');
      expect(
        history.events.map((e) => [e.type, e.revision, e.data.rawBody, e.data.amount]),
      ).to.deep.equal([['PaymentCaptured', '0', body, 10000]]);
      expect(history.events[0]?.data.payload).to.deep.equal(JSON.parse(body));
    });
  });

  context('when the same delivery arrives again', function () {
    it('answers 200 duplicate with the same event id and stores nothing new', async function () {
      const body = json(aGenericPayment());
      const headers = signStandardWebhook(body);
      const first = (await (await app.post('/webhooks/generic', body, { ...headers })).json()) as {
        eventId: string;
      };
      const again = await app.post('/webhooks/generic', body, { ...headers });

      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal({ status: 'duplicate', eventId: first.eventId });
      expect(await allEvents()).to.have.length(1);
    });

    it('stores exactly one event out of 25 concurrent redeliveries', async function () {
      const body = json(aGenericPayment());
      const headers = signStandardWebhook(body);
      const responses = await Promise.all(
        Array.from({ length: 25 }, () => app.post('/webhooks/generic', body, { ...headers })),
      );
      const answers = (await Promise.all(responses.map((r) => r.json()))) as { status: string }[];

      expect(responses.map((r) => r.status)).to.deep.equal(Array(25).fill(200));
      expect(answers.filter((a) => a.status === 'accepted')).to.have.length(1);
      expect(answers.filter((a) => a.status === 'duplicate')).to.have.length(24);
      expect(await allEvents()).to.have.length(1);
    });

    it('keeps the first body and quarantines a redelivery whose signed body differs', async function () {
      const payment = aGenericPayment();
      await deliver(json(payment), { id: 'msg_same' });
      const response = await deliver(json({ ...payment, data: { ...payment.data, amount: 1 } }), {
        id: 'msg_same',
      });

      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.include({ status: 'duplicate' });
      const events = await allEvents();
      expect(events.map((e) => e.type)).to.deep.equal(['PaymentCaptured', 'WebhookQuarantined']);
      expect(events[0]?.data).to.deep.include({ amount: 10000 });
    });
  });

  context('when the event is not about a payment', function () {
    it("answers 200 ignored and keeps the delivery in the gateway's ignored list", async function () {
      const payment = aGenericPayment({ event: 'customer.created' });
      const body = json(payment);
      const response = await deliver(body, { id: 'msg_ignored' });

      expect(response.status).to.equal(200);
      const answer = (await response.json()) as Record<string, string>;
      expect(answer).to.deep.include({
        status: 'ignored',
        reason: 'event customer.created is not about a payment',
      });
      const [event, ...others] = await allEvents();
      expect(others).to.deep.equal([]);
      expect(event?.type).to.equal('WebhookIgnored');
      expect(event?.id).to.equal(answer['eventId']);
      expect(answer['id']).to.match(/^ignored:generic:[0-9a-f]{64}$/);
      expect(event?.data).to.deep.include({
        rawBody: body,
        deliveryId: 'msg_ignored',
        paymentId: payment.data.paymentId,
        eventType: 'customer.created',
      });
      expect(event?.metadata).to.deep.include({
        signatureScheme: 'standard-webhooks-v1',
        secretIndex: 0,
      });
    });

    it('keeps a redelivery of the same ignored message once', async function () {
      const body = json(aGenericPayment({ event: 'customer.created' }));
      await deliver(body, { id: 'msg_ignored_twice' });
      const again = await deliver(body, { id: 'msg_ignored_twice' });

      expect(again.status).to.equal(200);
      expect(await allEvents()).to.have.length(1);
    });
  });

  context('when the signature is valid but the payload is not usable', function () {
    it('answers 202 quarantined and keeps the raw body in its quarantine stream', async function () {
      const body = json({ event: 'payment.updated', data: { paymentId: 'pay_1' } });
      const response = await deliver(body);

      expect(response.status).to.equal(202);
      const answer = (await response.json()) as { status: string; eventId: string; reason: string };
      expect(answer.status).to.equal('quarantined');
      const [event, ...others] = await allEvents();
      expect(others).to.deep.equal([]);
      expect(event?.id).to.equal(answer.eventId);
      expect(event?.streamName).to.match(/^quarantine-generic:[0-9a-f]{64}$/);
      expect(event?.data).to.deep.include({ rawBody: body, paymentId: 'pay_1' });
    });

    it('answers 202 quarantined for a body that is not JSON, keeping its bytes', async function () {
      const body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
      const response = await deliver(body);

      expect(response.status).to.equal(202);
      expect(await response.json()).to.deep.include({
        status: 'quarantined',
        reason: 'body is not valid UTF-8',
      });
      const [event] = await allEvents();
      expect(
        Buffer.from((event?.data as { rawBodyBase64: string }).rawBodyBase64, 'base64'),
      ).to.deep.equal(body);
    });

    it('quarantines a redelivered unusable body only once', async function () {
      const body = 'not json';
      const headers = signStandardWebhook(body);
      await app.post('/webhooks/generic', body, { ...headers });
      const again = await app.post('/webhooks/generic', body, { ...headers });

      expect(again.status).to.equal(202);
      expect(await allEvents()).to.have.length(1);
    });
  });

  context('when the signature does not hold', function () {
    const cases: [string, (body: string) => Record<string, string>][] = [
      ['no signature headers', () => ({})],
      [
        'a signature by an unknown secret',
        (body) => ({ ...signStandardWebhook(body, { secret: OTHER_GENERIC_SECRET }) }),
      ],
      [
        'a timestamp older than WEBHOOK_TOLERANCE_SECONDS',
        (body) => ({
          ...signStandardWebhook(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
        }),
      ],
      [
        'a timestamp further ahead than WEBHOOK_TOLERANCE_SECONDS',
        (body) => ({
          ...signStandardWebhook(body, { timestamp: Math.floor(Date.now() / 1000) + 301 }),
        }),
      ],
      ['a signature of another body', () => ({ ...signStandardWebhook('{"other":true}') })],
      [
        'a signature for another webhook-id',
        (body) => ({ ...signStandardWebhook(body), 'webhook-id': 'msg_swapped' }),
      ],
      [
        'a truncated v1 entry',
        (body) => ({ ...signStandardWebhook(body), 'webhook-signature': 'v1,' }),
      ],
      [
        'only a v2 entry',
        (body) => ({
          ...signStandardWebhook(body),
          'webhook-signature': signStandardWebhook(body)['webhook-signature'].replace('v1,', 'v2,'),
        }),
      ],
      [
        'a non-numeric timestamp',
        (body) => ({ ...signStandardWebhook(body), 'webhook-timestamp': 'yesterday' }),
      ],
    ];
    for (const [situation, headersFor] of cases) {
      it(`answers 401 invalid_signature for ${situation} and stores nothing`, async function () {
        const body = json(aGenericPayment());
        const response = await app.post('/webhooks/generic', body, headersFor(body));

        expect(response.status).to.equal(401);
        expect(await response.json()).to.deep.equal({
          error: 'invalid_signature',
          message: 'The webhook signature is missing, invalid or outside the allowed time window.',
        });
        expect(await allEvents()).to.deep.equal([]);
      });
    }

    it('answers 401 when a proxy re-serialized the signed body', async function () {
      const payment = aGenericPayment();
      const headers = signStandardWebhook(json(payment));
      const response = await app.post('/webhooks/generic', JSON.stringify(payment, null, 2), {
        ...headers,
      });

      expect(response.status).to.equal(401);
      expect(await allEvents()).to.deep.equal([]);
    });
  });

  context('when several signatures or secrets are in play', function () {
    it('accepts a header whose second signature is the valid one', async function () {
      const body = json(aGenericPayment());
      const valid = signStandardWebhook(body, { id: 'msg_multi' });
      const decoy = signStandardWebhook(body, { id: 'msg_multi', secret: OTHER_GENERIC_SECRET });
      const response = await app.post('/webhooks/generic', body, {
        ...valid,
        'webhook-signature': `v2,Zm9v ${decoy['webhook-signature']} ${valid['webhook-signature']}`,
      });

      expect(response.status).to.equal(200);
    });

    it('accepts signatures from repeated headers joined with ", "', async function () {
      const body = json(aGenericPayment());
      const valid = signStandardWebhook(body, { id: 'msg_joined' });
      const decoy = signStandardWebhook(body, { id: 'msg_joined', secret: OTHER_GENERIC_SECRET });
      const response = await app.post('/webhooks/generic', body, {
        ...valid,
        'webhook-signature': `${decoy['webhook-signature']}, ${valid['webhook-signature']}`,
      });

      expect(response.status).to.equal(200);
    });
  });

  context('when the request itself is wrong', function () {
    it('answers 415 unsupported_media_type for text/plain and stores nothing', async function () {
      const body = json(aGenericPayment());
      const response = await app.post('/webhooks/generic', body, {
        ...signStandardWebhook(body),
        'content-type': 'text/plain',
      });

      expect(response.status).to.equal(415);
      expect(await response.json()).to.deep.include({ error: 'unsupported_media_type' });
      expect(await allEvents()).to.deep.equal([]);
    });

    it('answers 415 for JSON in a charset other than UTF-8', async function () {
      const body = json(aGenericPayment());
      const response = await app.post('/webhooks/generic', body, {
        ...signStandardWebhook(body),
        'content-type': 'application/json; charset=latin1',
      });

      expect(response.status).to.equal(415);
    });

    it('answers 405 with Allow: POST for a GET', async function () {
      const response = await app.get('/webhooks/generic');

      expect(response.status).to.equal(405);
      expect(response.headers.get('allow')).to.equal('POST');
      expect(await response.json()).to.deep.include({ error: 'method_not_allowed' });
    });

    it('answers 404 unknown_gateway for a gateway payledger does not know', async function () {
      const response = await app.post('/webhooks/paypal', '{}');

      expect(response.status).to.equal(404);
      expect(await response.json()).to.deep.equal({
        error: 'unknown_gateway',
        message: 'There is no gateway called "paypal".',
      });
    });

    it('answers 404 gateway_not_configured for a known gateway without its secret', async function () {
      const response = await app.post('/webhooks/razorpay', '{}');

      expect(response.status).to.equal(404);
      expect(await response.json()).to.deep.equal({
        error: 'gateway_not_configured',
        message:
          'The razorpay gateway is not configured: set RAZORPAY_WEBHOOK_SECRET to accept its webhooks.',
      });
    });
  });

  context('when the body is larger than MAX_BODY_BYTES', function () {
    let small: TestApp;

    beforeEach(async function () {
      small = await startApp({ MAX_BODY_BYTES: '2048', GENERIC_WEBHOOK_SECRET: GENERIC_SECRET });
    });

    afterEach(async function () {
      await small.stop();
    });

    it('answers 413 payload_too_large from the declared length and stores nothing', async function () {
      const body = json({ ...aGenericPayment(), padding: 'x'.repeat(4096) });
      const response = await small.post('/webhooks/generic', body, {
        ...signStandardWebhook(body),
      });

      expect(response.status).to.equal(413);
      expect(await response.json()).to.deep.equal({
        error: 'payload_too_large',
        message: 'The body is larger than 2048 bytes.',
      });
      expect(await small.service.eventStore.readAll({ maxCount: 10 })).to.deep.equal([]);
    });

    it('answers 413 for a chunked body once it passes the limit', async function () {
      const chunks = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 8; i += 1)
            controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
          controller.close();
        },
      });
      const response = await apiFetch(`${small.url}/webhooks/generic`, {
        method: 'POST',
        body: chunks,
        duplex: 'half',
        headers: { 'content-type': 'application/json', ...signStandardWebhook('x') },
      });

      expect(response.status).to.equal(413);
      expect(await small.service.eventStore.readAll({ maxCount: 10 })).to.deep.equal([]);
    });
  });

  context('when the event store cannot take the write', function () {
    it('answers 503 store_unavailable with Retry-After', async function () {
      await app.service.eventStore.close();
      const response = await deliver(json(aGenericPayment()));

      expect(response.status).to.equal(503);
      expect(response.headers.get('retry-after')).to.equal('5');
      expect(await response.json()).to.deep.include({ error: 'store_unavailable' });
    });
  });
});
