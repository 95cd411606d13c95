import type { Middleware } from 'koa';
import { AppError } from '../errors/appError.js';
import type { Logger } from '../observability/logger.js';
import { InvalidSignatureError } from '../webhooks/webhookErrors.js';
import { ERROR_STATUS, RETRY_AFTER_SECONDS } from './errorStatus.js';
import { MethodNotAllowedError } from './httpErrors.js';

/**
 * First in the chain (Koa's error-handling idiom): every error becomes JSON
 * `{ error, message }`. Unknown errors answer a generic 500 with the correlation id; their stack
 * goes to the log only.
 */
export function errorMiddleware(logger: Logger): Middleware {
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
        const level = status >= 500 ? 'error' : 'info';
        logger[level]('request failed', {
          correlationId,
          code: error.code,
          ...(error instanceof InvalidSignatureError ? { reason: error.reason } : {}),
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
