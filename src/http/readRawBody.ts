import type { Context } from 'koa';
import { PayloadTooLargeError } from '../webhooks/webhookErrors.js';
import { RequestTimeoutError } from './httpErrors.js';

/**
 * Reads the request body as raw bytes, which signatures are computed over (koa-bodyparser would
 * hand us decoded text). A declared length over the limit is refused before a byte is read; a
 * chunked body is refused as soon as it passes the limit, and no more of it is read. A body
 * cut short (the client hung up, the request timed out) is a `RequestTimeoutError`.
 *
 * Plain stream events rather than `for await`: the async iterator's promises and end-of-stream
 * bookkeeping cost more than the HMAC of a 1 KB body, on every webhook.
 */
export function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = ctx.get('content-length');
  if (declared !== '' && Number(declared) > limitBytes) {
    ctx.set('Connection', 'close');
    return Promise.reject(new PayloadTooLargeError(limitBytes));
  }
  const request = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onCutShort);
      request.off('close', onCutShort);
    };
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > limitBytes) {
        stop();
        // Read no more of it; the connection closes once the 413 is sent.
        request.pause();
        ctx.set('Connection', 'close');
        reject(new PayloadTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      stop();
      resolve(Buffer.concat(chunks, received));
    }
    function onCutShort(): void {
      stop();
      reject(new RequestTimeoutError());
    }
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onCutShort);
    request.on('close', onCutShort);
  });
}
