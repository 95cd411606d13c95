import { AppError } from '../../errors/appError.js';
import { comparePositions, type EventStore } from '../../eventStore/eventStore.js';
import type { GatewayName } from '../gateway.js';
import type { DeliveryEntry } from './deliveryEntry.js';
import { listStreams, type DeliveryKind } from './deliveryStreams.js';
import { resolvePointer } from './readDeliveries.js';

export type DeliveryState = 'open' | 'resolved' | 'all';

export interface DeliveryQuery {
  readonly kinds?: readonly DeliveryKind[];
  readonly gateways?: readonly GatewayName[];
  readonly state?: DeliveryState;
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface DeliveryPage {
  readonly items: DeliveryEntry[];
  /** Pass back as `cursor` for the next page; null once everything has been seen. */
  readonly nextCursor: string | null;
}

type Cursor = Record<string, string>;

export class InvalidCursorError extends AppError {
  readonly code = 'invalid_query';
}

function decodeCursor(cursor: string | undefined): Cursor {
  if (cursor === undefined) return {};
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      Object.values(parsed).every((value) => typeof value === 'string' && /^\d+$/.test(value))
    )
      return parsed as Cursor;
  } catch {
    // fall through
  }
  throw new InvalidCursorError('cursor: not a cursor this endpoint returned');
}

const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

/**
 * A page of kept deliveries across the chosen gateways' list streams, oldest first (by their
 * position in the log, merged across streams). A page may hold fewer than `limit` items when the
 * state filter skips some; follow `nextCursor` until it is null. Each page reads at most `limit`
 * pointers per list stream and the entries of the pointers it takes, so its cost does not grow
 * with the number of kept deliveries.
 */
export async function listDeliveries(
  eventStore: EventStore,
  query: DeliveryQuery,
): Promise<DeliveryPage> {
  const cursor = decodeCursor(query.cursor);
  const streams = listStreams(query.kinds, query.gateways);
  const fetched = await Promise.all(
    streams.map((stream) =>
      eventStore.readStream(stream, {
        fromRevision: BigInt(cursor[stream] ?? '0'),
        maxCount: query.limit,
      }),
    ),
  );
  const taken = fetched
    .flat()
    .sort((a, b) => comparePositions(a.position, b.position))
    .slice(0, query.limit);
  const next: Cursor = { ...cursor };
  for (const pointer of taken) next[pointer.streamName] = (pointer.revision + 1n).toString();
  const exhausted = streams.every(
    (stream, index) =>
      (fetched[index]?.length ?? 0) < query.limit &&
      (fetched[index]?.at(-1)?.revision ?? -1n) + 1n <= BigInt(next[stream] ?? '0'),
  );

  const entries = await Promise.all(
    taken.map((pointer) => resolvePointer(eventStore, pointer, 'list')),
  );
  const state = query.state ?? 'all';
  const items = entries.filter(
    (entry): entry is DeliveryEntry =>
      entry !== undefined &&
      (state === 'all' || (state === 'resolved') === (entry.resolution !== null)),
  );
  return { items, nextCursor: exhausted ? null : encodeCursor(next) };
}
