import Router from '@koa/router';
import type { RequireRole } from '../requireRole.js';

/** `GET /session`: the role of the bearer token, so a client (the console) knows what to offer. */
export function sessionRouter(deps: { readonly requireRole: RequireRole }): Router {
  const router = new Router();
  router.get('/session', deps.requireRole('auditor', 'analyst', 'admin'), (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { role: ctx.state['role'] as unknown };
  });
  return router;
}
