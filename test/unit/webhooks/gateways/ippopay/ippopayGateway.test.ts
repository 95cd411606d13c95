import { expect } from 'chai';
import type { JsonValue } from '../../../../../src/domain/paymentEvent.js';
import type { Gateway } from '../../../../../src/webhooks/gateway.js';
import { createIppopayGateway } from '../../../../../src/webhooks/gateways/ippopay/ippopayGateway.js';
import { GatewayUnavailableError } from '../../../../../src/webhooks/webhookErrors.js';
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

describe('createIppopayGateway', function () {
  let standIn: IppopayStandIn;
  let gateway: Gateway;
  const notify = (payload: JsonValue = fixture('notification').json) =>
    gateway.normalize(payload, { headers: {}, rawBody: Buffer.from(JSON.stringify(payload)) }, NOW);

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
      expect(gateway.verify({ headers: {}, rawBody: Buffer.from('{}') }, NOW)).to.deep.equal({
        scheme: 'ippopay-api-confirmation',
        secretIndex: 0,
        deliveryId: null,
      });
    });
  });

  describe('#normalize', function () {
    context('when the API confirms a successful transaction', function () {
      it('records it as captured after asking with Basic auth for the URL-encoded order id', async function () {
        standIn.setOrder(order, fixture('transaction.success').json);
        const result = await notify();

        expect(result.kind === 'payment' && result.payment.status).to.equal('captured');
        const basic = `Basic ${Buffer.from(`${IPPOPAY_PUBLIC_KEY}:${IPPOPAY_SECRET_KEY}`).toString('base64')}`;
        expect(standIn.requests.map((r) => [r.path, r.authorization]).sort()).to.deep.equal([
          ['/v1/order/order_G%40nzg3qBq', basic],
          ['/v1/order/order_G%40nzg3qBq/transaction', basic],
        ]);
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
      it('answers invalid so the notification is quarantined', async function () {
        expect(await notify()).to.deep.equal({
          kind: 'invalid',
          reason: 'Ippopay does not know order order_G@nzg3qBq',
        });
      });
    });

    context('when the order has no transaction yet', function () {
      it('throws GatewayUnavailableError so that Ippopay retries the notification', async function () {
        standIn.setOrder(order);
        let thrown: unknown;
        try {
          await notify();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).to.be.instanceOf(GatewayUnavailableError);
      });
    });

    context('when the notification has no usable order id', function () {
      it('answers invalid without calling the API', async function () {
        expect((await notify({ status: 'success' })).kind).to.equal('invalid');
        expect((await notify({ order_id: 'order with spaces' })).kind).to.equal('invalid');
        expect((await notify({ order_id: '..' })).kind).to.equal('invalid');
        expect(standIn.requests).to.deep.equal([]);
      });
    });

    context('when the API cannot confirm', function () {
      it('throws GatewayUnavailableError when the API answers 500', async function () {
        standIn.setOrder(order, fixture('transaction.success').json);
        standIn.setMode('failing');
        await expectUnavailable(notify());
      });

      it('throws GatewayUnavailableError when the API does not answer within the timeout', async function () {
        standIn.setMode('hanging');
        await expectUnavailable(notify());
      });

      it('throws GatewayUnavailableError when the API is unreachable', async function () {
        await standIn.close();
        await expectUnavailable(notify());
      });

      it('throws GatewayUnavailableError when the keys are refused', async function () {
        standIn.setOrder(order, fixture('transaction.success').json);
        const wrongKeys = createIppopayGateway({
          apiUrl: standIn.url,
          publicKey: IPPOPAY_PUBLIC_KEY,
          secretKey: 'wrong',
        });
        const payload = fixture('notification').json;
        await expectUnavailable(
          wrongKeys.normalize(payload, { headers: {}, rawBody: Buffer.from('{}') }, NOW),
        );
      });
    });
  });
});

async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(GatewayUnavailableError);
    return;
  }
  expect.fail('expected GatewayUnavailableError');
}
