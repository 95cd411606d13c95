import type { EventStore } from '../src/eventStore/eventStore.js';
import type { ReadModelStore } from '../src/readModels/readModelStore.js';
import { startProjections, type ProjectionLogger } from './runProjections.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint;
  readonly elapsedSeconds: number;
}

export interface RebuildResult {
  readonly version: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/**
 * Rebuilds every read model from the whole log into a fresh version, then makes it the active
 * one. The live projection keeps writing the old version meanwhile (readers keep answering from
 * it); after the swap it notices the new version and continues from the rebuild's checkpoint,
 * so nothing appended during the rebuild is lost.
 */
export async function rebuildReadModels(options: {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly logger?: ProjectionLogger;
  readonly maxBatchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}): Promise<RebuildResult> {
  const started = performance.now();
  const writer = await options.readModels.beginRebuild();
  let events = 0;
  const runner = startProjections({
    eventStore: options.eventStore,
    readModels: options.readModels,
    target: writer,
    maxBatchSize: options.maxBatchSize ?? 1000,
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
  await options.readModels.activate(writer.version);
  const seconds = (performance.now() - started) / 1000;
  return {
    version: writer.version,
    events,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
  };
}
