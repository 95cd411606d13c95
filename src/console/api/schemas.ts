import * as z from 'zod/mini';
import { ROLES } from '../auth/roles.js';

/**
 * The console's view of the API's answers. Each answer is checked on arrival, so a change on the
 * server shows as a clear message instead of a page that silently shows wrong numbers. Statuses
 * stay plain strings: a status added later is shown as it is rather than refused.
 */
const minorUnits = z.int();

export const sessionSchema = z.object({ role: z.enum(ROLES) });

export const paymentSchema = z.object({
  gateway: z.string(),
  paymentId: z.string(),
  orderId: z.nullable(z.string()),
  status: z.string(),
  amount: minorUnits,
  currency: z.string(),
  refundedAmount: minorUnits,
  lastEventAt: z.string(),
  decidedBy: z.optional(
    z.object({
      eventId: z.string(),
      status: z.string(),
      occurredAt: z.string(),
      gatewayEventType: z.string(),
    }),
  ),
  eventCount: z.int(),
  version: z.int(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const paymentPageSchema = z.object({
  items: z.array(paymentSchema),
  nextCursor: z.nullable(z.string()),
});

export const recordedEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  revision: z.string(),
  position: z.object({ commit: z.string(), prepare: z.string() }),
  recordedAt: z.string(),
  data: z.unknown(),
  metadata: z.unknown(),
});
export type RecordedEvent = z.infer<typeof recordedEventSchema>;

export const historySchema = z.object({
  stream: z.string(),
  events: z.array(recordedEventSchema),
});

/** `data` of a canonical payment event; other event types in a stream are shown raw. */
export const paymentEventDataSchema = z.object({
  gateway: z.string(),
  gatewayEventId: z.string(),
  gatewayEventType: z.string(),
  paymentId: z.string(),
  orderId: z.nullable(z.string()),
  status: z.string(),
  amount: minorUnits,
  currency: z.string(),
  refundedAmount: z.optional(z.nullable(minorUnits)),
  refundId: z.optional(z.nullable(z.string())),
  occurredAt: z.string(),
  receivedAt: z.string(),
  payload: z.unknown(),
  rawBody: z.optional(z.string()),
});
export type PaymentEventData = z.infer<typeof paymentEventDataSchema>;

export const verificationSchema = z.object({
  signatureScheme: z.optional(z.string()),
  /** The audit chain's values (issue 14); absent on events written before chaining. */
  chain: z.optional(z.object({ prev: z.string(), hash: z.string() })),
  secretIndex: z.optional(z.int()),
  rawBodySha256: z.optional(z.string()),
  correlationId: z.optional(z.string()),
});

const orderAmountsSchema = z.object({
  captured: minorUnits,
  refunded: minorUnits,
  disputedLost: minorUnits,
  net: minorUnits,
});

export const orderSchema = z.object({
  orderId: z.string(),
  status: z.string(),
  payments: z.array(
    z.object({
      gateway: z.string(),
      paymentId: z.string(),
      status: z.string(),
      amount: minorUnits,
      currency: z.string(),
      refundedAmount: z.optional(minorUnits),
      lastEventAt: z.optional(z.string()),
    }),
  ),
  /** The `orders` read model's `{ <CURRENCY>: amounts }`, in minor units of that currency. */
  totals: z.record(z.string(), orderAmountsSchema),
  lastEventAt: z.optional(z.string()),
});
export type Order = z.infer<typeof orderSchema>;

export const dailyTotalsSchema = z.object({
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  rows: z.array(
    z.object({
      day: z.string(),
      gateway: z.string(),
      currency: z.string(),
      status: z.string(),
      count: z.int(),
      amount: minorUnits,
    }),
  ),
});
export type DailyTotalRow = z.infer<typeof dailyTotalsSchema>['rows'][number];

export const readinessSchema = z.object({
  status: z.string(),
  checks: z.record(
    z.string(),
    z.looseObject({ ready: z.boolean(), reason: z.optional(z.string()) }),
  ),
});
export type Readiness = z.infer<typeof readinessSchema>;
