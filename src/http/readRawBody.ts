import type { Context } from 'koa';
import { PayloadTooLargeError } from '../webhooks/webhookErrors.js';
import { RequestTimeoutError } from './httpErrors.js';

/**
 * Reads the request body as raw bytes, which signatures are computed over (koa-bodyparser would
 * hand us decoded text). A declared length over the limit is refused before a byte is read; a
 * chunked body is refused as soon as it passes the limit.
 */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = ctx.get('content-length');
  if (declared !== '' && Number(declared) > limitBytes) {
    ctx.set('Connection', 'close');
    throw new PayloadTooLargeError(limitBytes);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of ctx.req) {
      const buffer = chunk as Buffer;
      received += buffer.length;
      if (received > limitBytes) {
        ctx.set('Connection', 'close');
        throw new PayloadTooLargeError(limitBytes);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    throw new RequestTimeoutError();
  }
  return Buffer.concat(chunks, received);
}
