import type { Middleware } from 'koa';
import { AppError } from '../errors/appError.js';
import { createTokenBucket } from '../limits/tokenBucket.js';
import type { Logger } from '../observability/logger.js';
import { InvalidSignatureError } from '../webhooks/webhookErrors.js';
import { ERROR_STATUS, RETRY_AFTER_SECONDS } from './errorStatus.js';
import { MethodNotAllowedError } from './httpErrors.js';

/** Refused signatures logged in a burst, and per second after it. */
export const SIGNATURE_REFUSALS_LOGGED = { burst: 20, perSecond: 10 } as const;

/**
 * First in the chain (Koa's error-handling idiom): every error becomes JSON
 * `{ error, message }`. Unknown errors answer a generic 500 with the correlation id; their stack
 * goes to the log only.
 *
 * Refused signatures are logged at most `SIGNATURE_REFUSALS_LOGGED` (a line each, with its
 * reason): a forged flood would otherwise write a line per request, costing as much as its HMAC
 * and filling the disk at the attacker's pace. The next line logged says how many were not
 * (`notLoggedBefore`); `payledger_webhooks_total` counts every one.
 */
export function errorMiddleware(
  logger: Logger,
  options: { readonly now?: () => number } = {},
): Middleware {
  const refusalLogs = createTokenBucket({
    capacity: SIGNATURE_REFUSALS_LOGGED.burst,
    refillPerSecond: SIGNATURE_REFUSALS_LOGGED.perSecond,
    ...(options.now ? { now: options.now } : {}),
  });
  let refusalsNotLogged = 0;
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const correlationId = String(ctx.state['correlationId'] ?? '');
      if (error instanceof AppError) {
        const status = ERROR_STATUS[error.code];
        ctx.status = status;
        ctx.body = { error: error.code, message: error.message };
        if (status === 503 || status === 429)
          ctx.set('Retry-After', String(error.retryAfterSeconds ?? RETRY_AFTER_SECONDS));
        if (error instanceof MethodNotAllowedError) ctx.set('Allow', error.allowed.join(', '));
        let notLogged: { notLoggedBefore?: number } = {};
        if (error instanceof InvalidSignatureError) {
          if (!refusalLogs.take().ok) {
            refusalsNotLogged += 1;
            return;
          }
          if (refusalsNotLogged > 0) notLogged = { notLoggedBefore: refusalsNotLogged };
          refusalsNotLogged = 0;
        }
        const level = status >= 500 ? 'error' : 'info';
        logger[level]('request failed', {
          correlationId,
          code: error.code,
          ...(error instanceof InvalidSignatureError ? { reason: error.reason } : {}),
          ...notLogged,
          ...(status >= 500 ? { cause: describeCause(error.cause) } : {}),
        });
        return;
      }
      const httpStatus = httpErrorStatus(error);
      if (httpStatus !== undefined && httpStatus < 500) {
        ctx.status = httpStatus;
        ctx.body = { error: 'bad_request', message: (error as Error).message };
        return;
      }
      logger.error('unexpected error', {
        correlationId,
        stack: error instanceof Error ? error.stack : String(error),
      });
      ctx.status = 500;
      ctx.body = {
        error: 'internal_error',
        message: `Something went wrong on our side (correlation id ${correlationId}).`,
      };
    }
  };
}

/** Errors thrown by Koa itself or its middleware (http-errors) carry `status` and `expose`. */
function httpErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : '';
}
