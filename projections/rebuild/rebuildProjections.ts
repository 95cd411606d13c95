import type { EventStore, GlobalPosition } from '../../src/eventStore/eventStore.js';
import type { DocumentStore, ProjectionTarget } from '../../src/readModels/documentStore.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import {
  startProjections,
  type ProjectionLogger,
  type RunnerSettings,
} from '../runner/runProjections.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: GlobalPosition;
  readonly elapsedSeconds: number;
}

export interface RebuildResult {
  /** The generation each projection was rebuilt into, by name. */
  readonly generations: Readonly<Record<string, number>>;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly store: DocumentStore & ReadModelVersions;
  readonly definitions: readonly ProjectionDefinition[];
  readonly settings?: Partial<RunnerSettings>;
  readonly logger?: ProjectionLogger;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /**
   * Without atomic batches (MongoDB), how long a running service may take to swap the rebuild
   * in between two of its batches before this process swaps it in itself (default 15 s).
   */
  readonly handoverTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the live checkpoints show the rebuilds' generations; returns those still waiting. */
async function awaitHandover(
  store: DocumentStore & ReadModelVersions,
  rebuilds: readonly ProjectionTarget[],
  timeoutMs: number,
): Promise<ProjectionTarget[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = await store.readCheckpoints(
      rebuilds.map((rebuild) => ({ ...rebuild, collection: rebuild.projection })),
    );
    const waiting = rebuilds.filter(
      (rebuild) => (live.get(rebuild.projection)?.generation ?? 0) < rebuild.generation,
    );
    if (waiting.length === 0 || Date.now() >= deadline) return waiting;
    await sleep(200);
  }
}

/**
 * Rebuilds projections from the whole log into fresh collections beside the live ones, then
 * swaps them in. The live projections keep being written meanwhile and readers keep answering
 * from them; after the swap the live runner continues each from its rebuild's checkpoint, so
 * nothing appended during the rebuild is lost.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { store, definitions } = options;
  const started = performance.now();
  const targets: ProjectionTarget[] = [];
  for (const definition of definitions) {
    targets.push(await store.beginRebuild(definition.name, definition.indexes, definition.version));
  }
  let events = 0;
  const runner = startProjections({
    eventStore: options.eventStore,
    store,
    definitions,
    targets,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    onBatch: (batch) => {
      events += batch.events;
      options.onProgress?.({
        events,
        position: batch.position,
        elapsedSeconds: (performance.now() - started) / 1000,
      });
    },
  });
  try {
    await runner.whenCaughtUp();
  } finally {
    await runner.stop();
  }
  let unswapped = targets;
  if (!store.atomicBatches) {
    for (const target of targets) await store.requestSwap(target);
    unswapped = await awaitHandover(store, targets, options.handoverTimeoutMs ?? 15_000);
  }
  for (const target of unswapped) await store.swap(target);
  const seconds = (performance.now() - started) / 1000;
  return {
    generations: Object.fromEntries(
      targets.map((target) => [target.projection, target.generation]),
    ),
    events,
    seconds,
    eventsPerSecond: Math.round(events / Math.max(seconds, 1e-9)),
  };
}
