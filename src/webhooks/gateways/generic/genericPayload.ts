import { z } from 'zod';

/**
 * The article's payload: `{ event, timestamp, data: { paymentId, status, amount, currency, orderId } }`
 * with the amount in major units. Unknown keys are dropped, so nothing the sender adds (such as a
 * `__proto__` key) reaches the normalized event; the untouched body is kept separately.
 */
export const genericPayloadSchema = z.object({
  event: z.string().min(1).max(100),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.object({
    paymentId: z.string(),
    status: z.string(),
    amount: z.number(),
    currency: z.string().regex(/^[A-Za-z]{3}$/),
    orderId: z.string().min(1).max(255).nullish(),
    refundId: z.string().min(1).max(255).nullish(),
    refundedAmount: z.number().nullish(),
  }),
});

export type GenericPayload = z.infer<typeof genericPayloadSchema>;
