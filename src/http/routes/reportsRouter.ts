import Router from '@koa/router';
import { z } from 'zod';
import type { DailyTotalsReadModel } from '../../readModels/readModelQueries.js';
import { InvalidQueryError } from '../../readModels/readModelErrors.js';
import type { RequireRole } from '../requireRole.js';
import { parseQuery } from './paymentsRouter.js';

const dailyQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** `GET /reports/daily?from=&to=`: per UTC day, gateway, currency and status, count and amount. */
export function reportsRouter(deps: {
  readonly readModels: DailyTotalsReadModel;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get('/reports/daily', deps.requireRole('analyst', 'admin'), async (ctx) => {
    const { from, to } = parseQuery(dailyQuery, ctx.query);
    if (from !== undefined && to !== undefined && from > to) {
      throw new InvalidQueryError('from: must not be after to');
    }
    const rows = await deps.readModels.dailyTotals({
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    ctx.body = { from: from ?? null, to: to ?? null, rows };
  });
  return router;
}
