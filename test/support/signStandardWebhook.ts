import { createHmac, randomUUID } from 'node:crypto';

export const GENERIC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const OTHER_GENERIC_SECRET = 'whsec_c2Vjb25kLXNlY3JldC1rZXktMDEyMzQ1Njc4OQ==';

export interface StandardWebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** Signs a body exactly as a Standard Webhooks sender does (spec: standard-webhooks.md). */
export function signStandardWebhook(
  body: string | Buffer,
  options: { readonly secret?: string; readonly id?: string; readonly timestamp?: number } = {},
): StandardWebhookHeaders {
  const secret = options.secret ?? GENERIC_SECRET;
  const id = options.id ?? `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key)
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}
