/**
 * A Standard Webhooks secret is `whsec_` followed by base64 key bytes (the reference library also
 * takes the bare base64). Unlike Stripe's, the key is the decoded bytes, not the string.
 */
export function decodeStandardWebhookSecret(secret: string): Buffer | undefined {
  const base64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const key = Buffer.from(base64, 'base64');
  return key.length >= 24 && key.length <= 64 ? key : undefined;
}
