import type { Middleware } from 'koa';
import type { ApiKey, Role } from '../config/config.js';
import { createApiKeyRing, type ApiKeyRing } from './apiKeyRing.js';
import { createFailedTokenLimiter, type FailedTokenLimiter } from './failedTokenLimiter.js';
import { ForbiddenError, UnauthorizedError } from './httpErrors.js';

/**
 * Bearer-token check against the API key ring. On success `ctx.state` carries the caller's
 * `role` and `tokenFingerprint` (for the access log). An unknown token counts against the
 * caller's address, and past its failed attempts is answered 429; a known key always passes, so
 * one client guessing does not lock out the others behind the same address (a proxy, a NAT).
 */
export function createRoleGuard(
  keys: ApiKeyRing | readonly ApiKey[],
  limiter: FailedTokenLimiter = createFailedTokenLimiter(),
) {
  const apiKeys = Array.isArray(keys) ? createApiKeyRing(keys) : (keys as ApiKeyRing);
  return function requireRole(...allowed: Role[]): Middleware {
    return async (ctx, next) => {
      const match = /^Bearer (\S+)$/.exec(ctx.get('authorization'));
      if (!match?.[1]) throw new UnauthorizedError();
      const key = apiKeys.find(match[1]);
      if (!key) {
        limiter.check(ctx.ip);
        limiter.fail(ctx.ip);
        throw new UnauthorizedError();
      }
      ctx.state['role'] = key.role;
      ctx.state['tokenFingerprint'] = key.fingerprint;
      if (!allowed.includes(key.role)) throw new ForbiddenError(key.role, allowed);
      await next();
    };
  };
}

export type RequireRole = ReturnType<typeof createRoleGuard>;
