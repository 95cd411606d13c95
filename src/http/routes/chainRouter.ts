import Router from '@koa/router';
import { checkStreamChain } from '../../audit/chain/checkStreamChain.js';
import { readChainingStart } from '../../audit/verify/chainingStart.js';
import { paymentStreamName } from '../../domain/paymentStream.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { PaymentNotFoundError } from '../httpErrors.js';
import type { RequireRole } from '../requireRole.js';

/**
 * `GET /payments/:gateway/:paymentId/chain`: the audit chain check of one payment stream, as
 * `payledger verify --payment` runs it, for the console's timeline: each problem with the
 * revision where it shows, and the stream's head (its digest leaf).
 */
export function chainRouter(deps: {
  readonly eventStore: EventStore;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get(
    '/payments/:gateway/:paymentId/chain',
    deps.requireRole('auditor', 'admin'),
    async (ctx) => {
      const gateway = ctx.params['gateway'] ?? '';
      const paymentId = ctx.params['paymentId'] ?? '';
      const stream = paymentStreamName(gateway, paymentId);
      const events = await deps.eventStore.readStream(stream);
      if (events.length === 0) throw new PaymentNotFoundError(gateway, paymentId);
      const report = checkStreamChain(stream, events, {
        chainedSince: await readChainingStart(deps.eventStore),
      });
      ctx.body = {
        stream,
        events: report.events,
        intact: report.problems.length === 0,
        unchainedPrefix: report.unchainedPrefix,
        head: report.head
          ? { revision: report.head.revision.toString(), hash: report.head.hash }
          : null,
        problems: report.problems.map((problem) => ({
          revision: problem.revision.toString(),
          kind: problem.kind,
          detail: problem.detail,
          ...(problem.eventId === undefined ? {} : { eventId: problem.eventId }),
        })),
      };
    },
  );
  return router;
}
