import { createHash } from 'node:crypto';
import { deterministicEventId } from '../domain/eventId.js';
import { quarantineStreamName } from '../domain/paymentStream.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { VerifiedDelivery } from './gateway.js';

export interface QuarantinedDelivery {
  readonly gateway: string;
  readonly reason: string;
  readonly delivery: VerifiedDelivery;
  readonly rawBody: Buffer;
  readonly receivedAt: Date;
  readonly correlationId: string;
}

export const WEBHOOK_QUARANTINED = 'WebhookQuarantined';

/**
 * Keeps a signed body we cannot use, byte for byte (base64, since it may not even be UTF-8), in a
 * stream of its own keyed by the body's hash. `no_stream` makes a redelivery of the same bytes an
 * idempotent no-op, durably, in both event stores.
 */
export async function quarantineDelivery(
  eventStore: EventStore,
  quarantined: QuarantinedDelivery,
): Promise<string> {
  const sha256 = createHash('sha256').update(quarantined.rawBody).digest('hex');
  const eventId = deterministicEventId(`quarantine:${quarantined.gateway}:${sha256}`);
  await eventStore.appendToStream(
    quarantineStreamName(quarantined.gateway, sha256),
    [
      {
        id: eventId,
        type: WEBHOOK_QUARANTINED,
        data: {
          gateway: quarantined.gateway,
          reason: quarantined.reason,
          deliveryId: quarantined.delivery.deliveryId,
          receivedAt: quarantined.receivedAt.toISOString(),
          rawBodyBase64: quarantined.rawBody.toString('base64'),
        },
        metadata: {
          signatureScheme: quarantined.delivery.scheme,
          secretIndex: quarantined.delivery.secretIndex,
          rawBodySha256: sha256,
          correlationId: quarantined.correlationId,
        },
      },
    ],
    { expectedRevision: 'no_stream' },
  );
  return eventId;
}
