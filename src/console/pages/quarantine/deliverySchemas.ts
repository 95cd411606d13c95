import * as z from 'zod/mini';

const resolutionSchema = z.object({
  outcome: z.string(),
  eventId: z.string(),
  stream: z.string(),
  resolvedAt: z.string(),
});

/** A quarantined or ignored delivery, as `GET /quarantine` lists it (admins only). */
export const deliverySchema = z.object({
  id: z.string(),
  kind: z.string(),
  gateway: z.string(),
  reason: z.string(),
  paymentId: z.nullable(z.string()),
  eventType: z.nullable(z.string()),
  deliveryId: z.nullable(z.string()),
  receivedAt: z.string(),
  rawBody: z.object({ encoding: z.enum(['utf8', 'base64']), data: z.string() }),
  rawBodySha256: z.string(),
  verification: z.object({ scheme: z.string(), secretIndex: z.int() }),
  correlationId: z.string(),
  resolution: z.nullable(resolutionSchema),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryPageSchema = z.object({
  items: z.array(deliverySchema),
  nextCursor: z.nullable(z.string()),
});

/** What `POST /quarantine/:id/replay[?dryRun=true]` did, or would do. */
export const replayResultSchema = z.object({
  id: z.string(),
  dryRun: z.boolean(),
  outcome: z.string(),
  eventId: z.optional(z.string()),
  stream: z.optional(z.string()),
  reason: z.optional(z.string()),
  resolution: z.optional(resolutionSchema),
});
export type ReplayResult = z.infer<typeof replayResultSchema>;

/** `GET /payments/:gateway/:paymentId/deliveries`: the kept deliveries that name one payment. */
export const paymentDeliveriesSchema = z.object({ items: z.array(deliverySchema) });
