import { expect } from 'chai';
import type { JsonValue } from '../../../../../src/domain/paymentEvent.js';
import {
  ippopayEvidence,
  normalizeIppopayConfirmation,
} from '../../../../../src/webhooks/gateways/ippopay/normalizeIppopayConfirmation.js';
import { loadFixture } from '../../../../support/gatewayFixtures.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const ORDER_ID = 'order_G@nzg3qBq';
const fixture = (name: string) => loadFixture('ippopay', name).json as Record<string, JsonValue>;
const orderAnswer = (order: JsonValue = fixture('order')) => ({
  success: true,
  message: 'Order Details',
  data: { order },
});
const transactionAnswer = (transaction: JsonValue) => ({
  success: true,
  message: 'Transaction details',
  data: { transaction },
});

const asAnswer = (body: JsonValue) => ({ body, text: JSON.stringify(body, null, 2) });
const confirmation = (order: JsonValue, transaction: JsonValue) => ({
  order: asAnswer(orderAnswer(order)),
  transaction: asAnswer(transactionAnswer(transaction)),
});

function normalize(order: JsonValue, transaction: JsonValue) {
  return normalizeIppopayConfirmation(ORDER_ID, confirmation(order, transaction), NOW);
}

describe('normalizeIppopayConfirmation', () => {
  context('with the documented order and its transaction', () => {
    const table: readonly [string, string, string][] = [
      ['transaction.success', 'captured', '2020-12-09T06:59:23.488Z'],
      ['transaction.failure', 'failed', '2020-12-09T06:58:02.101Z'],
      ['transaction.closed', 'canceled', '2020-12-09T07:20:00.000Z'],
    ];
    for (const [name, status, occurredAt] of table) {
      it(`records ${name} as ${status}, keeping the order id and the confirmation as evidence`, () => {
        const transaction = fixture(name);
        const ippopayStatus = transaction['status'] as string;
        expect(normalize(fixture('order'), transaction)).to.deep.equal({
          kind: 'payment',
          payment: {
            gatewayEventId: `trans_t2Jca2dVIF:${ippopayStatus}`,
            gatewayEventType: `transaction.${ippopayStatus}`,
            paymentId: 'trans_t2Jca2dVIF',
            orderId: ORDER_ID,
            status,
            amount: 10000,
            currency: 'INR',
            refundedAmount: null,
            refundId: null,
            occurredAt,
          },
          evidence: ippopayEvidence(ORDER_ID, confirmation(fixture('order'), transaction)),
        });
      });
    }
  });

  context('with amounts in major units', () => {
    const cases: readonly [JsonValue, string, number][] = [
      [19.99, 'INR', 1999],
      ['100.00', 'INR', 10000],
      [500, 'JPY', 500],
      [1.005, 'KWD', 1005],
    ];
    for (const [amount, currency, minor] of cases) {
      it(`converts ${JSON.stringify(amount)} ${currency} to ${minor} minor units exactly`, () => {
        const result = normalize(
          { ...fixture('order'), amount, currency },
          fixture('transaction.success'),
        );
        expect(result.kind === 'payment' && result.payment.amount).to.equal(minor);
      });
    }

    it('answers invalid for more fraction digits than the currency has', () => {
      const order = { ...fixture('order'), amount: 100.005 };
      expect(normalize(order, fixture('transaction.success')).kind).to.equal('invalid');
    });
  });

  context('when the API answer is not what was asked, or not final', () => {
    it('answers invalid when the order returned is another order', () => {
      const order = { ...fixture('order'), order_id: 'order_other' };
      expect(normalize(order, fixture('transaction.success'))).to.deep.include({
        kind: 'invalid',
        reason: 'Ippopay answered for order order_other, not the one notified',
        paymentId: 'trans_t2Jca2dVIF',
      });
    });

    for (const word of ['pending', 'processing', 'initiated']) {
      it(`records a transaction still ${word} as pending, under its own event id`, () => {
        const transaction = { ...fixture('transaction.success'), status: word };
        const result = normalize(fixture('order'), transaction);
        expect(result.kind === 'payment' && result.payment).to.deep.include({
          status: 'pending',
          gatewayEventId: `trans_t2Jca2dVIF:${word}`,
        });
      });
    }

    it('answers ignored, naming the payment, for a status payledger does not model', () => {
      const transaction = { ...fixture('transaction.success'), status: 'refund_initiated' };
      expect(normalize(fixture('order'), transaction)).to.deep.include({
        kind: 'ignored',
        paymentId: 'trans_t2Jca2dVIF',
      });
    });

    it('answers invalid for a transaction without a time', () => {
      const { updatedAt: _dropped, ...transaction } = fixture('transaction.success');
      expect(normalize(fixture('order'), transaction).kind).to.equal('invalid');
    });

    it('answers invalid for an unknown currency', () => {
      const order = { ...fixture('order'), currency: 'XYZ' };
      expect(normalize(order, fixture('transaction.success')).kind).to.equal('invalid');
    });
  });
});
