import { randomUUID } from 'node:crypto';
import type { PaymentStatus } from '../../src/domain/paymentStatus.js';
import { paymentEventType } from '../../src/domain/paymentStatus.js';
import { paymentStreamName } from '../../src/domain/paymentStream.js';
import type { EventToAppend, RecordedEvent } from '../../src/eventStore/eventStore.js';
import type { PaymentBody, PaymentDocument } from '../../src/readModels/paymentDocument.js';
import { foldEvents } from '../../projections/foldEvents.js';
import { paymentsProjection } from '../../projections/payments/paymentsProjection.js';

export interface PaymentEventSpec {
  readonly id?: string;
  readonly gateway?: string;
  readonly paymentId?: string;
  readonly orderId?: string | null;
  readonly status?: PaymentStatus;
  readonly amount?: number;
  readonly currency?: string;
  readonly refundedAmount?: number | null;
  readonly refundId?: string | null;
  readonly dispute?: { readonly id: string; readonly outcome: 'open' | 'won' | 'lost' };
  readonly occurredAt?: string;
}

/** A canonical payment event ready to append (defaults: a captured 19.99 USD Stripe payment). */
export function aPaymentEvent(spec: PaymentEventSpec = {}): EventToAppend & { streamName: string } {
  const status = spec.status ?? 'captured';
  const gateway = spec.gateway ?? 'stripe';
  const paymentId = spec.paymentId ?? 'pi_1';
  const id = spec.id ?? randomUUID();
  return {
    id,
    streamName: paymentStreamName(gateway, paymentId),
    type: paymentEventType(status),
    data: {
      gateway,
      gatewayEventId: `evt_${id}`,
      gatewayEventType: `payment.${status}`,
      paymentId,
      orderId: spec.orderId === undefined ? 'ord_1' : spec.orderId,
      status,
      amount: spec.amount ?? 1999,
      currency: spec.currency ?? 'USD',
      refundedAmount: spec.refundedAmount ?? null,
      refundId: spec.refundId ?? null,
      ...(spec.dispute ? { dispute: spec.dispute } : {}),
      occurredAt: spec.occurredAt ?? '2024-06-26T11:08:07Z',
      receivedAt: '2024-06-26T11:08:08.000Z',
      payload: { id: `evt_${id}` },
      rawBody: `{"id":"evt_${id}"}`,
    },
    metadata: { correlationId: randomUUID() },
  };
}

/** Records events as a store would, in the given arrival order (revision and position grow). */
export function recordInOrder(
  events: readonly (EventToAppend & { streamName: string })[],
  firstPosition = 1n,
): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map((event, index) => {
    const revision = revisions.get(event.streamName) ?? 0n;
    revisions.set(event.streamName, revision + 1n);
    const position = firstPosition + BigInt(index);
    return {
      id: event.id,
      type: event.type,
      streamName: event.streamName,
      revision,
      position: { commit: position, prepare: position },
      data: event.data,
      metadata: event.metadata,
      recordedAt: new Date(0),
    };
  });
}

/** The payment document of a stream whose events are `specs`, recorded in that order. */
export function aPaymentDocument(...specs: PaymentEventSpec[]): PaymentDocument {
  const [entry, ...others] = foldEvents(
    paymentsProjection,
    recordInOrder(specs.map(aPaymentEvent)),
  );
  if (!entry || others.length > 0) throw new RangeError('the specs must be events of one payment');
  const [key, { position, body }] = entry;
  return { ...(body as PaymentBody), key, lastGlobalPosition: position };
}
