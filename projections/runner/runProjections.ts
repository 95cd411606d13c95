import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type SubscriptionMessage,
} from '../../src/eventStore/eventStore.js';
import {
  StaleTargetError,
  WriteConflictError,
  type DocumentStore,
  type ProjectionTarget,
} from '../../src/readModels/documentStore.js';
import { LeaseLostError, type WriteFence } from '../../src/readModels/projectionLeases.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import { DocumentCache } from './documentCache.js';
import { lowestPosition } from './lowestPosition.js';
import { pollProjections } from './pollProjections.js';
import { probeLag } from './probeLag.js';
import { repeatEvery } from './repeatEvery.js';
import { projectBatch, type RunningProjection } from './projectBatch.js';
import { createStatusTracker, type RunnerStatus } from './projectionStatus.js';

export interface ProjectionLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The runner's tunables: plain data, so they can be built from configuration in one place. */
export interface RunnerSettings {
  /** Events per batch at most. */
  readonly maxBatchSize: number;
  /** A batch is written at the latest this long after its first event arrived. */
  readonly maxBatchDelayMs: number;
  /** How often checkpoints are re-read (a rebuild swapped in?) and the lag is probed. */
  readonly pollIntervalMs: number;
  /** Documents kept between batches, per projection that reads its documents. */
  readonly cachedDocuments: number;
  /** Positions kept between batches, per projection that only needs positions. */
  readonly cachedPositions: number;
}

export const DEFAULT_RUNNER_SETTINGS: RunnerSettings = {
  maxBatchSize: 1000,
  maxBatchDelayMs: 50,
  pollIntervalMs: 1000,
  cachedDocuments: 5_000,
  cachedPositions: 20_000,
};

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  readonly store: DocumentStore & ReadModelVersions;
  readonly definitions: readonly ProjectionDefinition[];
  /** Targets to write instead of the live ones (a rebuild's), one per definition, in order. */
  readonly targets?: readonly ProjectionTarget[];
  readonly settings?: Partial<RunnerSettings>;
  readonly logger?: ProjectionLogger;
  /**
   * The lease this runner writes under: every write carries it, and the runner stops for good
   * once the store refuses one (`LeaseLostError`).
   */
  readonly fence?: WriteFence;
  readonly onBatch?: (batch: {
    readonly events: number;
    readonly position: GlobalPosition;
  }) => void;
}

export interface ProjectionRunner {
  status(): RunnerStatus;
  /** Resolves once everything in the log at start-up has been applied. */
  whenCaughtUp(): Promise<void>;
  /** Stops after the batch in flight is written. */
  stop(): Promise<void>;
}

/** Restart at once: a rebuild was swapped in, a swap is asked for, or another writer intervened. */
class Restart extends Error {
  override readonly name = 'Restart';
}

const silent: ProjectionLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const sleep = (ms: number) =>
  new Promise<'timeout'>((resolve) =>
    setTimeout(() => {
      resolve('timeout');
    }, ms),
  );

/**
 * Keeps a list of projections up to date from the event log: one catch-up subscription from the
 * lowest checkpoint, then live. Events are batched (up to `maxBatchSize` or `maxBatchDelayMs`)
 * and each batch is projected for every definition and written in one `DocumentStore.write`
 * (see `projectBatch` for why a crash anywhere leaves nothing lost or doubled). Failures restart
 * from the checkpoints after a capped backoff. The live runner (no `targets`) also swaps in a
 * rebuild that asks for it, between two of its batches, then continues from its checkpoint.
 */
