import { createHmac } from 'node:crypto';

/**
 * `X-Razorpay-Signature` as Razorpay documents it (hex HMAC-SHA256 of the raw body). Razorpay's
 * SDK only validates, so tests check what this produces with `Razorpay.validateWebhookSignature`.
 */
export function signRazorpay(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}
