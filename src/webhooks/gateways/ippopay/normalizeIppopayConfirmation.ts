import { majorToMinorUnits } from '../../../domain/money.js';
import type { JsonValue } from '../../../domain/paymentEvent.js';
import type { PaymentStatus } from '../../../domain/paymentStatus.js';
import type { NormalizeResult } from '../../gateway.js';
import { describeIssues, ignored, invalid, toPaymentResult } from '../paymentFacts.js';
import { ippopayOrderResponseSchema, ippopayTransactionResponseSchema } from './ippopayPayload.js';

/** Transaction statuses, as Ippopay's own PrestaShop plugin reads them. */
const TRANSACTION_STATUS: Readonly<Record<string, PaymentStatus>> = {
  success: 'captured',
  failure: 'failed',
  closed: 'canceled',
};

/** What the API said about the notified order: the bodies of both lookups, as received. */
export interface IppopayConfirmation {
  readonly order: JsonValue;
  readonly transaction: JsonValue;
}

/**
 * Pure: the API's answers about a notified order → the payment it confirms. The transaction is
 * the payment (`trans_id`, its status and time); the order supplies the amount, in major units,
 * and the currency. The stored payload keeps both the notification and the confirmation, so an
 * auditor sees what was claimed and what was checked.
 */
export function normalizeIppopayConfirmation(
  notification: { readonly orderId: string; readonly payload: JsonValue },
  confirmation: IppopayConfirmation,
  now: Date,
): NormalizeResult {
  const order = ippopayOrderResponseSchema.safeParse(confirmation.order);
  if (!order.success) return invalid(`Ippopay order: ${describeIssues(order.error)}`);
  const transaction = ippopayTransactionResponseSchema.safeParse(confirmation.transaction);
  if (!transaction.success)
    return invalid(`Ippopay transaction: ${describeIssues(transaction.error)}`);
  const { order: confirmedOrder } = order.data.data;
  const { transaction: confirmed } = transaction.data.data;
  if (confirmedOrder.order_id !== notification.orderId)
    return invalid(`Ippopay answered for order ${confirmedOrder.order_id}, not the one notified`);

  const status = TRANSACTION_STATUS[confirmed.status];
  if (!status)
    return ignored(`Ippopay transaction ${confirmed.trans_id} is ${confirmed.status}, not final`);

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
  if (result.kind !== 'payment') return result;
  return {
    ...result,
    payload: {
      notification: notification.payload,
      confirmation: { order: confirmation.order, transaction: confirmation.transaction },
    },
  };
}
