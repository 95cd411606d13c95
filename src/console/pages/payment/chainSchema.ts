import * as z from 'zod/mini';

/** `GET /payments/:gateway/:paymentId/chain`: the audit chain check of the payment's stream. */
export const chainSchema = z.object({
  stream: z.string(),
  events: z.int(),
  intact: z.boolean(),
  unchainedPrefix: z.int(),
  head: z.nullable(z.object({ revision: z.string(), hash: z.string() })),
  problems: z.array(z.object({ revision: z.string(), kind: z.string(), detail: z.string() })),
});
