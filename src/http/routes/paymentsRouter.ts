import Router from '@koa/router';
import { z } from 'zod';
import { PAYMENT_STATUSES } from '../../domain/paymentStatus.js';
import type { PaymentDocument } from '../../readModels/paymentDocument.js';
import type { PaymentQuery, PaymentsReadModel } from '../../readModels/readModelQueries.js';
import { InvalidQueryError } from '../../readModels/readModelErrors.js';
import { PaymentNotFoundError } from '../httpErrors.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import type { RequireRole } from '../requireRole.js';
import { asOfFromQuery } from './asOfQuery.js';
import { readPaymentAsOf } from './readAsOf.js';

export const instant = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((text) => new Date(text));

const listQuery = z.strictObject({
  status: z.enum(PAYMENT_STATUSES).optional(),
  gateway: z.string().min(1).optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .transform((code) => code.toUpperCase())
    .optional(),
  orderId: z.string().min(1).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});

/** What the API shows of a payment document (its facts stay internal). */
export function toPaymentView(payment: PaymentDocument) {
  return {
    gateway: payment.gateway,
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    refundedAmount: payment.refundedAmount,
    disputed: payment.disputed,
    disputeStatus: payment.disputeStatus,
    disputedLostAmount: payment.disputedLostAmount,
    lastEventAt: payment.lastEventAt,
    decidedBy: payment.decidedBy,
    eventCount: payment.eventCount,
    version: payment.version,
    lastGlobalPosition: {
      commit: String(payment.lastGlobalPosition.commit),
      prepare: String(payment.lastGlobalPosition.prepare),
    },
  };
}

/** Parses a query string object with a zod schema; every problem is a 400 `invalid_query`. */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (parsed.success) {
    // Leave unset parameters out, as the queries expect (exactOptionalPropertyTypes).
    return Object.fromEntries(
      Object.entries(parsed.data as object).filter(([, value]) => value !== undefined),
    ) as T;
  }
  const issue = parsed.error.issues[0];
  throw new InvalidQueryError(
    `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`,
  );
}

/**
 * `GET /payments/:gateway/:paymentId` and `GET /payments`: the payments read model; with
 * `?asOf=` the payment folded from its stream's events up to that moment.
 */
export function paymentsRouter(deps: {
  readonly readModels: PaymentsReadModel;
  readonly eventStore: EventStore;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get(
    '/payments/:gateway/:paymentId',
    deps.requireRole('auditor', 'analyst', 'admin'),
    async (ctx) => {
      const gateway = ctx.params['gateway'] ?? '';
      const paymentId = ctx.params['paymentId'] ?? '';
      const asOf = asOfFromQuery(ctx.query);
      const payment = asOf
        ? await readPaymentAsOf(deps.eventStore, gateway, paymentId, asOf)
        : await deps.readModels.getPayment(gateway, paymentId);
      if (!payment) throw new PaymentNotFoundError(gateway, paymentId);
      ctx.body = toPaymentView(payment);
    },
  );
  router.get('/payments', deps.requireRole('auditor', 'analyst', 'admin'), async (ctx) => {
    const page = await deps.readModels.listPayments(
      parseQuery(listQuery, ctx.query) as PaymentQuery,
    );
    ctx.body = { items: page.items.map(toPaymentView), nextCursor: page.nextCursor };
  });
  return router;
}
