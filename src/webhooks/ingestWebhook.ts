import { hash } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { paymentEventId } from '../domain/eventId.js';
import type { JsonValue, PaymentEvent, PaymentEventMetadata } from '../domain/paymentEvent.js';
import { paymentEventType } from '../domain/paymentStatus.js';
import { paymentStreamName } from '../domain/paymentStream.js';
import { storedBody } from '../domain/storedBody.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { appendPaymentEvent } from './appendPaymentEvent.js';
import { decodeJsonBody } from './decodeJsonBody.js';
import type { Gateway, VerifiedDelivery, WebhookRequest } from './gateway.js';
import type { IngestResult } from './ingestResult.js';
import { createAdmissionLimit } from './admissionLimit.js';
import { createKeyedSerializer } from './keyedSerializer.js';
import { quarantineDelivery } from './quarantineDelivery.js';

export interface IngestDeps {
  readonly eventStore: EventStore;
  readonly clock: Clock;
  /** Told when a redelivery carries a different body than the event already stored. */
  readonly onDivergentDuplicate?: (gateway: string, eventId: string) => void;
  /** Verified deliveries allowed to wait for the store at once (back-pressure). */
  readonly maxPendingWebhooks: number;
  /** The most the event store takes in one append; bodies are stored to fit it. */
  readonly maxAppendBytes: number;
}

export type IngestWebhook = (
  gateway: Gateway,
  request: WebhookRequest,
  correlationId: string,
) => Promise<IngestResult>;

/**
 * The ingest use case: verify → decode → normalize → append once. Throws
 * `InvalidSignatureError` (nothing stored) and `StoreUnavailableError` (nothing acknowledged);
 * every other outcome is an `IngestResult`.
 */
export function createIngestWebhook(deps: IngestDeps): IngestWebhook {
  const serializeByEventId = createKeyedSerializer();
  const admission = createAdmissionLimit(deps.maxPendingWebhooks);

  return async function ingestWebhook(gateway, request, correlationId) {
    const receivedAt = deps.clock();
    const delivery = gateway.verify(request, receivedAt);
    return admission.run(() => store(gateway, request, correlationId, receivedAt, delivery));
  };

  async function store(
    gateway: Gateway,
    request: WebhookRequest,
    correlationId: string,
    receivedAt: Date,
    delivery: VerifiedDelivery,
  ): Promise<IngestResult> {
    const quarantine = async (reason: string): Promise<IngestResult> => {
      const eventId = await quarantineDelivery(deps.eventStore, {
        gateway: gateway.name,
        reason,
        delivery,
        rawBody: request.rawBody,
        receivedAt,
        correlationId,
      });
      return { outcome: 'quarantined', eventId, reason };
    };

    const decoded = decodeJsonBody(request.rawBody);
    if (!decoded.ok) return quarantine(decoded.reason);
    const normalized = await gateway.normalize(decoded.value, request, receivedAt);
    if (normalized.kind === 'ignored') return { outcome: 'ignored', reason: normalized.reason };
    if (normalized.kind === 'invalid') return quarantine(normalized.reason);

    const { payment } = normalized;
    const event: PaymentEvent = {
      id: paymentEventId(gateway.name, payment.gatewayEventId),
      type: paymentEventType(payment.status),
      data: {
        gateway: gateway.name,
        ...payment,
        receivedAt: receivedAt.toISOString(),
        ...(normalized.payload === undefined ? {} : { payload: normalized.payload }),
        ...storedBody(request.rawBody, decoded.text, deps.maxAppendBytes),
      },
      metadata: eventMetadata(delivery, request.rawBody, correlationId),
    };
    const stream = paymentStreamName(gateway.name, payment.paymentId);

    return serializeByEventId(event.id, async (): Promise<IngestResult> => {
      const outcome = await appendPaymentEvent(deps.eventStore, stream, event);
      if (outcome.kind === 'appended') {
        return { outcome: 'accepted', eventId: event.id, stream, revision: outcome.revision };
      }
      if (storedBodySha256(outcome.existing.metadata) !== event.metadata.rawBodySha256) {
        deps.onDivergentDuplicate?.(gateway.name, event.id);
        await quarantine(
          `redelivery of event ${event.id} with a different body than the one stored`,
        );
      }
      return { outcome: 'duplicate', eventId: event.id };
    });
  }
}

function eventMetadata(
  delivery: VerifiedDelivery,
  rawBody: Buffer,
  correlationId: string,
): PaymentEventMetadata {
  return {
    signatureScheme: delivery.scheme,
    secretIndex: delivery.secretIndex,
    rawBodySha256: hash('sha256', rawBody, 'hex'),
    correlationId,
  };
}

function storedBodySha256(metadata: { readonly [key: string]: JsonValue }): JsonValue | undefined {
  return metadata['rawBodySha256'];
}
