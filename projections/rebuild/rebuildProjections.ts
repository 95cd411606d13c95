import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventStore, GlobalPosition } from '../../src/eventStore/eventStore.js';
import type { DocumentStore, ProjectionTarget } from '../../src/readModels/documentStore.js';
import type { ProjectionLeases } from '../../src/readModels/projectionLeases.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';
import { caughtUpOrGaveUp } from './caughtUpOrGaveUp.js';
import { compareBuilds, type BuildDifferences } from './compareBuilds.js';
import { takeRebuildLocks } from './rebuildLocks.js';
import { buildStaged, type StagingStore } from './stagedBuild.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import {
  startProjections,
  type ProjectionLogger,
  type RunnerSettings,
} from '../runner/runProjections.js';

export interface RebuildProgress {
  /** Folding the log (into the targets, or into the staging store), or copying a staged build. */
  readonly phase: 'building' | 'copying';
  readonly events: number;
  /** Of a staged build: documents copied into the targets so far. */
  readonly documents?: number;
  /** The last position applied (not known while folding into a staging store). */
  readonly position?: GlobalPosition;
  readonly elapsedSeconds: number;
}

export interface RebuildResult {
  /** The generation each projection was rebuilt into, by name. */
  readonly generations: Readonly<Record<string, number>>;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Built in a staging store and copied in (stores without atomic batches, given `openStaging`). */
  readonly staged?: {
    readonly documents: number;
    readonly buildSeconds: number;
    readonly copySeconds: number;
  };
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
  /**
   * A fresh local store to fold the log into first (a scratch SQLite file). Given, a store
   * without atomic batches (MongoDB) is not built through guarded writes, each of which FerretDB
   * 1.24 answers with a scan: the staging build is copied across insert-only (see `buildStaged`).
   */
  readonly openStaging?: () => Promise<StagingStore>;
  /** Documents per page when a staged build is copied in (default 1,000). */
  readonly copyPageSize?: number;
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

async function rebuildLocked(options: RebuildOptions): Promise<RebuildResult> {
  const { store, definitions } = options;
  const started = performance.now();
  const targets: ProjectionTarget[] = [];
  for (const definition of definitions) {
    targets.push(await store.beginRebuild(definition.name, definition.indexes, definition.version));
  }
  let events = 0;
  let staged: RebuildResult['staged'];
  const elapsedSeconds = () => (performance.now() - started) / 1000;
  const giveUpAfterMs = options.giveUpAfterMs ?? 60_000;
  if (options.openStaging && !store.atomicBatches) {
    const result = await buildStaged({
      eventStore: options.eventStore,
      definitions,
      targets,
      store,
      openStaging: options.openStaging,
      giveUpAfterMs,
      signal: options.signal,
      settings: options.settings,
      logger: options.logger,
      copyPageSize: options.copyPageSize,
      onProgress: (progress) => {
        if (progress.phase === 'building') events = progress.events;
        options.onProgress?.({
          ...progress,
          events,
          elapsedSeconds: elapsedSeconds(),
        });
      },
    });
    events = result.events;
    staged = {
      documents: result.documents,
      buildSeconds: result.buildSeconds,
      copySeconds: result.copySeconds,
    };
  } else {
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
          phase: 'building',
          events,
          position: batch.position,
          elapsedSeconds: elapsedSeconds(),
        });
      },
    });
    try {
      await caughtUpOrGaveUp(runner, giveUpAfterMs, options.signal);
    } finally {
      await runner.stop();
    }
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
      ...(staged ? { staged } : {}),
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
