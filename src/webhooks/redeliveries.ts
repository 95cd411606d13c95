import { hash } from 'node:crypto';
import type { GatewayName, VerifiedDelivery } from './gateway.js';

/** Deliveries remembered by default: about 2 MiB of keys and ids. */
export const DEFAULT_REMEMBERED_DELIVERIES = 10_000;

/** A verified delivery's identity for the redelivery check: who sent which bytes under which id. */
export interface DeliveryFingerprint {
  readonly key: string;
  /** Hex SHA-256 of the raw body, the event's `rawBodySha256`. */
  readonly bodySha256: string;
}

/**
 * The most recent deliveries whose payment event is durable in the event store, so a redelivery
 * is answered `duplicate` straight after its signature check, before decoding, validation and the
 * store's dedupe read: gateways retry in storms, and a duplicate costs as much as a new event
 * otherwise.
 *
 * Safe because it only ever answers for what the store has: a delivery is remembered after its
 * append committed, or after the store showed it the same body already stored, never before.
 * Anything not remembered (evicted, another instance's, a body that differs) takes the full path,
 * which reads the store; so a miss costs nothing but time, and "stored once" and "nothing
 * verified lost" rest on the store as before. A delivery is the gateway, the id its headers give
 * (Standard Webhooks and Razorpay) and the exact signed bytes: with the same three, decoding and
 * normalizing are the same pure functions of the same input, so they name the same event.
 */
export function createRedeliveries(capacity = DEFAULT_REMEMBERED_DELIVERIES) {
  // Insertion order is age: the first key is the oldest, dropped when full.
  const stored = new Map<string, string>();
  return {
    fingerprint(
      gateway: GatewayName,
      delivery: VerifiedDelivery,
      rawBody: Buffer,
    ): DeliveryFingerprint {
      const bodySha256 = hash('sha256', rawBody, 'hex');
      // Neither a gateway name nor a hex digest holds a newline; an id may, so it goes last.
      return { key: `${gateway}\n${bodySha256}\n${delivery.deliveryId ?? ''}`, bodySha256 };
    },
    /** The id of the durable event this delivery is a redelivery of, if remembered. */
    storedEventId(fingerprint: DeliveryFingerprint): string | undefined {
      return stored.get(fingerprint.key);
    },
    /** Call only once the event is durable in the store. */
    remember(fingerprint: DeliveryFingerprint, eventId: string): void {
      if (capacity <= 0) return;
      stored.delete(fingerprint.key);
      stored.set(fingerprint.key, eventId);
      if (stored.size > capacity) {
        const oldest = stored.keys().next();
        if (!oldest.done) stored.delete(oldest.value);
      }
    },
  };
}

export type Redeliveries = ReturnType<typeof createRedeliveries>;
