import type { EventStore } from '../../src/eventStore/eventStore.js';
import { compareDailyTotals, type DailyTotal } from '../../src/readModels/dailyTotal.js';
import type { DocumentBody } from '../../src/readModels/documentStore.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import type { Stored } from '../../src/readModels/stored.js';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { foldEvents, type FoldedDocument } from '../../projections/foldEvents.js';
import { aPaymentEvent, type PaymentEventSpec } from './paymentEvents.js';

/** Appends each event to its payment's stream, in the given order (group-committed). */
export async function appendPaymentEvents(
  store: EventStore,
  specs: readonly PaymentEventSpec[],
): Promise<void> {
  for (let start = 0; start < specs.length; start += 500) {
    await Promise.all(
      specs.slice(start, start + 500).map((spec) => {
        const { streamName, ...event } = aPaymentEvent(spec);
        return store.appendToStream(streamName, [event], { expectedRevision: 'any' });
      }),
    );
  }
}

const byKey = (a: { key: string }, b: { key: string }) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** Folded documents in the shape the queries return them. */
export function asStored(
  folded: ReadonlyMap<string, FoldedDocument & { readonly body: DocumentBody }>,
): Stored<DocumentBody>[] {
  return [...folded]
    .map(([key, { position, body }]) => ({ ...body, key, lastGlobalPosition: position }))
    .sort(byKey);
}

/** What every read model holds, in one comparable shape. */
export interface Everything {
  readonly payments: readonly Stored<DocumentBody>[];
  readonly orders: readonly Stored<DocumentBody>[];
  readonly dailyTotals: readonly DailyTotal[];
  readonly parked: readonly Stored<DocumentBody>[];
}

/** The oracle: every projection folded over the whole log in one pass from nothing. */
export async function foldWholeLog(store: EventStore): Promise<Everything> {
  const events = await store.readAll({ maxCount: 10_000_000, streamPrefixes: ['payment-'] });
  const [payments, orders, daily, parked] = BUILT_IN_PROJECTIONS.map((definition) =>
    asStored(foldEvents(definition, events)),
  );
  return {
    payments: payments ?? [],
    orders: orders ?? [],
    dailyTotals: (daily ?? [])
      .map((row) => {
        const { day, gateway, currency, status, count, amount } = row as unknown as DailyTotal;
        return { day, gateway, currency, status, count, amount };
      })
      .filter((row) => row.count > 0)
      .sort(compareDailyTotals),
    parked: parked ?? [],
  };
}

async function everyPage<T>(
  page: (cursor: string | undefined) => Promise<{ items: readonly T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Everything the read models hold, through the queries. */
export async function readEverything(readModels: ReadModelStore): Promise<Everything> {
  const withCursor = (cursor: string | undefined) => ({
    limit: 500,
    ...(cursor ? { cursor } : {}),
  });
  return {
    payments: (await everyPage((cursor) => readModels.listPayments(withCursor(cursor)))).sort(
      byKey,
    ),
    orders: (await everyPage((cursor) => readModels.listOrders(withCursor(cursor)))).sort(byKey),
    dailyTotals: await readModels.dailyTotals({}),
    parked: await readModels.listParked(),
  };
}
