import { createHash } from 'node:crypto';
import { isSafePaymentId } from '../../domain/paymentStream.js';
import { GATEWAY_NAMES, isGatewayName, type GatewayName } from '../gateway.js';

/**
 * A verified delivery payledger did not turn into a payment event: `quarantined` (it could not,
 * e.g. the payload failed validation) or `ignored` (it need not: an event type payledger does
 * not model). Both are kept, listed for admins, and can be re-run through newer code.
 */
export const DELIVERY_KINDS = ['quarantined', 'ignored'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export const DELIVERY_EVENT_TYPE: Readonly<Record<DeliveryKind, string>> = {
  quarantined: 'WebhookQuarantined',
  ignored: 'WebhookIgnored',
};
/** A pointer to a kept delivery, in its gateway's list stream and in its payment's. */
export const DELIVERY_LISTED = 'DeliveryListed';
/** Appended to a kept delivery's own stream once a re-run has stored it as a payment event. */
export const DELIVERY_RESOLVED = 'DeliveryResolved';
/**
 * Appended to the stream of a delivery kept before list streams existed, once it was listed:
 * which pointer is its own (newer deliveries say so in their first event).
 */
export const DELIVERY_LIST_RECORDED = 'DeliveryListRecorded';

const PREFIX: Readonly<Record<DeliveryKind, string>> = {
  quarantined: 'quarantine-',
  ignored: 'ignored-',
};

/**
 * Where one kept delivery lives: `quarantine-<gateway>:<key>` or `ignored-<gateway>:<key>`, a
 * stream of its own, so the same delivery is kept once (`no_stream`) and its resolution is
 * appended beside it, never replacing it.
 */
export interface DeliveryRef {
  readonly kind: DeliveryKind;
  readonly gateway: GatewayName;
  /** Hex SHA-256 identifying the delivery (see `deliveryKey`). */
  readonly key: string;
}

/** `quarantine-<gateway>` / `ignored-<gateway>`: the gateway's list of kept deliveries, in order. */
export function deliveryListStream(kind: DeliveryKind, gateway: string): string {
  return `${PREFIX[kind]}${gateway}`;
}

export function deliveryStream(ref: DeliveryRef): string {
  return `${PREFIX[ref.kind]}${ref.gateway}:${ref.key}`;
}

/** `deliveries-<gateway>:<paymentId>`: pointers to the kept deliveries that name one payment. */
export function paymentDeliveriesStream(gateway: string, paymentId: string): string {
  return `deliveries-${gateway}:${paymentId}`;
}

/** The id shown to admins and accepted by the replay endpoint and command. */
export function formatDeliveryId(ref: DeliveryRef): string {
  return `${ref.kind}:${ref.gateway}:${ref.key}`;
}

export function parseDeliveryId(id: string): DeliveryRef | undefined {
  const match = /^(quarantined|ignored):([a-z]+):([0-9a-f]{64})$/.exec(id);
  if (!match || !isGatewayName(match[2] ?? '')) return undefined;
  return {
    kind: match[1] as DeliveryKind,
    gateway: match[2] as GatewayName,
    key: match[3] ?? '',
  };
}

/** Every list stream, optionally only some kinds or gateways. */
export function listStreams(
  kinds: readonly DeliveryKind[] = DELIVERY_KINDS,
  gateways: readonly GatewayName[] = GATEWAY_NAMES,
): string[] {
  return kinds.flatMap((kind) => gateways.map((gateway) => deliveryListStream(kind, gateway)));
}

/** A payment id usable in a stream name, or null. */
export function safePaymentId(paymentId: string | null | undefined): string | null {
  return paymentId && isSafePaymentId(paymentId) ? paymentId : null;
}

/**
 * What makes two kept deliveries the same one: their bytes, and the delivery id too where the
 * signature covers it (a Standard Webhooks sender may send the same body as two messages).
 * Razorpay's id is not signed, so its bytes alone decide, as for payment events.
 */
export function deliveryKey(bodySha256: string, signedDeliveryId: string | null): string {
  return signedDeliveryId === null
    ? bodySha256
    : createHash('sha256').update(`${signedDeliveryId}\n${bodySha256}`).digest('hex');
}
