import type { AsOf } from '../../../projections/asOf/eventsAsOf.js';
import { orderAsOf, paymentAsOf } from '../../../projections/asOf/documentsAsOf.js';
import { paymentStreamName } from '../../domain/paymentStream.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import type { OrderDocument } from '../../readModels/orderDocument.js';
import type { PaymentDocument } from '../../readModels/paymentDocument.js';
import type { OrdersReadModel } from '../../readModels/readModelQueries.js';
import { OrderNotFoundError, PaymentNotFoundError } from '../httpErrors.js';
import { describeAsOf, NotFoundAsOfError } from './asOfQuery.js';

/** A payment as of a moment, folded from its stream by the payments projection. */
export async function readPaymentAsOf(
  eventStore: EventStore,
  gateway: string,
  paymentId: string,
  asOf: AsOf,
): Promise<PaymentDocument> {
  const history = await eventStore.readStream(paymentStreamName(gateway, paymentId));
  if (history.length === 0) throw new PaymentNotFoundError(gateway, paymentId);
  const key = `${gateway}:${paymentId}`;
  const folded = paymentAsOf(history, key, asOf);
  if (!folded) {
    throw new NotFoundAsOfError(
      `Payment ${paymentId} of ${gateway} had no event ${describeAsOf(asOf)}.`,
    );
  }
  return { ...folded.body, key, lastGlobalPosition: folded.position };
}

/**
 * An order as of a moment, folded by the orders projection from the streams of the payments
 * that name it now (the orders read model lists them). A payment counts as of `asOf` only if
 * its events up to then named the order. A payment that named the order once and names another
 * now is not found this way: neither read model keeps the orders a payment named before.
 */
export async function readOrderAsOf(
  eventStore: EventStore,
  readModels: OrdersReadModel,
  orderId: string,
  asOf: AsOf,
): Promise<OrderDocument> {
  const now = await readModels.getOrder(orderId);
  if (!now) throw new OrderNotFoundError(orderId);
  const histories = await Promise.all(
    now.payments.map((payment) =>
      eventStore.readStream(paymentStreamName(payment.gateway, payment.paymentId)),
    ),
  );
  const folded = orderAsOf(histories, orderId, asOf);
  if (!folded) {
    throw new NotFoundAsOfError(
      `No payment named order ${orderId} in an event ${describeAsOf(asOf)}.`,
    );
  }
  return { ...folded.body, key: orderId, lastGlobalPosition: folded.position };
}
