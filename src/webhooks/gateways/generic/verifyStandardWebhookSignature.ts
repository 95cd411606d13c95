import { createHmac } from 'node:crypto';
import { findMatchingSecret } from '../../signatures/findMatchingSecret.js';
import type { VerifiedDelivery, WebhookRequest } from '../../gateway.js';
import { InvalidSignatureError } from '../../webhookErrors.js';

export const STANDARD_WEBHOOKS_SCHEME = 'standard-webhooks-v1';

export interface StandardWebhookVerifierOptions {
  /** Decoded key bytes of every configured secret; several = rotation. */
  readonly keys: readonly Buffer[];
  readonly toleranceSeconds: number;
}

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Standard Webhooks verification (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${raw body}`, base64, in a space-separated
 * `webhook-signature` list of `v1,<sig>` entries (other versions are skipped). The timestamp must
 * lie within ± tolerance of now, which bounds how long a captured delivery can be replayed.
 */
export function verifyStandardWebhookSignature(
  request: WebhookRequest,
  now: Date,
  options: StandardWebhookVerifierOptions,
): VerifiedDelivery {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signatureHeader = request.headers['webhook-signature'];
  if (!id || !timestamp || !signatureHeader)
    throw new InvalidSignatureError('missing webhook-id, webhook-timestamp or webhook-signature');
  if (id.includes('.') || !/^[A-Za-z0-9_:-]{1,255}$/.test(id))
    throw new InvalidSignatureError('malformed webhook-id');
  if (!/^\d{1,12}$/.test(timestamp)) throw new InvalidSignatureError('malformed webhook-timestamp');

  const ageSeconds = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(ageSeconds) > options.toleranceSeconds)
    throw new InvalidSignatureError('timestamp outside tolerance');

  const received = signatureHeader
    // Space-separated entries; a proxy joining repeated headers adds ", " between them.
    .split(/\s+/)
    .map((entry) => entry.replace(/,$/, '').split(','))
    .filter(
      (parts): parts is [string, string] =>
        parts.length === 2 && parts[0] === 'v1' && BASE64_SHA256.test(parts[1] ?? ''),
    )
    .map(([, signature]) => Buffer.from(signature, 'base64'));
  if (received.length === 0)
    throw new InvalidSignatureError('no v1 signature in webhook-signature');

  const prefix = Buffer.from(`${id}.${timestamp}.`, 'utf8');
  const secretIndex = findMatchingSecret(options.keys, received, (key) =>
    createHmac('sha256', key).update(prefix).update(request.rawBody).digest(),
  );
  if (secretIndex < 0) throw new InvalidSignatureError('no signature matches a configured secret');
  return { scheme: STANDARD_WEBHOOKS_SCHEME, secretIndex, deliveryId: id };
}
