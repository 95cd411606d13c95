import type { DocumentStore } from '../../src/readModels/documentStore.js';
import type { ProjectionLeases } from '../../src/readModels/projectionLeases.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import { probeLag } from '../runner/probeLag.js';
import { createStatusTracker } from '../runner/projectionStatus.js';
import { repeatEvery } from '../runner/repeatEvery.js';
import {
  DEFAULT_RUNNER_SETTINGS,
  startProjections,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
} from '../runner/runProjections.js';
import { RebuildAlreadyRunningError } from './rebuildLocks.js';
import { rebuildProjections } from './rebuildProjections.js';
import type { StagingStore } from './stagedBuild.js';
import { abortableSleep } from '../abortableSleep.js';

export interface StagedFirstCatchUpOptions extends ProjectionRunnerOptions {
  readonly store: DocumentStore & ReadModelVersions & ProjectionLeases;
  readonly openStaging: () => Promise<StagingStore>;
  /** Logs shorter than this are caught up through the guarded writes as usual (default 5,000). */
  readonly minimumEvents?: number;
}

/** The projections nothing was ever applied to, whose live collections are empty. */
async function neverBuilt(
  store: DocumentStore & ReadModelVersions,
  definitions: readonly ProjectionDefinition[],
): Promise<ProjectionDefinition[]> {
  const targets = await Promise.all(definitions.map(({ name }) => store.liveTarget(name)));
  const checkpoints = await store.readCheckpoints(targets);
  const fresh: ProjectionDefinition[] = [];
  for (const [index, definition] of definitions.entries()) {
    const target = targets[index];
    if (!target || checkpoints.get(target.collection)?.position) continue;
    const exists = checkpoints.has(target.collection);
    if (!exists || (await store.isEmpty(target))) fresh.push(definition);
  }
  return fresh;
}

/**
 * The live runner, preceded on a store without atomic batches (MongoDB) by a staged build of
 * every projection that was never built, when the log is long enough to matter: such a
 * projection is rebuilt from a scratch SQLite file (`rebuildProjections` with `openStaging`) and
 * swapped in, and the runner then continues from its checkpoint with the usual guarded writes.
 * A first catch-up through guarded writes costs a scan per write on FerretDB 1.24, so it grows
 * with the square of the log; staged it grows with the log. A staged build cut short (a crash,
 * a stop) leaves the live collections as they were, and is started over.
 */
export function startProjectionsStagedFirst(options: StagedFirstCatchUpOptions): ProjectionRunner {
  const { store, eventStore, definitions } = options;
  if (store.atomicBatches || options.targets) return startProjections(options);
  const settings = { ...DEFAULT_RUNNER_SETTINGS, ...options.settings };
  const logger = options.logger;
  const staging = createStatusTracker(definitions);
  const stopping = new AbortController();
  // Read through a function: the signal is aborted from callbacks the compiler cannot see.
  const isStopped = () => stopping.signal.aborted;
  let runner: ProjectionRunner | undefined;
  let caughtUpResolve: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (caughtUpResolve = resolve));
  const lagProbe = repeatEvery(settings.pollIntervalMs, async () => {
    if (runner) return;
    await probeLag(
      eventStore,
      definitions.map(({ name, streamPrefixes }) => ({ name, streamPrefixes, checkpoint: null })),
      (name, events, oldest) => {
        staging.lag(name, events, oldest);
      },
    );
  });

  /** The scratch store could not be opened (temp dir missing, read-only or full). */
  class StagingUnavailable extends Error {
    override readonly name = 'StagingUnavailable';
  }
  const openStaging = () =>
    options.openStaging().catch((error: unknown) => {
      throw new StagingUnavailable(error instanceof Error ? error.message : String(error));
    });

  /** Stages what was never built; false once stopped. */
  async function stage(): Promise<boolean> {
    staging.restarting();
    let delayMs = 100;
    for (;;) {
      try {
        const fresh = await neverBuilt(store, definitions);
        const prefixes = [...new Set(fresh.flatMap((definition) => definition.streamPrefixes))];
        const minimum = options.minimumEvents ?? 5_000;
        const long =
          fresh.length > 0 &&
          (await eventStore.readAll({ maxCount: minimum, streamPrefixes: prefixes })).length >=
            minimum;
        if (long) {
          logger?.info('first catch-up staged in a scratch file, then copied in', {
            projections: fresh.map(({ name }) => name),
          });
          await rebuildProjections({
            eventStore,
            store,
            definitions: fresh,
            openStaging,
            handoverTimeoutMs: 0,
            signal: stopping.signal,
            ...(options.settings ? { settings: options.settings } : {}),
            ...(logger ? { logger } : {}),
          });
        }
        return true;
      } catch (error) {
        if (isStopped()) return false;
        if (error instanceof StagingUnavailable) {
          // Retrying would stall the projections for as long as the disk stays as it is.
          logger?.warn(
            'no scratch file for a staged first catch-up; catching up through guarded writes',
            {
              reason: error.message,
            },
          );
          return true;
        }
        if (error instanceof RebuildAlreadyRunningError) {
          logger?.info('a rebuild is running; catching up through guarded writes meanwhile', {
            reason: error.message,
          });
          return true;
        }
        staging.failed(error);
        logger?.error('staged first catch-up failed; trying again', {
          error: error instanceof Error ? error.message : String(error),
          retryInMs: delayMs,
        });
        await abortableSleep(delayMs, stopping.signal);
        if (isStopped()) return false;
        delayMs = Math.min(delayMs * 2, 30_000);
      }
    }
  }

  const running = stage().then((staged) => {
    if (!staged) return;
    runner = startProjections(options);
    void runner.whenCaughtUp().then(caughtUpResolve);
  });

  return {
    status: () => runner?.status() ?? staging.snapshot(),
    whenCaughtUp: () => caughtUp,
    async stop() {
      stopping.abort();
      await running.catch(() => undefined);
      await lagProbe.stop();
      await runner?.stop();
      staging.stopped();
    },
  };
}
