import { expect } from 'chai';
import { rejection } from '../../../../support/rejection.js';
import type { JsonValue } from '../../../../../src/domain/paymentEvent.js';
import {
  createBoundedConfirmations,
  type IppopayConfirmation,
} from '../../../../../src/webhooks/gateways/ippopay/boundedConfirmations.js';
import type {
  IppopayApi,
  IppopayLookup,
} from '../../../../../src/webhooks/gateways/ippopay/ippopayApi.js';
import {
  GatewayRateLimitedError,
  InvalidNotificationError,
} from '../../../../../src/webhooks/webhookErrors.js';

const answer = (body: JsonValue): IppopayLookup => ({
  found: true,
  body,
  text: JSON.stringify(body),
});

/** An API that knows `orders` (id → transaction status) and counts and can hold its calls. */
function fakeApi(orders: Map<string, string>) {
  const calls: string[] = [];
  let hold: Promise<void> = Promise.resolve();
  const api: IppopayApi = {
    async fetchOrder(orderId) {
      calls.push(`order ${orderId}`);
      await hold;
      return orders.has(orderId) ? answer({ order_id: orderId }) : { found: false };
    },
    async fetchTransaction(orderId) {
      calls.push(`transaction ${orderId}`);
      await hold;
      return answer({ status: orders.get(orderId) ?? '' });
    },
  };
  return {
    api,
    calls,
    holdUntil: (release: Promise<void>) => {
      hold = release;
    },
  };
}

const settled = (confirmation: IppopayConfirmation) =>
  (confirmation.transaction.body as { status: string }).status === 'success';

describe('createBoundedConfirmations', function () {
  let clock: number;
  const now = () => clock;

  beforeEach(function () {
    clock = 0;
  });

  context('when several notifications of one order arrive at once', function () {
    it('asks the API once for all of them (single flight)', async function () {
      const { api, calls, holdUntil } = fakeApi(new Map([['order_1', 'pending']]));
      let release!: () => void;
      holdUntil(new Promise((resolve) => (release = resolve)));
      const confirmations = createBoundedConfirmations(api, settled, { callsPerSecond: 100, now });

      const all = Promise.all(Array.from({ length: 20 }, () => confirmations.confirm('order_1')));
      release();
      const answers = await all;

      expect(calls).to.deep.equal(['order order_1', 'transaction order_1']);
      expect(new Set(answers).size).to.equal(1);
    });
  });

  context('when the same order is asked about again', function () {
    it('reuses a settled answer for a few seconds, then asks again', async function () {
      const { api, calls } = fakeApi(new Map([['order_1', 'success']]));
      const confirmations = createBoundedConfirmations(api, settled, {
        callsPerSecond: 100,
        settledTtlMs: 5000,
        now,
      });
      await confirmations.confirm('order_1');
      clock = 4999;
      await confirmations.confirm('order_1');
      expect(calls).to.have.length(2);
      clock = 5001;
      await confirmations.confirm('order_1');
      expect(calls).to.have.length(4);
    });

    it('never reuses an answer that may still change, so a later final state is seen', async function () {
      const orders = new Map([['order_1', 'pending']]);
      const { api } = fakeApi(orders);
      const confirmations = createBoundedConfirmations(api, settled, { callsPerSecond: 100, now });
      await confirmations.confirm('order_1');
      orders.set('order_1', 'success');
      const later = await confirmations.confirm('order_1');
      expect(later.transaction.body).to.deep.equal({ status: 'success' });
    });

    it('remembers that an order is unknown without asking again', async function () {
      const { api, calls } = fakeApi(new Map());
      const confirmations = createBoundedConfirmations(api, settled, {
        callsPerSecond: 100,
        unknownOrderTtlMs: 30_000,
        now,
      });
      for (let n = 0; n < 5; n += 1)
        expect(await rejection(confirmations.confirm('order_x'))).to.be.instanceOf(
          InvalidNotificationError,
        );
      expect(calls).to.deep.equal(['order order_x']);
    });
  });

  context('when more calls are wanted than the rate limit allows', function () {
    it('refuses the excess with a Retry-After and lets calls through again as time passes', async function () {
      const { api, calls } = fakeApi(new Map());
      const confirmations = createBoundedConfirmations(api, settled, { callsPerSecond: 4, now });
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, n) => rejection(confirmations.confirm(`order_${n}`))),
      );

      expect(calls).to.have.length(4);
      const limited = outcomes.filter((error) => error instanceof GatewayRateLimitedError);
      expect(limited).to.have.length(6);
      expect((limited[0] as GatewayRateLimitedError).retryAfterSeconds).to.equal(1);
      clock = 500;
      await rejection(confirmations.confirm('order_late'));
      expect(calls).to.have.length(5);
    });

    it('makes at most callsPerSecond × (1 + t) calls over t seconds of forged notifications', async function () {
      const { api, calls } = fakeApi(new Map());
      const confirmations = createBoundedConfirmations(api, settled, { callsPerSecond: 10, now });
      for (let n = 0; n < 2000; n += 1) {
        clock = n * 5; // 200 notifications a second for 10 s
        await rejection(confirmations.confirm(`order_${n}`));
      }
      expect(calls.length).to.be.at.most(10 * (1 + 10));
      expect(calls.length).to.be.at.least(100);
    });
  });
});
