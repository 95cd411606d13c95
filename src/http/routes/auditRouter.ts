import Router from '@koa/router';
import { z } from 'zod';
import { digestAnswer } from '../../audit/digest/digestAnswer.js';
import type { Digester } from '../../audit/digest/digester.js';
import { EXPORT_FORMATS } from '../../audit/export/exportFormats.js';
import { exportFilterSchema } from '../../audit/export/exportFilterSchema.js';
import { exportStream } from '../../audit/export/exportLines.js';
import { isSafePaymentId, paymentStreamName } from '../../domain/paymentStream.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import type { RequireRole } from '../requireRole.js';
import { parseQuery } from './paymentsRouter.js';

const exportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default('ndjson'),
  from: z.string().optional(),
  to: z.string().optional(),
  gateway: z.string().optional(),
});

const digestQuery = z.strictObject({
  payment: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}:.+$/, 'must be <gateway>:<paymentId>')
    .refine((value) => isSafePaymentId(value.slice(value.indexOf(':') + 1)), 'unsafe payment id')
    .optional(),
});

/** `GET /audit/digest` and `GET /audit/export`: for auditors (and admins). */
export function auditRouter(deps: {
  readonly eventStore: EventStore;
  readonly digester: Digester | undefined;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();

  router.get('/audit/digest', deps.requireRole('auditor', 'admin'), async (ctx) => {
    const { payment } = parseQuery(digestQuery, ctx.query);
    const stream =
      payment === undefined
        ? undefined
        : paymentStreamName(
            payment.slice(0, payment.indexOf(':')),
            payment.slice(payment.indexOf(':') + 1),
          );
    ctx.body = await digestAnswer(deps.eventStore, deps.digester, stream);
  });

  router.get('/audit/export', deps.requireRole('auditor', 'admin'), (ctx) => {
    const { format, ...bounds } = parseQuery(exportQuery, ctx.query);
    const filter = parseQuery(exportFilterSchema, bounds);
    const aborted = new AbortController();
    // A client that hangs up stops the reading of the log.
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) aborted.abort();
    });
    const day = new Date().toISOString().slice(0, 10);
    ctx.type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson';
    ctx.set('Content-Disposition', `attachment; filename="payledger-export-${day}.${format}"`);
    ctx.body = exportStream(deps.eventStore, format, filter, aborted.signal);
  });

  return router;
}
