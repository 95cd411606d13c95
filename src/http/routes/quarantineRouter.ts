import Router from '@koa/router';
import { z } from 'zod';
import type { EventStore } from '../../eventStore/eventStore.js';
import { GATEWAY_NAMES } from '../../webhooks/gateway.js';
import type { DeliveryEntry } from '../../webhooks/deliveries/deliveryEntry.js';
import { DELIVERY_KINDS } from '../../webhooks/deliveries/deliveryStreams.js';
import { InvalidCursorError, listDeliveries } from '../../webhooks/deliveries/listDeliveries.js';
import { readDelivery } from '../../webhooks/deliveries/readDeliveries.js';
import {
  DeliveryNotFoundError,
  InvalidDeliveryIdError,
  type ReplayDelivery,
} from '../../webhooks/deliveries/replayDelivery.js';
import { parseDeliveryId } from '../../webhooks/deliveries/deliveryStreams.js';
import type { RequireRole } from '../requireRole.js';

const listQuery = z.strictObject({
  kind: z.enum(DELIVERY_KINDS).optional(),
  gateway: z.enum(GATEWAY_NAMES).optional(),
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
});

const replayQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false'),
});

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidCursorError(
    `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`,
  );
}

/** What the API shows of a kept delivery (bookkeeping of its list pointers stays internal). */
export function toDeliveryView(entry: DeliveryEntry) {
  const { listedAt: _listedAt, streamRevision: _revision, ...view } = entry;
  return view;
}

function checkedId(id: string): string {
  if (!parseDeliveryId(id)) throw new InvalidDeliveryIdError(id);
  return id;
}

/**
 * Admins' view of the deliveries payledger kept without making them payment events:
 * `GET /quarantine` (paged, oldest first, with the reason and the raw bytes), `GET
 * /quarantine/:id`, and `POST /quarantine/:id/replay[?dryRun=true]`.
 */
export function quarantineRouter(deps: {
  readonly eventStore: EventStore;
  readonly replayDelivery: ReplayDelivery;
  readonly requireRole: RequireRole;
}): Router {
  const router = new Router();
  router.get('/quarantine', deps.requireRole('admin'), async (ctx) => {
    const query = parse(listQuery, ctx.query);
    const page = await listDeliveries(deps.eventStore, {
      limit: query.limit,
      state: query.state,
      ...(query.kind ? { kinds: [query.kind] } : {}),
      ...(query.gateway ? { gateways: [query.gateway] } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    ctx.body = { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
  });
  router.get('/quarantine/:id', deps.requireRole('admin'), async (ctx) => {
    const id = checkedId(ctx.params['id'] ?? '');
    const entry = await readDelivery(deps.eventStore, id);
    if (!entry) throw new DeliveryNotFoundError(id);
    ctx.body = toDeliveryView(entry);
  });
  router.post('/quarantine/:id/replay', deps.requireRole('admin'), async (ctx) => {
    const { dryRun } = parse(replayQuery, ctx.query);
    ctx.body = await deps.replayDelivery(checkedId(ctx.params['id'] ?? ''), {
      dryRun: dryRun === 'true',
      correlationId: String(ctx.state['correlationId']),
    });
  });
  return router;
}
