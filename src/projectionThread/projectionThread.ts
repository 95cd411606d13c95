/**
 * The projection thread: runs the projection lease and the runner (reading the log, folding,
 * writing the read models) with stores of its own, so none of that work, nor a read-model commit
 * waiting for SQLite's lock, takes time from the event loop that answers webhooks. Reports its
 * status to the main thread; stops after its batch in flight when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  startLeasedProjections,
  type LeasedProjections,
} from '../../projections/lease/leasedProjections.js';
import { startProjectionsStagedFirst } from '../../projections/rebuild/stagedFirstCatchUp.js';
import type { ProjectionLogger } from '../../projections/runner/runProjections.js';
import { lowerThreadPriority } from '../observability/lowerThreadPriority.js';
import { nameThread } from '../observability/nameThread.js';
import { openStoresLazily } from '../openStoresLazily.js';
import { projectionOptionsFrom } from '../projectionOptions.js';
import { loadProjectionModules } from '../projectionModules.js';
import { PROJECTIONS_LEASE } from '../readModels/readModelNames.js';
import { openStagingReadModelStore } from '../readModels/sqlite/stagingReadModelStore.js';
import type {
  FromProjectionThread,
  ProjectionThreadData,
  ToProjectionThread,
} from './projectionThreadProtocol.js';

/** Nice levels below the event loop's: CPU time ingest wants goes to ingest first. */
const PROJECTION_THREAD_NICE = 10;

if (!parentPort) throw new Error('projectionThread.ts runs as a worker thread only');
const port = parentPort;
nameThread('projections');
// Projecting can fall behind for a moment and catch up; answering a gateway cannot wait.
lowerThreadPriority(PROJECTION_THREAD_NICE);
const data = workerData as ProjectionThreadData;
const post = (message: FromProjectionThread) => {
  port.postMessage(message);
};
const logAt =
  (level: 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
    post({ kind: 'log', level, message, fields });
  };
const logger: ProjectionLogger = {
  info: logAt('info'),
  warn: logAt('warn'),
  error: logAt('error'),
};

const options = projectionOptionsFrom(data.config);
let projections: LeasedProjections | undefined;

const report = () => {
  if (projections)
    post({ kind: 'status', status: projections.status(), lease: projections.lease() });
};
const reporter = setInterval(report, data.reportEveryMs);

// The main thread has logged which stores the configuration chose; this thread opens the same.
// A failure here (or a module that loaded on the main thread moments ago failing to load now)
// ends the thread, and the main thread reports it and starts another.
const started = Promise.all([
  openStoresLazily(data.config, { readLogEveryMs: data.readLogEveryMs }),
  loadProjectionModules(data.config.projectionsExtra),
]).then(([stores, extra]) => {
  const definitions = [...options.definitions, ...extra];
  const running = startLeasedProjections({
    leases: stores.readModels,
    name: PROJECTIONS_LEASE,
    instance: data.instance,
    definitions,
    settings: options.lease,
    logger,
    start: (fence) =>
      startProjectionsStagedFirst({
        eventStore: stores.eventStore,
        store: stores.readModels,
        definitions,
        settings: options.settings,
        logger,
        fence,
        openStaging: () => openStagingReadModelStore(),
      }),
  });
  projections = running;
  report();
  void running.whenCaughtUp().then(() => {
    report();
    post({ kind: 'caughtUp' });
  });
  return stores;
});

// The one message the main thread sends.
port.once('message', (_stop: ToProjectionThread) => {
  void stop();
});

async function stop(): Promise<void> {
  clearInterval(reporter);
  const stores = await started.catch(() => undefined);
  await projections?.stop();
  report();
  await stores?.close();
  post({ kind: 'stopped' });
  port.close();
}
