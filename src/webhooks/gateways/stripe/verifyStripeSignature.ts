import { createHmac } from 'node:crypto';
import type { VerifiedDelivery, WebhookRequest } from '../../gateway.js';
import { findMatchingSecret } from '../../signatures/findMatchingSecret.js';
import { InvalidSignatureError } from '../../webhookErrors.js';

export const STRIPE_SCHEME = 'stripe-v1';

export interface StripeVerifierOptions {
  /** Endpoint secrets exactly as Stripe shows them (`whsec_…`); several = rotation. */
  readonly secrets: readonly string[];
  readonly toleranceSeconds: number;
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Stripe's scheme (https://docs.stripe.com/webhooks/signature, stripe-node `src/Webhooks.ts`):
 * `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…]`, each `v1` a hex HMAC-SHA256 of
 * `${t}.${raw body}` keyed by the whole `whsec_…` string (not base64-decoded, unlike Standard
 * Webhooks). Any `v1` may match. `v0` and unknown schemes are ignored: accepting a weaker scheme
 * would let an attacker downgrade. `t` more than the tolerance away from now is refused, so a
 * captured delivery cannot be replayed later. stripe-node bounds only the age; payledger also
 * bounds the future skew, like every other timestamped scheme it accepts, so one tolerance means
 * one thing (a genuine delivery refused for clock skew is retried by Stripe for days).
 */
export function verifyStripeSignature(
  request: WebhookRequest,
  now: Date,
  options: StripeVerifierOptions,
): VerifiedDelivery {
  const header = request.headers['stripe-signature'];
  if (!header) throw new InvalidSignatureError('missing Stripe-Signature header');
  const { timestamp, signatures } = parseStripeSignatureHeader(header);

  const ageSeconds = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(ageSeconds) > options.toleranceSeconds)
    throw new InvalidSignatureError('timestamp outside tolerance');

  const signedPrefix = Buffer.from(`${timestamp}.`, 'utf8');
  const secretIndex = findMatchingSecret(options.secrets, signatures, (secret) =>
    createHmac('sha256', secret).update(signedPrefix).update(request.rawBody).digest(),
  );
  if (secretIndex < 0) throw new InvalidSignatureError('no signature matches a configured secret');
  // Stripe's event id is only in the body, so the delivery has no header id.
  return { scheme: STRIPE_SCHEME, secretIndex, deliveryId: null };
}

function parseStripeSignatureHeader(header: string): {
  readonly timestamp: string;
  readonly signatures: readonly Buffer[];
} {
  const timestamps: string[] = [];
  const signatures: Buffer[] = [];
  for (const item of header.split(',')) {
    const separator = item.indexOf('=');
    if (separator < 0) continue;
    const key = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (key === 't') timestamps.push(value);
    if (key === 'v1' && HEX_SHA256.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  const [timestamp, ...others] = timestamps;
  // Two different `t` values would leave it open which one was signed.
  if (timestamp === undefined || others.some((other) => other !== timestamp))
    throw new InvalidSignatureError('Stripe-Signature has no single t= timestamp');
  if (!UNIX_SECONDS.test(timestamp))
    throw new InvalidSignatureError('Stripe-Signature timestamp is not a unix time');
  if (signatures.length === 0) throw new InvalidSignatureError('Stripe-Signature has no v1 entry');
  return { timestamp, signatures };
}
