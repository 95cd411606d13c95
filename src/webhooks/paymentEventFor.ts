import { createHash } from 'node:crypto';
import { paymentEventId } from '../domain/eventId.js';
import type { JsonValue, NormalizedPayment, PaymentEvent } from '../domain/paymentEvent.js';
import { paymentEventType } from '../domain/paymentStatus.js';
import { paymentStreamName } from '../domain/paymentStream.js';
import { storedBody } from '../domain/storedBody.js';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore.js';
import { appendPaymentEvent, type AppendOutcome } from './appendPaymentEvent.js';
import type { Gateway, GatewayName, VerifiedDelivery } from './gateway.js';

/** What is kept of a delivery: the signed body (or a gateway's evidence), as text and parsed. */
export interface KeptBody {
  readonly text: string;
  readonly value: JsonValue;
  readonly bytes: Buffer;
  /** Hex SHA-256 of `bytes`, when the caller has it already. */
  readonly sha256?: string;
}

/**
 * The canonical event for a normalized payment, the same whether the delivery is new or a kept
 * one re-run later (its id derives from the gateway's event id, so both map to one event).
 */
export function paymentEventFor(input: {
  readonly gateway: GatewayName;
  readonly payment: NormalizedPayment;
  readonly delivery: VerifiedDelivery;
  readonly body: KeptBody;
  readonly receivedAt: Date;
  readonly correlationId: string;
}): { readonly stream: string; readonly event: PaymentEvent } {
  const { gateway, payment, delivery, body } = input;
  return {
    stream: paymentStreamName(gateway, payment.paymentId),
    event: {
      id: paymentEventId(gateway, payment.gatewayEventId),
      type: paymentEventType(payment.status),
      data: {
        gateway,
        ...payment,
        receivedAt: input.receivedAt.toISOString(),
        // Kept once; the history parses the payload from it (issue 12).
        ...storedBody(body.bytes, body.text),
      },
      metadata: {
        signatureScheme: delivery.scheme,
        secretIndex: delivery.secretIndex,
        rawBodySha256: body.sha256 ?? createHash('sha256').update(body.bytes).digest('hex'),
        correlationId: input.correlationId,
      },
    },
  };
}

/** Appends a payment event once, by its id and, for gateways that need it, by its body. */
export function appendOnce(
  eventStore: EventStore,
  gateway: Pick<Gateway, 'dedupesByBody'>,
  stream: string,
  event: PaymentEvent,
): Promise<AppendOutcome> {
  const sha = event.metadata.rawBodySha256;
  return appendPaymentEvent(
    eventStore,
    stream,
    event,
    gateway.dedupesByBody
      ? (stored: RecordedEvent) => stored.metadata['rawBodySha256'] === sha
      : undefined,
  );
}
