import { createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'autocannon';

/** A Standard Webhooks secret made for one benchmark run. */
export function newStandardWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export type RequestKind = 'new' | 'duplicate' | 'forged';

export interface WebhookRequestOptions {
  readonly kind: RequestKind;
  /** The secret the server runs with; `forged` requests are signed with another one. */
  readonly secret: string;
  readonly bodyBytes: number;
  /** Makes ids unique across the runs that share one server (warm-up, then measured). */
  readonly runTag: string;
}

/**
 * The generic gateway's payload padded to about `bodyBytes` with a description (unknown keys are
 * kept in the stored raw body but never reach the normalized event). Each payment is for an order
 * of its own, as most are: one order shared by every payment of a run would make the orders
 * projection rewrite an ever longer document, a cost no real shop has.
 */
export function paymentBody(paymentId: string, bodyBytes: number): string {
  const head = `{"event":"payment.updated","timestamp":"2024-06-26T11:08:07Z","data":{"paymentId":"${paymentId}","status":"completed","amount":100.25,"currency":"USD","orderId":"ord_${paymentId}"},"description":"`;
  const tail = '"}';
  return head + 'x'.repeat(Math.max(0, bodyBytes - head.length - tail.length)) + tail;
}

/**
 * autocannon requests that sign every delivery afresh, as a gateway does: a new webhook-id and
 * payment per `new` request, one id and body again and again for `duplicate`, and a signature by
 * the wrong secret for `forged`.
 */
export function webhookRequests(options: WebhookRequestOptions): Request[] {
  const signingSecret = options.kind === 'forged' ? newStandardWebhookSecret() : options.secret;
  const key = secretKey(signingSecret);
  const duplicateBody = paymentBody(`pay_dup_${options.runTag}`, options.bodyBytes);
  let sequence = 0;

  return [
    {
      method: 'POST',
      path: '/webhooks/generic',
      setupRequest: (request) => {
        sequence += 1;
        const id =
          options.kind === 'duplicate'
            ? duplicateWebhookId(options.runTag)
            : `msg_${options.runTag}_${sequence}`;
        const body =
          options.kind === 'duplicate'
            ? duplicateBody
            : paymentBody(`pay_${options.runTag}_${sequence}`, options.bodyBytes);
        return { ...request, headers: signedHeaders(key, id, body), body };
      },
    },
  ];
}

/** Standard Webhooks headers for one delivery, signed now. */
export function signedHeaders(key: Buffer, id: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', key)
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}

export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

export function duplicateWebhookId(runTag: string): string {
  return `msg_dup_${runTag}`;
}
