import { z } from 'zod';

/**
 * Ippopay publishes no schema for what it posts to `notify_url`, and signs nothing. payledger
 * reads only the order id from it, and only to know which order to look up; every fact it
 * records comes from Ippopay's API (ippopay/docs-api `server-side-integrations/rest-api.md`).
 */
export const ippopayNotificationSchema = z.object({
  // Ippopay's own sample order id is `order_G@nzg3qBq`, so the id is not restricted to the
  // stream-name alphabet; it only has to be printable text to go into a URL path, encoded.
  order_id: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    // `.` and `..` would survive encodeURIComponent and walk up the API's path.
    .refine((id) => !/^\.+$/.test(id), 'must not be only dots'),
});

/** `GET /v1/order/{order_id}` */
export const ippopayOrderResponseSchema = z.object({
  success: z.literal(true),
  data: z.object({
    order: z.object({
      order_id: z.string(),
      amount: z.union([z.number(), z.string()]),
      currency: z.string().default('INR'),
      status: z.string().optional(),
    }),
  }),
});

/** `GET /v1/order/{order_id}/transaction` */
export const ippopayTransactionResponseSchema = z.object({
  success: z.literal(true),
  data: z.object({
    transaction: z.object({
      trans_id: z.string().min(1).max(255),
      status: z.string().min(1).max(50),
      cost: z.object({ paid: z.number() }).partial().optional(),
      refund_status: z.string().optional(),
      failure_reason: z.string().optional(),
      createdAt: z.iso.datetime({ offset: true }).optional(),
      updatedAt: z.iso.datetime({ offset: true }),
    }),
  }),
});

export type IppopayNotification = z.infer<typeof ippopayNotificationSchema>;
export type IppopayOrderResponse = z.infer<typeof ippopayOrderResponseSchema>;
export type IppopayTransactionResponse = z.infer<typeof ippopayTransactionResponseSchema>;
