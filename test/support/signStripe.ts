import Stripe from 'stripe';

/** A `Stripe-Signature` header made by Stripe's own SDK, so our verifier is checked against it. */
export function signStripe(
  rawBody: Buffer | string,
  secret: string,
  timestampSeconds: number,
): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload: rawBody.toString(),
    secret,
    timestamp: timestampSeconds,
  });
}
