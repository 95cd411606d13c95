import { expect } from 'chai';
import { rejection } from '../../../../support/rejection.js';
import type { JsonValue } from '../../../../../src/domain/paymentEvent.js';
import type { Gateway, VerifiedDelivery } from '../../../../../src/webhooks/gateway.js';
import { createIppopayGateway } from '../../../../../src/webhooks/gateways/ippopay/ippopayGateway.js';
import {
  GatewayUnavailableError,
  InvalidNotificationError,
} from '../../../../../src/webhooks/webhookErrors.js';
import { loadFixture } from '../../../../support/gatewayFixtures.js';
import {
  IPPOPAY_PUBLIC_KEY,
  IPPOPAY_SECRET_KEY,
  startIppopayStandIn,
  type IppopayStandIn,
} from '../../../../support/ippopayStandIn.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const fixture = (name: string) => loadFixture('ippopay', name);
const order = fixture('order').json as { order_id: string } & Record<string, JsonValue>;
const DELIVERY: VerifiedDelivery = {
  scheme: 'ippopay-api-confirmation',
  secretIndex: 0,
  deliveryId: null,
};

describe('createIppopayGateway', function () {
  let standIn: IppopayStandIn;
  let gateway: Gateway;
  const notify = (payload: JsonValue = fixture('notification').json) =>
    gateway.normalize(payload, DELIVERY, NOW);

  beforeEach(async function () {
    standIn = await startIppopayStandIn();
    gateway = createIppopayGateway({
      apiUrl: standIn.url,
      publicKey: IPPOPAY_PUBLIC_KEY,
      secretKey: IPPOPAY_SECRET_KEY,
      timeoutMs: 300,
    });
  });

  afterEach(async function () {
    await standIn.close();
  });

  describe('#verify', function () {
    it('lets every delivery through, since Ippopay signs nothing to check', function () {
      expect(gateway.verify({ headers: {}, rawBody: Buffer.from('{}') }, NOW)).to.deep.equal(
        DELIVERY,
      );
      expect(gateway.authenticity).to.equal('api-confirmation');
    });
  });

  describe('#normalize', function () {
    context('when the API confirms a successful transaction', function () {
      it('records it as captured after asking with Basic auth for the URL-encoded order id', async function () {
        standIn.setOrder(order, fixture('transaction.success').json);
        const result = await notify();

        expect(result.kind === 'payment' && result.payment.status).to.equal('captured');
        const basic = `Basic ${Buffer.from(`${IPPOPAY_PUBLIC_KEY}:${IPPOPAY_SECRET_KEY}`).toString('base64')}`;
        expect(standIn.requests.map((r) => [r.path, r.authorization])).to.deep.equal([
          ['/v1/order/order_G%40nzg3qBq', basic],
          ['/v1/order/order_G%40nzg3qBq/transaction', basic],
        ]);
      });

      it('keeps as evidence only the order id it read and the API answers, byte for byte', async function () {
        standIn.setOrder(order, fixture('transaction.success').json);
        const result = await notify({ order_id: order.order_id, padding: 'x'.repeat(10_000) });

        const evidence = result.kind === 'payment' ? result.evidence : undefined;
        expect(evidence?.text).to.not.include('padding');
        const kept = JSON.parse(evidence?.text ?? 'null') as {
          notification: JsonValue;
          confirmation: { order: { data: { order: JsonValue } } };
        };
        expect(kept.notification).to.deep.equal({ order_id: order.order_id });
        expect(kept.confirmation.order.data.order).to.deep.equal(order);
        expect(evidence?.value).to.deep.equal(kept);
      });
    });

    context('when the notification claims success but the API says failure', function () {
      it('records what the API confirms', async function () {
        standIn.setOrder(order, fixture('transaction.failure').json);
        const result = await notify();

        expect(result.kind === 'payment' && result.payment.status).to.equal('failed');
      });
    });

    context('when the API does not know the order', function () {
      it('throws InvalidNotificationError after one call, and remembers the answer', async function () {
        expect(await rejection(notify())).to.be.instanceOf(InvalidNotificationError);
        expect(await rejection(notify())).to.be.instanceOf(InvalidNotificationError);
        expect(standIn.requests.map((r) => r.path)).to.deep.equal(['/v1/order/order_G%40nzg3qBq']);
      });
    });

    context('when the order has no transaction yet', function () {
      it('throws GatewayUnavailableError so that Ippopay retries the notification', async function () {
        standIn.setOrder(order);
        expect(await rejection(notify())).to.be.instanceOf(GatewayUnavailableError);
      });
    });

    context('when the notification has no usable order id', function () {
      it('throws InvalidNotificationError without calling the API', async function () {
        for (const payload of [
          { status: 'success' },
          { order_id: 'order with spaces' },
          { order_id: '..' },
          [order.order_id],
        ])
          expect(await rejection(notify(payload))).to.be.instanceOf(InvalidNotificationError);
        expect(standIn.requests).to.deep.equal([]);
      });
    });

    context('when the API cannot confirm', function () {
      it('throws GatewayUnavailableError when the API answers 500', async function () {
        standIn.setOrder(order, fixture('transaction.success').json);
        standIn.setMode('failing');
        expect(await rejection(notify())).to.be.instanceOf(GatewayUnavailableError);
      });

      it('throws GatewayUnavailableError when the API does not answer within the timeout', async function () {
        standIn.setMode('hanging');
        expect(await rejection(notify())).to.be.instanceOf(GatewayUnavailableError);
      });

      it('throws GatewayUnavailableError when the API is unreachable', async function () {
        await standIn.close();
        expect(await rejection(notify())).to.be.instanceOf(GatewayUnavailableError);
      });

      it('throws GatewayUnavailableError when the keys are refused', async function () {
        standIn.setOrder(order, fixture('transaction.success').json);
        const wrongKeys = createIppopayGateway({
          apiUrl: standIn.url,
          publicKey: IPPOPAY_PUBLIC_KEY,
          secretKey: 'wrong',
        });
        const payload = fixture('notification').json;
        expect(await rejection(wrongKeys.normalize(payload, DELIVERY, NOW))).to.be.instanceOf(
          GatewayUnavailableError,
        );
      });
    });
  });
});
