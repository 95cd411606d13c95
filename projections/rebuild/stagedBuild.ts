import type { EventStore } from '../../src/eventStore/eventStore.js';
import type {
  DocumentStore,
  ProjectionBatch,
  ProjectionTarget,
} from '../../src/readModels/documentStore.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import {
  startProjections,
  type ProjectionLogger,
  type RunnerSettings,
} from '../runner/runProjections.js';
import { caughtUpOrGaveUp } from './caughtUpOrGaveUp.js';
import { copyBuild } from './copyBuild.js';

/** A fresh, empty read-model store of its own (a scratch SQLite file); `close` removes it. */
export type StagingStore = DocumentStore & ReadModelVersions & { close(): Promise<void> };

export type StagedProgress =
  | { readonly phase: 'building'; readonly events: number }
  | { readonly phase: 'copying'; readonly documents: number };

export interface StagedBuildOptions {
  readonly eventStore: EventStore;
  readonly definitions: readonly ProjectionDefinition[];
  /** Where the builds go: empty targets of `store`, one per definition, in order. */
  readonly targets: readonly ProjectionTarget[];
  readonly store: DocumentStore & ReadModelVersions;
  readonly openStaging: () => Promise<StagingStore>;
  readonly giveUpAfterMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly settings?: Partial<RunnerSettings> | undefined;
  readonly logger?: ProjectionLogger | undefined;
  /** Documents per page copied (default 1,000). */
  readonly copyPageSize?: number | undefined;
  readonly onProgress?: ((progress: StagedProgress) => void) | undefined;
}

export interface StagedBuildResult {
  readonly events: number;
  readonly documents: number;
  readonly buildSeconds: number;
  readonly copySeconds: number;
}

/**
 * Builds projections into empty targets without a single guarded write there: the same runner
 * folds the whole log into a staging store first (where a lookup by key is cheap), then every
 * document is copied across insert-only, and only then are the targets' checkpoints set to the
 * staging build's. Until that last write the targets' checkpoints say nothing was applied, so a
 * build cut short anywhere is never mistaken for a finished one (a rebuild starts over from a
 * dropped target). From the checkpoint on, the targets are written like any other.
 */
export async function buildStaged(options: StagedBuildOptions): Promise<StagedBuildResult> {
  const { definitions, targets, store } = options;
  const started = performance.now();
  const staging = await options.openStaging();
  try {
    let events = 0;
    const runner = startProjections({
      eventStore: options.eventStore,
      store: staging,
      definitions,
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      onBatch: (batch) => {
        events += batch.events;
        options.onProgress?.({ phase: 'building', events });
      },
    });
    try {
      await caughtUpOrGaveUp(runner, options.giveUpAfterMs, options.signal);
    } finally {
      await runner.stop();
    }
    const built = await Promise.all(definitions.map(({ name }) => staging.liveTarget(name)));
    const checkpoints = await staging.readCheckpoints(built);
    const copyStarted = performance.now();
    let documents = 0;
    const batches: ProjectionBatch[] = [];
    for (const [index, definition] of definitions.entries()) {
      const from = built[index];
      const to = targets[index];
      if (!from || !to) throw new RangeError(`no target for ${definition.name}`);
      const before = documents;
      documents += await copyBuild(
        { store: staging, target: from },
        { store, target: to },
        {
          ...(options.copyPageSize ? { pageSize: options.copyPageSize } : {}),
          signal: options.signal,
          onPage: (copied) =>
            options.onProgress?.({ phase: 'copying', documents: before + copied }),
        },
      );
      const position = checkpoints.get(from.collection)?.position;
      if (position) {
        batches.push({
          target: to,
          changes: [],
          checkpoint: position,
          version: definition.version,
        });
      }
    }
    if (batches.length > 0) await store.write(batches);
    const finished = performance.now();
    return {
      events,
      documents,
      buildSeconds: (copyStarted - started) / 1000,
      copySeconds: (finished - copyStarted) / 1000,
    };
  } finally {
    await staging.close();
  }
}
