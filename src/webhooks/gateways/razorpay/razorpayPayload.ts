import { z } from 'zod';

/**
 * The parts of Razorpay's webhook envelope and entities payledger reads
 * (razorpay/markdown-docs `webhooks/payments.md`; razorpay.com/docs/webhooks/refunds). Each
 * entity arrives as `payload.<name>.entity`, a snapshot taken when the event happened.
 */
const razorpayId = z.string().min(1).max(255);

export const razorpayEventSchema = z.object({
  entity: z.literal('event'),
  event: z.string().min(1).max(200),
  contains: z.array(z.string()).optional(),
  payload: z.record(z.string(), z.unknown()),
  created_at: z.number().int().nonnegative(),
});

export const razorpayPaymentSchema = z.object({
  id: razorpayId,
  entity: z.literal('payment'),
  amount: z.number(),
  currency: z.string(),
  status: z.string().optional(),
  order_id: razorpayId.nullish(),
  amount_refunded: z.number().nullish(),
});

export const razorpayOrderSchema = z.object({
  id: razorpayId,
  entity: z.literal('order'),
});

export const razorpayRefundSchema = z.object({
  id: razorpayId,
  entity: z.literal('refund'),
  amount: z.number(),
  currency: z.string(),
  payment_id: razorpayId,
  status: z.string().optional(),
});

export const razorpayDisputeSchema = z.object({
  id: razorpayId,
  entity: z.literal('dispute'),
  payment_id: razorpayId,
  amount: z.number(),
  currency: z.string(),
  amount_deducted: z.number().nullish(),
  status: z.string().optional(),
});

/** `{ entity: {…} }` around one entity. */
export function entityOf<T extends z.ZodType>(schema: T) {
  return z.object({ entity: schema });
}

export type RazorpayEvent = z.infer<typeof razorpayEventSchema>;
export type RazorpayPayment = z.infer<typeof razorpayPaymentSchema>;
