import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '../../src/eventStore/eventStore.js';
import type {
  DocumentChange,
  DocumentStore,
  ProjectionBatch,
  ProjectionTarget,
  StoredDocument,
} from '../../src/readModels/documentStore.js';
import type { WriteFence } from '../../src/readModels/projectionLeases.js';
import {
  applyEvents,
  eventsFor,
  keysPerEvent,
  type FoldedDocument,
  type HistoryOf,
} from '../foldEvents.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import { readBatchHistories } from './batchHistories.js';
import type { DocumentCache } from './documentCache.js';
import { lowestPosition } from './lowestPosition.js';

/** One projection as the runner drives it. */
export interface RunningProjection {
  readonly definition: ProjectionDefinition;
  readonly target: ProjectionTarget;
  /** Everything up to here has been applied (undefined: nothing yet). */
  checkpoint: GlobalPosition | undefined;
  /** What is known of the target's documents between batches. */
  readonly cache: DocumentCache;
}

/** The body of a document whose projection keeps only positions (it never reads bodies). */
const POSITION_ONLY = Object.freeze({});

/** The stored state of every key a projection touches: from the cache, else one load. */
async function storedDocuments(
  store: DocumentStore,
  projection: RunningProjection,
  keys: readonly string[],
): Promise<Map<string, StoredDocument>> {
  const { cache, target, definition } = projection;
  const unknown = keys.filter((key) => cache.isUnknown(key));
  if (unknown.length > 0) {
    const loaded: ReadonlyMap<string, StoredDocument> = definition.needsDocument
      ? await store.load(target, unknown)
      : new Map(
          [...(await store.loadPositions(target, unknown))].map(([key, position]) => [
            key,
            { position, body: POSITION_ONLY },
          ]),
        );
    for (const key of unknown) cache.remember(key, loaded.get(key));
  }
  const stored = new Map<string, StoredDocument>();
  for (const key of keys) {
    const document = cache.get(key);
    if (document) stored.set(key, document);
  }
  return stored;
}

export interface BatchOutcome {
  /** Events each projection applied, by projection name. */
  readonly applied: ReadonlyMap<string, number>;
  /** Documents each projection changed, by projection name. */
  readonly changed: ReadonlyMap<string, number>;
}

const after = (position: GlobalPosition, checkpoint: GlobalPosition | undefined) =>
  checkpoint === undefined || comparePositions(position, checkpoint) > 0;

/** The changes a fold made to the loaded documents: one per document, compare-and-swap. */
function changesOf(
  loaded: ReadonlyMap<string, StoredDocument>,
  folded: ReadonlyMap<string, FoldedDocument>,
): DocumentChange[] {
  const changes: DocumentChange[] = [];
  for (const [key, document] of folded) {
    const before = loaded.get(key);
    if (before === document) continue;
    if (!before && document.body === undefined) continue;
    changes.push({
      key,
      expected: before?.position,
      next:
        document.body === undefined
          ? undefined
          : { position: document.position, body: document.body },
    });
  }
  return changes;
}

/**
 * Projects one batch for every projection: the histories of the streams it touches (one read),
 * the keys each event touches, the documents behind them (one load per projection), the fold,
 * then one write with every document change and every checkpoint. Events at or below a
 * projection's checkpoint were applied before and are left out; the fold skips events at or
 * below a document's own position.
 *
 * Why a kill -9 between any two writes ends, after catch-up, equal to one fold of the log: a
 * document is only ever replaced by a fold of itself with later events, and written before the
 * checkpoint that covers them. After a crash the runner starts again from the checkpoints,
 * reloads every document it touches (so it sees exactly what was written), and skips for each
 * document the events its stored position already covers; the documents that were not written
 * get those events applied now. A deleted document has no position left, so the events since the
 * checkpoint are re-applied to nothing; definitions only delete documents those events rebuild
 * by themselves (see `ProjectionDefinition`).
 */
export async function projectBatch(
  deps: {
    readonly eventStore: Pick<EventStore, 'readStreams'>;
    readonly store: DocumentStore;
    readonly fence?: WriteFence | undefined;
  },
  projections: readonly RunningProjection[],
  events: readonly RecordedEvent[],
  end: GlobalPosition,
): Promise<BatchOutcome> {
  const work = projections
    .filter((projection) => after(end, projection.checkpoint))
    .map((projection) => ({
      projection,
      events: eventsFor(projection.definition, events).filter((event) =>
        after(event.position, projection.checkpoint),
      ),
    }));
  const needHistory = work.filter(
    (item) => item.projection.definition.needsHistory && item.events.length > 0,
  );
  // The batch holds every event after the lowest checkpoint: where it begins.
  const from = lowestPosition(projections.map((projection) => projection.checkpoint));
  const historyOf: HistoryOf =
    needHistory.length > 0
      ? await readBatchHistories(
          deps.eventStore,
          events,
          needHistory.flatMap((item) => item.events),
          from,
        )
      : (event) => [event];

  const planned = work.map((item) => {
    const keys = keysPerEvent(item.projection.definition, item.events, historyOf);
    return { ...item, keys, touched: [...new Set(keys.flat())] };
  });
  const loaded = await Promise.all(
    planned.map((item) => storedDocuments(deps.store, item.projection, item.touched)),
  );

  const batches: ProjectionBatch[] = [];
  const applied = new Map<string, number>();
  const changed = new Map<string, number>();
  for (const [index, item] of planned.entries()) {
    const { definition, target } = item.projection;
    const stored = loaded[index] ?? new Map<string, StoredDocument>();
    const documents = new Map<string, FoldedDocument>(stored);
    applyEvents(definition, item.events, item.keys, historyOf, documents);
    const changes = changesOf(stored, documents);
    batches.push({ target, changes, checkpoint: end, version: definition.version });
    applied.set(definition.name, item.events.length);
    changed.set(definition.name, changes.length);
  }
  if (batches.length > 0) await deps.store.write(batches, deps.fence);
  for (const [index, item] of planned.entries()) {
    const { cache, definition } = item.projection;
    item.projection.checkpoint = end;
    for (const { key, next } of batches[index]?.changes ?? []) {
      cache.remember(
        key,
        next && !definition.needsDocument ? { position: next.position, body: POSITION_ONLY } : next,
      );
    }
  }
  return { applied, changed };
}
