import type { JsonObject, JsonValue } from '../../domain/paymentEvent.js';
import type { RecordedEvent } from '../../eventStore/eventStore.js';
import type { VerifiedDelivery } from '../gateway.js';
import {
  DELIVERY_LIST_RECORDED,
  DELIVERY_RESOLVED,
  formatDeliveryId,
  type DeliveryKind,
  type DeliveryRef,
} from './deliveryStreams.js';

/** What a re-run did with a kept delivery once it became a payment event. */
export interface DeliveryResolution {
  readonly outcome: 'accepted' | 'duplicate';
  readonly eventId: string;
  readonly stream: string;
  readonly resolvedAt: string;
  readonly correlationId: string;
}

/** A kept delivery as admins see it: what came in, why it was kept, and what became of it. */
export interface DeliveryEntry {
  readonly id: string;
  readonly kind: DeliveryKind;
  readonly gateway: string;
  readonly reason: string;
  /** The payment it names, where that could be read; null otherwise. */
  readonly paymentId: string | null;
  /** The gateway's event type, where it could be read (`charge.updated`). */
  readonly eventType: string | null;
  /** The gateway's delivery id from the headers (`webhook-id`, `x-razorpay-event-id`). */
  readonly deliveryId: string | null;
  readonly receivedAt: string;
  /** The kept bytes: as text when they are UTF-8, else base64. */
  readonly rawBody: { readonly encoding: 'utf8' | 'base64'; readonly data: string };
  readonly rawBodySha256: string;
  readonly verification: { readonly scheme: string; readonly secretIndex: number };
  readonly correlationId: string;
  readonly resolution: DeliveryResolution | null;
  /** Where its list pointers were written (older pointers to it are stale and skipped). */
  readonly listedAt: { readonly list: bigint | null; readonly payment: bigint | null };
  /** Revision of the last event of its own stream, to append a resolution after. */
  readonly streamRevision: bigint;
}

const text = (value: JsonValue | undefined): string | null =>
  typeof value === 'string' ? value : null;
const revisionOf = (value: JsonValue | undefined): bigint | null =>
  typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : null;

/** Folds a kept delivery's stream (the delivery, then any resolution) into its entry. */
export function toDeliveryEntry(
  ref: DeliveryRef,
  events: readonly RecordedEvent[],
): DeliveryEntry | undefined {
  const [first, ...later] = events;
  if (!first || typeof first.data !== 'object' || first.data === null) return undefined;
  const data = first.data as JsonObject;
  const metadata = first.metadata;
  const resolved = later.find((event) => event.type === DELIVERY_RESOLVED);
  const listedLater = later.find((event) => event.type === DELIVERY_LIST_RECORDED)?.data;
  const base64 = text(data['rawBodyBase64']);
  return {
    id: formatDeliveryId(ref),
    kind: ref.kind,
    gateway: ref.gateway,
    reason: text(data['reason']) ?? '',
    paymentId: text(data['paymentId']),
    eventType: text(data['eventType']),
    deliveryId: text(data['deliveryId']),
    receivedAt: text(data['receivedAt']) ?? first.recordedAt.toISOString(),
    rawBody:
      base64 === null
        ? { encoding: 'utf8', data: text(data['rawBody']) ?? '' }
        : { encoding: 'base64', data: base64 },
    rawBodySha256: text(metadata['rawBodySha256']) ?? '',
    verification: {
      scheme: text(metadata['signatureScheme']) ?? '',
      secretIndex: typeof metadata['secretIndex'] === 'number' ? metadata['secretIndex'] : 0,
    },
    correlationId: text(metadata['correlationId']) ?? '',
    resolution: resolved ? (resolved.data as unknown as DeliveryResolution) : null,
    listedAt: {
      list:
        revisionOf(data['listRevision']) ??
        revisionOf((listedLater as JsonObject | undefined)?.['listRevision']),
      payment: revisionOf(data['paymentListRevision']),
    },
    streamRevision: events.at(-1)?.revision ?? first.revision,
  };
}

/** The kept bytes, back as they came. */
export function rawBytesOf(entry: DeliveryEntry): Buffer {
  return Buffer.from(entry.rawBody.data, entry.rawBody.encoding === 'utf8' ? 'utf8' : 'base64');
}

/** The verification facts a re-run hands to the gateway's normalizer. */
export function verifiedDeliveryOf(entry: DeliveryEntry): VerifiedDelivery {
  return {
    scheme: entry.verification.scheme,
    secretIndex: entry.verification.secretIndex,
    deliveryId: entry.deliveryId,
  };
}