export function startProjections(options: ProjectionRunnerOptions): ProjectionRunner {
  const { eventStore, store, definitions } = options;
  const settings = { ...DEFAULT_RUNNER_SETTINGS, ...options.settings };
  const logger = options.logger ?? silent;
  const tracker = createStatusTracker(definitions);
  const state = { stopped: false };
  const isStopped = () => state.stopped;
  const streamPrefixes = [
    ...new Set(definitions.flatMap((definition) => definition.streamPrefixes)),
  ];
  let interrupt: (reason: Error) => void = () => undefined;
  let caughtUpResolve: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (caughtUpResolve = resolve));

  async function open(): Promise<RunningProjection[]> {
    for (;;) {
      const targets =
        options.targets ??
        (await Promise.all(definitions.map((definition) => store.liveTarget(definition.name))));
      await Promise.all(
        definitions.map((definition, index) => {
          const target = targets[index];
          if (!target) throw new RangeError(`no target for ${definition.name}`);
          return store.prepare(target, definition.indexes, definition.version, options.fence);
        }),
      );
      const checkpoints = await store.readCheckpoints(targets);
      const requested = options.targets
        ? []
        : [...checkpoints.values()].flatMap((checkpoint) => checkpoint.swapRequest ?? []);
      if (requested.length === 0) {
        const empty = await Promise.all(targets.map((target) => store.isEmpty(target)));
        return definitions.map((definition, index) => {
          const target = targets[index] as ProjectionTarget;
          const checkpoint = checkpoints.get(target.collection);
          if (checkpoint?.position && checkpoint.version !== definition.version) {
            logger.warn('projection built by another version; rebuild it to apply this one', {
              projection: definition.name,
              builtBy: checkpoint.version,
              version: definition.version,
            });
          }
          return {
            definition,
            target: { ...target, generation: checkpoint?.generation ?? target.generation },
            checkpoint: checkpoint?.position,
            cache: new DocumentCache(
              definition.needsDocument ? settings.cachedDocuments : settings.cachedPositions,
              empty[index] ?? false,
            ),
          };
        });
      }
      for (const rebuild of requested) {
        logger.info('swapping in a rebuilt projection', { collection: rebuild.collection });
        await store.swap(rebuild);
      }
    }
  }

  async function runOnce(): Promise<void> {
    const projections = await open();
    for (const projection of projections) {
      tracker.started(
        projection.definition.name,
        projection.target.generation,
        projection.checkpoint,
      );
    }
    const subscription = eventStore.subscribeToAll({
      ...(() => {
        const after = lowestPosition(projections.map((projection) => projection.checkpoint));
        return after ? { after } : {};
      })(),
      streamPrefixes,
    });
    const iterator = subscription[Symbol.asyncIterator]();
    // A fresh promise per wait: racing one long-lived promise would pile a reaction (holding
    // the settled message) onto it for every event, and leak the whole log.
    const run: { interruption: Error | undefined; wake: (() => void) | undefined } = {
      interruption: undefined,
      wake: undefined,
    };
    // Read through a function: the interruption is set from callbacks the compiler cannot see.
    const interrupted = () => run.interruption;
    interrupt = (reason) => {
      run.interruption ??= reason;
      run.wake?.();
    };
    const poll = pollProjections({
      store,
      projections,
      live: options.targets === undefined,
      intervalMs: settings.pollIntervalMs,
      onChange: (reason) => {
        interrupt(new Restart(reason));
      },
      onFailure: (error) => {
        interrupt(error instanceof Error ? error : new Error(String(error)));
      },
    });
    let buffer: RecordedEvent[] = [];
    // One deadline per batch, not per event: timers cannot fire while a catch-up runs on
    // synchronously resolved reads, and a timer per event would keep every event alive.
    let batchDeadline: Promise<'timeout'> | undefined;
    let pending: Promise<IteratorResult<SubscriptionMessage>> | undefined;

    async function flush(position: GlobalPosition | undefined): Promise<void> {
      const events = buffer;
      buffer = [];
      batchDeadline = undefined;
      let end = events.at(-1)?.position;
      if (position && (!end || comparePositions(position, end) > 0)) end = position;
      if (!end) return;
      const upTo = end;
      if (projections.every((p) => p.checkpoint && comparePositions(upTo, p.checkpoint) <= 0))
        return;
      const outcome = await projectBatch(
        { eventStore, store, fence: options.fence },
        projections,
        events,
        upTo,
      );
      for (const [name, count] of outcome.applied) tracker.applied(name, count, upTo);
      options.onBatch?.({ events: events.length, position: upTo });
      // Reads and writes on SQLite are synchronous: let HTTP and timers run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }

    try {
      while (!state.stopped && !run.interruption) {
        const next = pending ?? iterator.next();
        pending = undefined;
        const interruption = new Promise<'interrupt'>((resolve) => {
          run.wake = () => {
            resolve('interrupt');
          };
        });
        if (interrupted()) break;
        const result = await Promise.race([
          next,
          interruption,
          ...(batchDeadline ? [batchDeadline] : []),
        ]);
        run.wake = undefined;
        if (result === 'interrupt') break;
        if (result === 'timeout') {
          pending = next;
          await flush(undefined);
          continue;
        }
        if (result.done) break;
        const message = result.value;
        if (message.kind === 'event') {
          if (buffer.length === 0) batchDeadline = sleep(settings.maxBatchDelayMs);
          buffer.push(message.event);
          if (buffer.length >= settings.maxBatchSize) await flush(undefined);
        } else if (message.kind === 'checkpoint') {
          await flush(message.position);
        } else {
          await flush(message.position);
          tracker.caughtUp();
          caughtUpResolve();
        }
      }
      if (buffer.length > 0 && !run.interruption) await flush(undefined);
    } finally {
      await poll.stop();
      await subscription.close();
    }
    const reason = interrupted();
    if (reason) throw reason;
  }

  // The lag is probed whatever state the runner is in, from the checkpoints it last saved.
  const lagProbe = repeatEvery(settings.pollIntervalMs, () =>
    probeLag(
      eventStore,
      tracker.snapshot().projections.map((projection) => ({
        name: projection.name,
        streamPrefixes:
          definitions.find((definition) => definition.name === projection.name)?.streamPrefixes ??
          [],
        checkpoint: projection.position,
      })),
      (name, events, oldest) => {
        tracker.lag(name, events, oldest);
      },
    ),
  );

  const loop = (async () => {
    let delayMs = 100;
    while (!state.stopped) {
      try {
        await runOnce();
        delayMs = 100;
      } catch (error) {
        if (isStopped()) break;
        if (error instanceof LeaseLostError) {
          logger.warn('projections stopped: the lease is held by another instance', {
            reason: error.message,
          });
          break;
        }
        if (
          error instanceof Restart ||
          error instanceof StaleTargetError ||
          error instanceof WriteConflictError
        ) {
          logger.info('projections restarting from their checkpoints', { reason: error.message });
          tracker.restarting();
          continue;
        }
        tracker.failed(error);
        logger.error('projections failed; restarting from their checkpoints', {
          error: error instanceof Error ? error.message : String(error),
          retryInMs: delayMs,
        });
        await Promise.race([
          sleep(delayMs),
          new Promise((resolve) => {
            interrupt = () => {
              resolve(undefined);
            };
          }),
        ]);
        delayMs = Math.min(delayMs * 2, 30_000);
      }
    }
    tracker.stopped();
  })();

  return {
    status: () => tracker.snapshot(),
    whenCaughtUp: () => caughtUp,
    async stop() {
      state.stopped = true;
      interrupt(new Restart('stopping'));
      await loop;
      await lagProbe.stop();
    },
  };
}
