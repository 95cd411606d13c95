import { majorToMinorUnits } from '../../../domain/money.js';
import type { PaymentStatus } from '../../../domain/paymentStatus.js';
import type { Evidence, NormalizeResult } from '../../gateway.js';
import { describeIssues, toPaymentResult } from '../paymentFacts.js';
import type { IppopayConfirmation } from './boundedConfirmations.js';
import { ippopayOrderResponseSchema, ippopayTransactionResponseSchema } from './ippopayPayload.js';

/**
 * Transaction statuses: the final ones as Ippopay's own PrestaShop plugin reads them, and the
 * words for a transaction still under way, recorded as `pending` so that the final state, when
 * a later notification brings it, moves the payment on (Ippopay does not retry a notification
 * that was answered 2xx, so dropping a non-final one could lose the payment).
 */
const TRANSACTION_STATUS: Readonly<Record<string, PaymentStatus>> = {
  success: 'captured',
  failure: 'failed',
  closed: 'canceled',
  pending: 'pending',
  processing: 'pending',
  initiated: 'pending',
};

const SETTLED: ReadonlySet<string> = new Set(['success', 'failure', 'closed']);

function transactionStatusOf(confirmation: IppopayConfirmation): string | undefined {
  const parsed = ippopayTransactionResponseSchema.safeParse(confirmation.transaction.body);
  return parsed.success ? parsed.data.data.transaction.status : undefined;
}

/** Whether an answer can no longer change (so it may be reused for a few seconds). */
export function isSettledConfirmation(confirmation: IppopayConfirmation): boolean {
  return SETTLED.has(transactionStatusOf(confirmation) ?? '');
}

/**
 * What is kept of a confirmed notification: the order id read from it (nothing else of what
 * anyone may post) and the API's answers byte for byte.
 */
export function ippopayEvidence(orderId: string, confirmation: IppopayConfirmation): Evidence {
  const notification = { order_id: orderId };
  return {
    text: `{"notification":${JSON.stringify(notification)},"confirmation":{"order":${confirmation.order.text.trim()},"transaction":${confirmation.transaction.text.trim()}}}`,
    value: {
      notification,
      confirmation: { order: confirmation.order.body, transaction: confirmation.transaction.body },
    },
  };
}

/**
 * Pure: the API's answers about a notified order → the payment it confirms. The transaction is
 * the payment (`trans_id`, its status and time); the order supplies the amount, in major units,
 * and the currency. Every result carries the evidence, so an auditor sees what was checked.
 */
export function normalizeIppopayConfirmation(
  orderId: string,
  confirmation: IppopayConfirmation,
  now: Date,
): NormalizeResult {
  const evidence = ippopayEvidence(orderId, confirmation);
  const transaction = ippopayTransactionResponseSchema.safeParse(confirmation.transaction.body);
  const paymentId = transaction.success ? transaction.data.data.transaction.trans_id : null;
  const order = ippopayOrderResponseSchema.safeParse(confirmation.order.body);
  if (!order.success)
    return { kind: 'invalid', reason: `Ippopay order: ${describeIssues(order.error)}`, evidence };
  if (!transaction.success)
    return {
      kind: 'invalid',
      reason: `Ippopay transaction: ${describeIssues(transaction.error)}`,
      evidence,
    };
  const { order: confirmedOrder } = order.data.data;
  const { transaction: confirmed } = transaction.data.data;
  if (confirmedOrder.order_id !== orderId)
    return {
      kind: 'invalid',
      reason: `Ippopay answered for order ${confirmedOrder.order_id}, not the one notified`,
      paymentId,
      evidence,
    };

  const status = Object.hasOwn(TRANSACTION_STATUS, confirmed.status)
    ? TRANSACTION_STATUS[confirmed.status]
    : undefined;
  if (!status)
    return {
      kind: 'ignored',
      reason: `Ippopay transaction ${confirmed.trans_id} has status ${confirmed.status}, which payledger does not model`,
      paymentId,
      evidence,
    };

  const result = toPaymentResult(
    {
      gatewayEventId: `${confirmed.trans_id}:${confirmed.status}`,
      gatewayEventType: `transaction.${confirmed.status}`,
      paymentId: confirmed.trans_id,
      orderId: confirmedOrder.order_id,
      status,
      currency: confirmedOrder.currency,
      amount: confirmedOrder.amount,
      refundedAmount: null,
      refundId: null,
      occurredAt: confirmed.updatedAt,
    },
    // Major units ("format ##.##"), converted from their decimal text, never by float maths.
    majorToMinorUnits,
    now,
  );
  return result.kind === 'payment' ? { ...result, evidence } : { ...result, paymentId, evidence };
}
