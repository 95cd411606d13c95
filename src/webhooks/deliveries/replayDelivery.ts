import { randomUUID } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { StreamRevisionConflictError } from '../../eventStore/eventStoreErrors.js';
import { AppError } from '../../errors/appError.js';
import { decodeJsonBody } from '../decodeJsonBody.js';
import type { Gateway } from '../gateway.js';
import { appendOnce, paymentEventFor, type KeptBody } from '../paymentEventFor.js';
import {
  rawBytesOf,
  verifiedDeliveryOf,
  type DeliveryEntry,
  type DeliveryResolution,
} from './deliveryEntry.js';
import { DELIVERY_RESOLVED, deliveryStream, parseDeliveryId } from './deliveryStreams.js';
import { readDelivery } from './readDeliveries.js';

export class DeliveryNotFoundError extends AppError {
  readonly code = 'delivery_not_found';

  constructor(id: string) {
    super(`No quarantined or ignored delivery has the id ${id}.`);
  }
}

export class InvalidDeliveryIdError extends AppError {
  readonly code = 'invalid_delivery_id';

  constructor(id: string) {
    super(
      `"${id.slice(0, 100)}" is not a delivery id (quarantined|ignored:<gateway>:<64 hex digits>).`,
    );
  }
}

/**
 * What re-running a kept delivery through today's code gave: `accepted` (appended to its
 * payment now) or `duplicate` (the payment already had that event, e.g. from a later
 * redelivery), both of which resolve the entry; `ignored` or `invalid` when today's code still
 * cannot use it (the entry stays open); `already_resolved` when an earlier re-run resolved it.
 * With `dryRun` nothing is written and `accepted` / `duplicate` say what would happen.
 */
export type ReplayResult = { readonly id: string; readonly dryRun: boolean } & (
  | {
      readonly outcome: 'accepted' | 'duplicate';
      readonly eventId: string;
      readonly stream: string;
    }
  | { readonly outcome: 'ignored' | 'invalid'; readonly reason: string }
  | { readonly outcome: 'already_resolved'; readonly resolution: DeliveryResolution }
);

export interface ReplayDeps {
  readonly eventStore: EventStore;
  /** The configured gateways (throws for one that is not configured). */
  readonly gateways: (name: string) => Gateway;
  readonly clock: Clock;
}

export type ReplayDelivery = (
  id: string,
  options: { readonly dryRun: boolean; readonly correlationId: string },
) => Promise<ReplayResult>;

/**
 * Re-runs a quarantined or ignored delivery through the current normalizer, as if it had just
 * arrived (with the time it first arrived). A payment event it now yields is appended exactly
 * once: its id derives from the gateway's event id, so a redelivery of the same event, before or
 * after, is the same event. Resolving the entry appends a `DeliveryResolved` event to its stream;
 * the delivery itself is never changed or deleted.
 */
export function createReplayDelivery(deps: ReplayDeps): ReplayDelivery {
  return async function replayDelivery(id, { dryRun, correlationId }) {
    if (!parseDeliveryId(id)) throw new InvalidDeliveryIdError(id);
    const entry = await readDelivery(deps.eventStore, id);
    if (!entry) throw new DeliveryNotFoundError(id);
    if (entry.resolution)
      return { id, dryRun, outcome: 'already_resolved', resolution: entry.resolution };

    const gateway = deps.gateways(entry.gateway);
    const bytes = rawBytesOf(entry);
    const decoded = decodeJsonBody(bytes);
    if (!decoded.ok) return { id, dryRun, outcome: 'invalid', reason: decoded.reason };
    const delivery = verifiedDeliveryOf(entry);
    const normalized = await gateway.normalize(decoded.value, delivery, deps.clock());
    if (normalized.kind !== 'payment')
      return {
        id,
        dryRun,
        outcome: normalized.kind === 'ignored' ? 'ignored' : 'invalid',
        reason: normalized.reason,
      };

    const body: KeptBody = normalized.evidence
      ? { ...normalized.evidence, bytes: Buffer.from(normalized.evidence.text, 'utf8') }
      : { text: decoded.text, value: decoded.value, bytes };
    const { stream, event } = paymentEventFor({
      gateway: gateway.name,
      payment: normalized.payment,
      delivery,
      body,
      receivedAt: new Date(entry.receivedAt),
      correlationId,
    });
    if (dryRun) {
      const stored = await deps.eventStore.readStream(stream);
      const existing = stored.find(
        (recorded) =>
          recorded.id === event.id ||
          (gateway.dedupesByBody &&
            recorded.metadata['rawBodySha256'] === event.metadata.rawBodySha256),
      );
      return existing
        ? { id, dryRun, outcome: 'duplicate', eventId: existing.id, stream }
        : { id, dryRun, outcome: 'accepted', eventId: event.id, stream };
    }
    const appended = await appendOnce(deps.eventStore, gateway, stream, event);
    const resolution: DeliveryResolution = {
      outcome: appended.kind === 'appended' ? 'accepted' : 'duplicate',
      eventId: appended.kind === 'appended' ? event.id : appended.existing.id,
      stream,
      resolvedAt: deps.clock().toISOString(),
      correlationId,
    };
    await recordResolution(deps.eventStore, entry, resolution);
    return {
      id,
      dryRun,
      outcome: resolution.outcome,
      eventId: resolution.eventId,
      stream: resolution.stream,
    };
  };
}

async function recordResolution(
  eventStore: EventStore,
  entry: DeliveryEntry,
  resolution: DeliveryResolution,
): Promise<void> {
  const ref = parseDeliveryId(entry.id);
  if (!ref) return;
  try {
    await eventStore.appendToStream(
      deliveryStream(ref),
      [
        {
          id: randomUUID(),
          type: DELIVERY_RESOLVED,
          data: { ...resolution },
          metadata: { correlationId: resolution.correlationId },
        },
      ],
      { expectedRevision: entry.streamRevision },
    );
  } catch (error) {
    // A concurrent re-run resolved it first; its resolution names the same payment event.
    if (!(error instanceof StreamRevisionConflictError)) throw error;
  }
}
