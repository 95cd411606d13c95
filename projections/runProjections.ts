import type {
  EventStore,
  GlobalPosition,
  RecordedEvent,
  SubscriptionMessage,
} from '../src/eventStore/eventStore.js';
import { PAYMENT_STREAM_PREFIX } from '../src/domain/paymentStream.js';
import type { ReadModelStore, ReadModelWriter } from '../src/readModels/readModelStore.js';
import { planBatch } from './planBatch.js';
import { createStatusTracker, type ProjectionStatus } from './projectionStatus.js';

export interface ProjectionLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ProjectionOptions {
  readonly eventStore: EventStore;
  readModels: ReadModelStore;
  readonly logger?: ProjectionLogger;
  /** Checkpoint name of the projection set. */
  readonly name?: string;
  readonly maxBatchSize?: number;
  readonly maxBatchDelayMs?: number;
  /** `active` (default) follows the active version, switching after a rebuild's swap. */
  readonly target?: 'active' | ReadModelWriter;
  readonly versionCheckIntervalMs?: number;
  readonly onBatch?: (batch: { readonly events: number; readonly position: bigint }) => void;
}

export interface ProjectionRunner {
  status(): ProjectionStatus;
  /** Resolves once everything in the log at start-up has been applied. */
  whenCaughtUp(): Promise<void>;
  /** Stops after the batch in flight is written. */
  stop(): Promise<void>;
}

