import type { Clock } from '../domain/clock.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { decodeJsonBody } from './decodeJsonBody.js';
import { keepDelivery } from './deliveries/keepDelivery.js';
import type { DeliveryKind } from './deliveries/deliveryStreams.js';
import type { Evidence, Gateway, VerifiedDelivery, WebhookRequest } from './gateway.js';
import type { IngestResult } from './ingestResult.js';
import { createAdmissionLimit } from './admissionLimit.js';
import { createKeyedSerializer } from './keyedSerializer.js';
import { appendOnce, paymentEventFor, type KeptBody } from './paymentEventFor.js';
import { createRedeliveries, type DeliveryFingerprint } from './redeliveries.js';
import { InvalidNotificationError } from './webhookErrors.js';

export interface IngestDeps {
  readonly eventStore: EventStore;
  readonly clock: Clock;
  /** Told when a redelivery carries a different body than the event already stored. */
  readonly onDivergentDuplicate?: (gateway: string, eventId: string) => void;
  /** Verified deliveries allowed to wait for the store at once (back-pressure). */
  readonly maxPendingWebhooks: number;
  /** How many recent stored deliveries are answered `duplicate` without the store (redeliveries.ts). */
  readonly rememberedDeliveries?: number;
}

export type IngestWebhook = (
  gateway: Gateway,
  request: WebhookRequest,
  correlationId: string,
) => Promise<IngestResult>;

/**
 * The ingest use case: verify → decode → normalize → append once; a redelivery of a delivery
 * recently stored is answered `duplicate` right after verification. Throws
 * `InvalidSignatureError` and, for a gateway that signs nothing, `InvalidNotificationError`
 * (nothing stored either way), and `StoreUnavailableError` (nothing acknowledged); every other
 * outcome is an `IngestResult`. A verified delivery is never dropped: what does not become a
 * payment event is kept as quarantined or ignored.
 */
export function createIngestWebhook(deps: IngestDeps): IngestWebhook {
  const serializeByEventId = createKeyedSerializer();
  const admission = createAdmissionLimit(deps.maxPendingWebhooks);
  const redeliveries = createRedeliveries(deps.rememberedDeliveries);

  return async function ingestWebhook(gateway, request, correlationId) {
    const receivedAt = deps.clock();
    const delivery = gateway.verify(request, receivedAt);
    // A gateway that signs nothing proves nothing with its bytes: its deliveries always go to
    // its API and the store.
    const fingerprint =
      gateway.authenticity === 'signature'
        ? redeliveries.fingerprint(gateway.name, delivery, request.rawBody)
        : undefined;
    const storedEventId = fingerprint && redeliveries.storedEventId(fingerprint);
    if (storedEventId !== undefined) return { outcome: 'duplicate', eventId: storedEventId };
    return admission.run(() =>
      store(gateway, request, correlationId, receivedAt, delivery, fingerprint),
    );
  };

  async function store(
    gateway: Gateway,
    request: WebhookRequest,
    correlationId: string,
    receivedAt: Date,
    delivery: VerifiedDelivery,
    fingerprint: DeliveryFingerprint | undefined,
  ): Promise<IngestResult> {
    const keep = async (
      kind: DeliveryKind,
      reason: string,
      found: { paymentId?: string | null; eventType?: string | null; evidence?: Evidence } = {},
    ) => {
      const kept = await keepDelivery(deps.eventStore, {
        kind,
        gateway: gateway.name,
        reason,
        delivery,
        bytes: found.evidence ? Buffer.from(found.evidence.text, 'utf8') : request.rawBody,
        deliveryIdIsSigned: !gateway.dedupesByBody,
        paymentId: found.paymentId ?? null,
        eventType: found.eventType ?? null,
        receivedAt,
        correlationId,
      });
      return { outcome: kind, id: kept.id, eventId: kept.eventId, reason } as const;
    };

    const decoded = decodeJsonBody(request.rawBody);
    if (!decoded.ok) {
      // Unsigned bytes that are not even JSON prove nothing and are not kept.
      if (gateway.authenticity === 'api-confirmation')
        throw new InvalidNotificationError(decoded.reason);
      return keep('quarantined', decoded.reason);
    }
    const normalized = await gateway.normalize(decoded.value, delivery, receivedAt);
    if (normalized.kind !== 'payment') {
      const identity = gateway.identify(decoded.value);
      return keep(normalized.kind === 'ignored' ? 'ignored' : 'quarantined', normalized.reason, {
        paymentId: normalized.paymentId ?? identity.paymentId,
        eventType: identity.eventType,
        ...(normalized.evidence ? { evidence: normalized.evidence } : {}),
      });
    }

    const body: KeptBody = normalized.evidence
      ? { ...normalized.evidence, bytes: Buffer.from(normalized.evidence.text, 'utf8') }
      : {
          text: decoded.text,
          value: decoded.value,
          bytes: request.rawBody,
          ...(fingerprint ? { sha256: fingerprint.bodySha256 } : {}),
        };
    // Only the delivered bytes are a fingerprint's; evidence fetched from an API is not.
    const remembered = normalized.evidence ? undefined : fingerprint;
    const { stream, event } = paymentEventFor({
      gateway: gateway.name,
      payment: normalized.payment,
      delivery,
      body,
      receivedAt,
      correlationId,
    });

    return serializeByEventId(event.id, async (): Promise<IngestResult> => {
      const outcome = await appendOnce(deps.eventStore, gateway, stream, event);
      if (outcome.kind === 'appended') {
        if (remembered) redeliveries.remember(remembered, event.id);
        return { outcome: 'accepted', eventId: event.id, stream, revision: outcome.revision };
      }
      const storedSha256 = outcome.existing.metadata['rawBodySha256'];
      if (remembered && storedSha256 === event.metadata.rawBodySha256) {
        redeliveries.remember(remembered, outcome.existing.id);
      }
      // A gateway that signs nothing proves nothing with its body: only a signed one that
      // differs from what is stored is worth keeping.
      if (gateway.authenticity === 'signature' && storedSha256 !== event.metadata.rawBodySha256) {
        deps.onDivergentDuplicate?.(gateway.name, event.id);
        await keep(
          'quarantined',
          `redelivery of event ${event.id} with a different body than the one stored`,
          {
            paymentId: normalized.payment.paymentId,
            eventType: normalized.payment.gatewayEventType,
          },
        );
      }
      return { outcome: 'duplicate', eventId: outcome.existing.id };
    });
  }
}
