import { createHmac } from 'node:crypto';
import type { VerifiedDelivery, WebhookRequest } from '../../gateway.js';
import { findMatchingSecret } from '../../signatures/findMatchingSecret.js';
import { InvalidSignatureError } from '../../webhookErrors.js';

export const RAZORPAY_SCHEME = 'razorpay-hmac-sha256';

export interface RazorpayVerifierOptions {
  /** `RAZORPAY_WEBHOOK_SECRET` entries; several = rotation. */
  readonly secrets: readonly string[];
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
const SAFE_EVENT_ID = /^[A-Za-z0-9_:-]{1,255}$/;

/**
 * Razorpay's scheme (razorpay/markdown-docs `webhooks/validate-test.md`): `X-Razorpay-Signature`
 * is the hex HMAC-SHA256 of the raw body keyed by the webhook secret. Nothing time-bound is
 * signed (Razorpay resends the same bytes for 24 h), so there is no freshness check and replay
 * protection rests entirely on deduplication by `x-razorpay-event-id`. A delivery without that
 * header could be replayed as a new event forever, so it is refused like a bad signature; Razorpay
 * always sends it. Razorpay asks receivers to keep validating retries with an old secret after a
 * change, hence the list.
 */
export function verifyRazorpaySignature(
  request: WebhookRequest,
  options: RazorpayVerifierOptions,
): VerifiedDelivery {
  const signature = request.headers['x-razorpay-signature'];
  const eventId = request.headers['x-razorpay-event-id'];
  if (!signature) throw new InvalidSignatureError('missing X-Razorpay-Signature header');
  if (!eventId)
    throw new InvalidSignatureError('missing x-razorpay-event-id: cannot be deduplicated');
  if (!SAFE_EVENT_ID.test(eventId))
    throw new InvalidSignatureError('malformed x-razorpay-event-id');
  if (!HEX_SHA256.test(signature))
    throw new InvalidSignatureError('X-Razorpay-Signature is not a hex SHA-256 digest');

  const secretIndex = findMatchingSecret(
    options.secrets,
    [Buffer.from(signature, 'hex')],
    (secret) => createHmac('sha256', secret).update(request.rawBody).digest(),
  );
  if (secretIndex < 0) throw new InvalidSignatureError('no signature matches a configured secret');
  return { scheme: RAZORPAY_SCHEME, secretIndex, deliveryId: eventId };
}
