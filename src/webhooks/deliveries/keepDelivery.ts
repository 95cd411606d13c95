import { createHash, randomUUID } from 'node:crypto';
import { deterministicEventId } from '../../domain/eventId.js';
import { storedBody } from '../../domain/storedBody.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { StreamRevisionConflictError } from '../../eventStore/eventStoreErrors.js';
import type { GatewayName, VerifiedDelivery } from '../gateway.js';
import {
  DELIVERY_EVENT_TYPE,
  DELIVERY_LISTED,
  deliveryKey,
  deliveryListStream,
  deliveryStream,
  formatDeliveryId,
  paymentDeliveriesStream,
  safePaymentId,
  type DeliveryKind,
  type DeliveryRef,
} from './deliveryStreams.js';

export interface DeliveryToKeep {
  readonly kind: DeliveryKind;
  readonly gateway: GatewayName;
  readonly reason: string;
  readonly delivery: VerifiedDelivery;
  /** The signed body byte for byte, or what a gateway that signs nothing keeps instead. */
  readonly bytes: Buffer;
  /** Whether the delivery id is covered by the signature (see `deliveryKey`). */
  readonly deliveryIdIsSigned: boolean;
  readonly paymentId: string | null;
  readonly eventType: string | null;
  readonly receivedAt: Date;
  readonly correlationId: string;
}

export interface KeptDelivery {
  readonly id: string;
  /** The id of the stored delivery event. */
  readonly eventId: string;
  /** False when the same delivery had been kept before (nothing new was stored). */
  readonly isNew: boolean;
}

/**
 * Keeps a verified delivery that did not become a payment event, once: its own stream holds it
 * (`no_stream`, so the same delivery again stores nothing), and pointers to it go first to its
 * gateway's list and, when it names a payment, to that payment's list. Pointers are written
 * before the delivery, so a crash in between leaves at worst a pointer to nothing (skipped when
 * listing), never a kept delivery missing from the list; the delivery records which pointers
 * are its own, so a retry's second pointer is skipped too.
 */
export async function keepDelivery(
  eventStore: EventStore,
  keep: DeliveryToKeep,
): Promise<KeptDelivery> {
  const bodySha256 = createHash('sha256').update(keep.bytes).digest('hex');
  const ref: DeliveryRef = {
    kind: keep.kind,
    gateway: keep.gateway,
    key: deliveryKey(bodySha256, keep.deliveryIdIsSigned ? keep.delivery.deliveryId : null),
  };
  const id = formatDeliveryId(ref);
  const stream = deliveryStream(ref);
  const eventId = deterministicEventId(`delivery:${id}`);
  const [existing] = await eventStore.readStream(stream, { maxCount: 1 });
  if (existing) return { id, eventId: existing.id, isNew: false };

  const paymentId = safePaymentId(keep.paymentId);
  const metadata = {
    signatureScheme: keep.delivery.scheme,
    secretIndex: keep.delivery.secretIndex,
    rawBodySha256: bodySha256,
    correlationId: keep.correlationId,
  };
  // Random ids: a retry's pointer must be appended (and its own revision returned), never
  // deduplicated by EventStoreDB's best-effort cache into the first one's.
  const pointer = () => ({
    id: randomUUID(),
    type: DELIVERY_LISTED,
    data: {
      id,
      kind: keep.kind,
      gateway: keep.gateway,
      paymentId,
      eventType: keep.eventType,
      reason: keep.reason,
      receivedAt: keep.receivedAt.toISOString(),
    },
    metadata,
  });
  const [listed, paymentListed] = await Promise.all([
    eventStore.appendToStream(deliveryListStream(keep.kind, keep.gateway), [pointer()], {
      expectedRevision: 'any',
    }),
    paymentId === null
      ? undefined
      : eventStore.appendToStream(paymentDeliveriesStream(keep.gateway, paymentId), [pointer()], {
          expectedRevision: 'any',
        }),
  ]);
  try {
    await eventStore.appendToStream(
      stream,
      [
        {
          id: eventId,
          type: DELIVERY_EVENT_TYPE[keep.kind],
          data: {
            gateway: keep.gateway,
            reason: keep.reason,
            deliveryId: keep.delivery.deliveryId,
            paymentId,
            eventType: keep.eventType,
            receivedAt: keep.receivedAt.toISOString(),
            ...storedBody(keep.bytes),
            listRevision: listed.nextExpectedRevision.toString(),
            paymentListRevision: paymentListed?.nextExpectedRevision.toString() ?? null,
          },
          metadata,
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  } catch (error) {
    // Another process kept the same delivery between our read and our append.
    if (error instanceof StreamRevisionConflictError) return { id, eventId, isNew: false };
    throw error;
  }
  return { id, eventId, isNew: true };
}
