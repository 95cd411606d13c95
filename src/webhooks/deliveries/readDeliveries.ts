import type { JsonObject } from '../../domain/paymentEvent.js';
import type { EventStore, RecordedEvent } from '../../eventStore/eventStore.js';
import { toDeliveryEntry, type DeliveryEntry } from './deliveryEntry.js';
import {
  DELIVERY_LISTED,
  deliveryStream,
  paymentDeliveriesStream,
  parseDeliveryId,
} from './deliveryStreams.js';

/** One kept delivery with its resolution, or undefined when there is none by that id. */
export async function readDelivery(
  eventStore: EventStore,
  id: string,
): Promise<DeliveryEntry | undefined> {
  const ref = parseDeliveryId(id);
  if (!ref) return undefined;
  return toDeliveryEntry(ref, await eventStore.readStream(deliveryStream(ref)));
}

/**
 * The entry a list pointer points at, if the pointer is the entry's own (`which` names the list
 * it came from): stale pointers left by a crash or a retry resolve to nothing.
 */
export async function resolvePointer(
  eventStore: EventStore,
  pointer: RecordedEvent,
  which: 'list' | 'payment',
): Promise<DeliveryEntry | undefined> {
  if (pointer.type !== DELIVERY_LISTED) return undefined;
  const id = (pointer.data as JsonObject)['id'];
  if (typeof id !== 'string') return undefined;
  const entry = await readDelivery(eventStore, id);
  return entry?.listedAt[which] === pointer.revision ? entry : undefined;
}

/**
 * The quarantined and ignored deliveries that name a payment, oldest first: what an auditor
 * sees beside the payment's own events. Reads one short stream and the entries it points at.
 */
export async function listPaymentDeliveries(
  eventStore: EventStore,
  gateway: string,
  paymentId: string,
): Promise<DeliveryEntry[]> {
  const pointers = await eventStore.readStream(paymentDeliveriesStream(gateway, paymentId));
  const entries = await Promise.all(
    pointers.map((pointer) => resolvePointer(eventStore, pointer, 'payment')),
  );
  return entries.filter((entry): entry is DeliveryEntry => entry !== undefined);
}
