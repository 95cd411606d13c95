import { z } from 'zod';

/**
 * The parts of Stripe's objects payledger reads (https://docs.stripe.com/api/events/object).
 * Only these keys are copied out; everything else stays in the stored raw payload. Amounts are
 * plain numbers here and are checked as integers of minor units when normalized.
 */
const metadataSchema = z.record(z.string(), z.unknown()).nullish();
const stripeId = z.string().min(1).max(255);

export const stripeEventSchema = z.object({
  id: stripeId,
  object: z.literal('event'),
  type: z.string().min(1).max(200),
  created: z.number().int().nonnegative(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

export const stripePaymentIntentSchema = z.object({
  id: stripeId,
  object: z.literal('payment_intent'),
  amount: z.number(),
  amount_received: z.number().nullish(),
  currency: z.string(),
  status: z.string().nullish(),
  metadata: metadataSchema,
});

export const stripeChargeSchema = z.object({
  id: stripeId,
  object: z.literal('charge'),
  amount: z.number(),
  amount_captured: z.number().nullish(),
  amount_refunded: z.number().nullish(),
  captured: z.boolean().nullish(),
  currency: z.string(),
  payment_intent: stripeId.nullish(),
  metadata: metadataSchema,
});

export const stripeRefundSchema = z.object({
  id: stripeId,
  object: z.literal('refund'),
  amount: z.number(),
  currency: z.string(),
  payment_intent: stripeId.nullish(),
  status: z.string().nullish(),
  metadata: metadataSchema,
});

export const stripeDisputeSchema = z.object({
  id: stripeId,
  object: z.literal('dispute'),
  amount: z.number(),
  currency: z.string(),
  payment_intent: stripeId.nullish(),
  status: z.string(),
  metadata: metadataSchema,
});

export type StripeEvent = z.infer<typeof stripeEventSchema>;
export type StripePaymentIntent = z.infer<typeof stripePaymentIntentSchema>;
export type StripeCharge = z.infer<typeof stripeChargeSchema>;
export type StripeRefund = z.infer<typeof stripeRefundSchema>;
export type StripeDispute = z.infer<typeof stripeDisputeSchema>;
