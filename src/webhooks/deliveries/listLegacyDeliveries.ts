import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../domain/paymentEvent.js';
import type { EventStore, GlobalPosition, RecordedEvent } from '../../eventStore/eventStore.js';
import { StreamRevisionConflictError } from '../../eventStore/eventStoreErrors.js';
import { isGatewayName } from '../gateway.js';
import { toDeliveryEntry } from './deliveryEntry.js';
import {
  DELIVERY_EVENT_TYPE,
  DELIVERY_LISTED,
  DELIVERY_LIST_RECORDED,
  deliveryListStream,
  deliveryStream,
  formatDeliveryId,
  type DeliveryRef,
} from './deliveryStreams.js';

/** Where each scan records how far it read, so the next one starts there. */
export const LEGACY_SCAN_STREAM = 'kept-deliveries-scan';
const SCANNED = 'LegacyDeliveriesScanned';
const LEGACY_STREAM = /^quarantine-([a-z]+):([0-9a-f]{64})$/;

/**
 * Lists the deliveries an older payledger quarantined before kept deliveries had list streams
 * (`quarantine-<gateway>:<body sha256>`, one `WebhookQuarantined` event, no pointer anywhere),
 * so that GET /quarantine and `replay-quarantine --all` see them. A pointer goes to the gateway's
 * list, then the delivery's stream records which pointer is its own, as `keepDelivery` does: a
 * crash or a second instance doing the same leaves at worst a stale pointer, skipped when
 * listing. The log is read from where the last scan ended (the first scan reads it whole), so a
 * later start costs almost nothing. Returns how many were listed.
 */
export async function listLegacyDeliveries(
  eventStore: EventStore,
  options: { readonly signal?: AbortSignal; readonly pageSize?: number } = {},
): Promise<number> {
  const marks = await eventStore.readStream(LEGACY_SCAN_STREAM);
  let after = positionOf(marks.at(-1));
  const from = after;
  let listed = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await eventStore.readAll({
      ...(after ? { after } : {}),
      maxCount: options.pageSize ?? 1000,
      streamPrefixes: ['quarantine-'],
    });
    if (page.length === 0) break;
    for (const event of page) if (await listIfLegacy(eventStore, event)) listed += 1;
    after = page.at(-1)?.position;
  }
  if (after && after !== from)
    await eventStore.appendToStream(
      LEGACY_SCAN_STREAM,
      [
        {
          id: randomUUID(),
          type: SCANNED,
          data: { commit: after.commit.toString(), prepare: after.prepare.toString(), listed },
          metadata: {},
        },
      ],
      { expectedRevision: 'any' },
    );
  return listed;
}

async function listIfLegacy(eventStore: EventStore, event: RecordedEvent): Promise<boolean> {
  const match = LEGACY_STREAM.exec(event.streamName);
  const gateway = match?.[1] ?? '';
  if (!match || event.revision !== 0n || !isGatewayName(gateway)) return false;
  if (event.type !== DELIVERY_EVENT_TYPE.quarantined || 'listRevision' in (event.data as object))
    return false;
  const ref: DeliveryRef = { kind: 'quarantined', gateway, key: match[2] ?? '' };
  // A resolution appended meanwhile moves the stream on: read again and retry.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const entry = toDeliveryEntry(ref, await eventStore.readStream(deliveryStream(ref)));
    if (!entry || entry.listedAt.list !== null) return false;
    const pointer = await eventStore.appendToStream(
      deliveryListStream('quarantined', gateway),
      [
        {
          id: randomUUID(),
          type: DELIVERY_LISTED,
          data: {
            id: formatDeliveryId(ref),
            kind: 'quarantined',
            gateway,
            paymentId: null,
            eventType: null,
            reason: entry.reason,
            receivedAt: entry.receivedAt,
          },
          metadata: { correlationId: entry.correlationId },
        },
      ],
      { expectedRevision: 'any' },
    );
    try {
      await eventStore.appendToStream(
        deliveryStream(ref),
        [
          {
            id: randomUUID(),
            type: DELIVERY_LIST_RECORDED,
            data: { listRevision: pointer.nextExpectedRevision.toString() },
            metadata: {},
          },
        ],
        { expectedRevision: entry.streamRevision },
      );
      return true;
    } catch (error) {
      if (!(error instanceof StreamRevisionConflictError)) throw error;
    }
  }
  return false;
}

function positionOf(mark: RecordedEvent | undefined): GlobalPosition | undefined {
  const data = mark?.data as JsonObject | undefined;
  const commit = data?.['commit'];
  const prepare = data?.['prepare'];
  if (typeof commit !== 'string' || typeof prepare !== 'string') return undefined;
  return { commit: BigInt(commit), prepare: BigInt(prepare) };
}
