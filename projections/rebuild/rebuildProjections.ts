import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventStore, GlobalPosition } from '../../src/eventStore/eventStore.js';
import type { DocumentStore, ProjectionTarget } from '../../src/readModels/documentStore.js';
import type { ProjectionLeases } from '../../src/readModels/projectionLeases.js';
import { ReadModelUnavailableError } from '../../src/readModels/readModelErrors.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';
import { compareBuilds, type BuildDifferences } from './compareBuilds.js';
import { takeRebuildLocks } from './rebuildLocks.js';
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
  /** A dry run: what swapping in would change, by projection; nothing was swapped. */
  readonly differences?: Readonly<Record<string, BuildDifferences>>;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly store: DocumentStore & ReadModelVersions & ProjectionLeases;
  readonly definitions: readonly ProjectionDefinition[];
  /** Who holds the rebuild locks (`rebuild:<projection>`) while this runs (default: this process). */
  readonly holder?: string;
  /** Build, compare with the live builds, drop the fresh ones: swap nothing. */
  readonly dryRun?: boolean;
  /** How long the stores may keep failing before the rebuild gives up (default 60 s). */
  readonly giveUpAfterMs?: number;
  /** Stops the rebuild (its fresh builds stay until the next rebuild of them drops them). */
  readonly signal?: AbortSignal;
  readonly settings?: Partial<RunnerSettings>;
  readonly logger?: ProjectionLogger;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /**
   * Without atomic batches (MongoDB), how long a running service may take to swap the rebuild
   * in between two of its batches before this process swaps it in itself (default 15 s).
   */
  readonly handoverTimeoutMs?: number;
}

const sleep = (ms: number) =>
  new Promise<'slept'>((resolve) =>
    setTimeout(() => {
      resolve('slept');
    }, ms),
  );

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
 * swaps them in (or, in a dry run, reports what the swap would change and drops them). Each
 * projection is locked for the duration, so a second rebuild of it is refused. The live projections keep being written meanwhile and readers keep answering
 * from them; after the swap the live runner continues each from its rebuild's checkpoint, so
 * nothing appended during the rebuild is lost.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { store, definitions } = options;
  const locks = await takeRebuildLocks(
    store,
    definitions.map((definition) => definition.name),
    options.holder ?? `rebuild:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  );
  try {
    return await rebuildLocked(options);
  } finally {
    await locks.release();
  }
}

/** Waits for the runner to catch up; gives up when it keeps failing, or when stopped. */
async function caughtUpOrGaveUp(
  runner: ReturnType<typeof startProjections>,
  giveUpAfterMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  let failingSince: number | undefined;
  const caughtUp = runner.whenCaughtUp().then(() => 'caught-up' as const);
  for (;;) {
    if ((await Promise.race([caughtUp, sleep(250)])) === 'caught-up') return;
    if (signal?.aborted) throw new Error('rebuild interrupted');
    const status = runner.status();
    if (status.state !== 'retrying') {
      failingSince = undefined;
      continue;
    }
    failingSince ??= performance.now();
    if (performance.now() - failingSince > giveUpAfterMs) {
      throw new ReadModelUnavailableError(
        `gave up after ${Math.round(giveUpAfterMs / 1000)} s of failures: ${status.lastError ?? 'unknown error'}`,
      );
    }
  }
}

async function rebuildLocked(options: RebuildOptions): Promise<RebuildResult> {
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
    await caughtUpOrGaveUp(runner, options.giveUpAfterMs ?? 60_000, options.signal);
  } finally {
    await runner.stop();
  }
  const summary = () => {
    const seconds = (performance.now() - started) / 1000;
    return {
      generations: Object.fromEntries(
        targets.map((target) => [target.projection, target.generation]),
      ),
      events,
      seconds,
      eventsPerSecond: Math.round(events / Math.max(seconds, 1e-9)),
    };
  };
  if (options.dryRun) {
    const differences: Record<string, BuildDifferences> = {};
    for (const target of targets) {
      const live = await store.liveTarget(target.projection);
      differences[target.projection] = await compareBuilds(store, live, target);
      await store.discardRebuild(target);
    }
    return { ...summary(), differences };
  }
  let unswapped = targets;
  if (!store.atomicBatches) {
    for (const target of targets) await store.requestSwap(target);
    unswapped = await awaitHandover(store, targets, options.handoverTimeoutMs ?? 15_000);
  }
  for (const target of unswapped) await store.swap(target);
  return summary();
}
