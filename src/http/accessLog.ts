import type { Middleware } from 'koa';
import type { Counter } from 'prom-client';
import type { Logger } from '../observability/logger.js';

/**
 * Who read what: every request a key was presented for, as a JSON log line (role, token
 * fingerprint, path and query, status, address, correlation id) and in
 * `payledger_api_requests_total{role,route,status}` (no fingerprint: /metrics is open). Never
 * the token itself. Placed
 * outside the error middleware, so the status logged is the one sent.
 */
export function accessLog(deps: {
  readonly logger: Logger;
  readonly requests: Counter<'role' | 'route' | 'status'>;
}): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      const role = ctx.state['role'] as string | undefined;
      const token = ctx.state['tokenFingerprint'] as string | undefined;
      const presented = ctx.get('authorization') !== '';
      if (role !== undefined && token !== undefined) {
        // koa-router's pattern (`/payments/:gateway/:paymentId`) keeps the label set small.
        const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
        const route = typeof matched === 'string' ? matched : 'unmatched';
        deps.logger.info('api access', {
          role,
          token,
          method: ctx.method,
          path: ctx.path,
          ...(ctx.querystring ? { query: ctx.querystring } : {}),
          status: ctx.status,
          address: ctx.ip,
          correlationId: ctx.state['correlationId'],
        });
        deps.requests.inc({ role, route, status: String(ctx.status) });
      } else if (presented && (ctx.status === 401 || ctx.status === 429)) {
        deps.logger.warn('api access refused', {
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          address: ctx.ip,
          correlationId: ctx.state['correlationId'],
        });
        deps.requests.inc({ role: 'none', route: 'refused', status: String(ctx.status) });
      }
    }
  };
}
