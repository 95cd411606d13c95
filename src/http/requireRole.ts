import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { ApiKey, Role } from '../config/config.js';
import { ForbiddenError, UnauthorizedError } from './httpErrors.js';

const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * Bearer-token check against `API_KEYS`. Tokens are compared as SHA-256 digests in constant time,
 * so neither their content nor their length leaks through timing.
 */
export function createRoleGuard(apiKeys: readonly ApiKey[]) {
  const keys = apiKeys.map((key) => ({ role: key.role, digest: digest(key.token) }));

  return function requireRole(...allowed: Role[]): Middleware {
    return async (ctx, next) => {
      const match = /^Bearer (\S+)$/.exec(ctx.get('authorization'));
      if (!match?.[1]) throw new UnauthorizedError();
      const presented = digest(match[1]);
      const key = keys.find((candidate) => timingSafeEqual(candidate.digest, presented));
      if (!key) throw new UnauthorizedError();
      if (!allowed.includes(key.role)) throw new ForbiddenError(key.role, allowed);
      ctx.state['role'] = key.role;
      await next();
    };
  };
}

export type RequireRole = ReturnType<typeof createRoleGuard>;