/** The lag gauge counts at most this many events behind (reading more would slow catch-up). */
export const LAG_PROBE_LIMIT = 1000;

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
 * Projects payment events from the log into the read models: catch-up from the checkpoint, then
 * live. Events are batched (up to `maxBatchSize` or `maxBatchDelayMs`), coalesced into one write
 * per document and applied together with the checkpoint. Errors (store down, a rebuild's swap)
 * restart the subscription from the checkpoint after a capped backoff; nothing is lost or
 * applied twice because every document ignores positions it has already seen.
 */
export function startProjections(options: ProjectionOptions): ProjectionRunner {
  const name = options.name ?? 'payledger';
  const logger = options.logger ?? silent;
  const maxBatchSize = options.maxBatchSize ?? 1000;
  const maxBatchDelayMs = options.maxBatchDelayMs ?? 50;
  const tracker = createStatusTracker(name);
  const state = { stopped: false };
  let interrupt: () => void = () => undefined;
  let caughtUpResolve: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (caughtUpResolve = resolve));

  /** Counts unapplied payment events, up to LAG_PROBE_LIMIT, for the lag gauge. */
  function probeLag(checkpoint: bigint): void {
    const snapshot = tracker.snapshot();
    if (snapshot.state === 'live' && snapshot.lagSeconds === 0) {
      tracker.lagEvents(0);
      return;
    }
    options.eventStore
      .readAll({
        after: { commit: checkpoint, prepare: checkpoint },
        maxCount: LAG_PROBE_LIMIT,
        streamPrefixes: [PAYMENT_STREAM_PREFIX],
      })
      .then(
        (events) => {
          tracker.lagEvents(events.length);
        },
        () => undefined,
      );
  }

  async function writerFor(): Promise<ReadModelWriter> {
    const target = options.target ?? 'active';
    if (target !== 'active') return target;
    return options.readModels.writer(await options.readModels.activeVersion());
  }

  async function runOnce(): Promise<void> {
    const writer = await writerFor();
    const after = await writer.readCheckpoint(name);
    tracker.starting(writer.version, after?.commit);
    if ((options.target ?? 'active') === 'active') {
      tracker.parkedKnown((await options.readModels.listParked()).length);
    }
    const subscription = options.eventStore.subscribeToAll({
      ...(after ? { after } : {}),
      streamPrefixes: [PAYMENT_STREAM_PREFIX],
    });
    const iterator = subscription[Symbol.asyncIterator]();
    // A fresh promise per wait: racing one long-lived promise would pile a reaction (holding
    // the settled message) onto it for every event, and leak the whole log.
    const run = { interruptRequested: false };
    let wakeRace: (() => void) | undefined;
    interrupt = () => {
      run.interruptRequested = true;
      wakeRace?.();
    };
    const followsActive = (options.target ?? 'active') === 'active';
    let lastSaved = after?.commit ?? 0n;
    const watch = setInterval(() => {
      if (followsActive) {
        options.readModels.activeVersion().then(
          (active) => {
            if (active !== writer.version) interrupt();
          },
          () => undefined,
        );
      }
      probeLag(lastSaved);
    }, options.versionCheckIntervalMs ?? 1000);
    let buffer: RecordedEvent[] = [];
    // One deadline per batch, not per event: timers cannot fire while a catch-up runs on
    // microtasks alone, so a timer per event would pile up (with its event) until the end.
    let batchDeadline: Promise<'timeout'> | undefined;
    let pending: Promise<IteratorResult<SubscriptionMessage>> | undefined;

    async function flush(position: GlobalPosition | undefined): Promise<void> {
      const events = buffer;
      buffer = [];
      batchDeadline = undefined;
      const end = events.at(-1)?.position.commit ?? 0n;
      const checkpoint = position && position.commit > end ? position.commit : end;
      if (events.length === 0 && checkpoint <= lastSaved) return;
      const keys = [
        ...new Set(events.map((event) => event.streamName.slice(PAYMENT_STREAM_PREFIX.length))),
      ];
      const [payments, parked] = await Promise.all([
        writer.loadPayments(keys),
        writer.loadParked(keys),
      ]);
      const plan = planBatch(events, payments, parked, new Date().toISOString());
      await writer.applyBatch(plan, {
        name,
        position: { commit: checkpoint, prepare: checkpoint },
      });
      lastSaved = checkpoint;
      tracker.applied(events.length, checkpoint, plan.newlyParked.length);
      for (const parkedPayment of plan.newlyParked) {
        logger.warn('payment parked: its events cannot be applied', {
          stream: parkedPayment.streamName,
          reason: parkedPayment.reason,
          position: String(parkedPayment.firstParkedPosition),
        });
      }
      options.onBatch?.({ events: events.length, position: checkpoint });
      // Reads and writes on SQLite are synchronous: let HTTP and timers run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }

    try {
      while (!state.stopped) {
        const next = pending ?? iterator.next();
        pending = undefined;
        if (run.interruptRequested) break;
        const interruption = new Promise<'interrupt'>((resolve) => {
          wakeRace = () => {
            resolve('interrupt');
          };
        });
        const result = await Promise.race([
          next,
          interruption,
          ...(batchDeadline ? [batchDeadline] : []),
        ]);
        wakeRace = undefined;
        if (result === 'interrupt') break;
        if (result === 'timeout') {
          pending = next;
          await flush(undefined);
          continue;
        }
        if (result.done) break;
        const message = result.value;
        if (message.kind === 'event') {
          if (buffer.length === 0) batchDeadline = sleep(maxBatchDelayMs);
          buffer.push(message.event);
          tracker.received(message.event.recordedAt.getTime());
          if (buffer.length >= maxBatchSize) await flush(undefined);
        } else if (message.kind === 'checkpoint') {
          await flush(message.position);
        } else {
          await flush(message.position);
          tracker.caughtUp();
          caughtUpResolve();
        }
      }
      if (buffer.length > 0) await flush(undefined);
    } finally {
      clearInterval(watch);
      await subscription.close();
    }
  }

  const loop = (async () => {
    let delayMs = 100;
    while (!state.stopped) {
      try {
        await runOnce();
        delayMs = 100;
      } catch (error) {
        tracker.failed(error);
        logger.error('projection failed; restarting from the checkpoint', {
          error: error instanceof Error ? error.message : String(error),
          retryInMs: delayMs,
        });
        await Promise.race([
          sleep(delayMs),
          new Promise(
            (resolve) =>
              (interrupt = () => {
                resolve(undefined);
              }),
          ),
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
      interrupt();
      await loop;
    },
  };
}
