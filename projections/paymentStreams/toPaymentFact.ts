import { z } from 'zod';
import { PAYMENT_STATUSES, paymentEventType } from '../../src/domain/paymentStatus.js';
import { paymentStreamName } from '../../src/domain/paymentStream.js';
import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import type { PaymentFact } from '../../src/readModels/paymentDocument.js';

const minorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const paymentEventData = z.object({
  gateway: z.string().min(1),
  gatewayEventType: z.string(),
  paymentId: z.string().min(1),
  orderId: z.string().nullable().optional(),
  status: z.enum(PAYMENT_STATUSES),
  amount: minorUnits,
  currency: z.string().regex(/^[A-Z]{3}$/),
  refundedAmount: minorUnits.nullable().optional(),
  refundId: z.string().nullable().optional(),
  dispute: z
    .object({ id: z.string().min(1), outcome: z.enum(['open', 'won', 'lost']) })
    .nullable()
    .optional(),
  occurredAt: z.iso.datetime({ offset: true }),
});

export class UnprojectableEventError extends Error {
  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`event ${eventId} cannot be projected: ${reason}`);
    this.name = 'UnprojectableEventError';
  }
}

/** Validates a stored payment event and keeps the facts the status rules need. */
export function toPaymentFact(event: RecordedEvent): PaymentFact {
  const parsed = paymentEventData.safeParse(event.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new UnprojectableEventError(event.id, `data.${where}: ${issue?.message ?? 'invalid'}`);
  }
  const data = parsed.data;
  if (event.type !== paymentEventType(data.status)) {
    throw new UnprojectableEventError(event.id, `type ${event.type} contradicts ${data.status}`);
  }
  if (event.streamName !== paymentStreamName(data.gateway, data.paymentId)) {
    throw new UnprojectableEventError(event.id, `stream ${event.streamName} is not its payment's`);
  }
  return {
    eventId: event.id,
    status: data.status,
    occurredAt: data.occurredAt,
    occurredAtMs: Date.parse(data.occurredAt),
    amount: data.amount,
    currency: data.currency,
    refundedAmount: data.refundedAmount ?? null,
    // An empty id is no id: it must neither name an order nor merge refunds.
    refundId: data.refundId || null,
    orderId: data.orderId || null,
    dispute: data.dispute ?? null,
    gatewayEventType: data.gatewayEventType,
  };
}
