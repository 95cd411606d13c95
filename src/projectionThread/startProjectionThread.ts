import type { Worker } from 'node:worker_threads';
import type { LeasedProjections, LeaseStatus } from '../../projections/lease/leasedProjections.js';
import {
  createStatusTracker,
  type RunnerStatus,
} from '../../projections/runner/projectionStatus.js';
import type { Logger } from '../observability/logger.js';
import { startThreadModule } from '../threads/startThreadModule.js';
import type {
  FromProjectionThread,
  ProjectionThreadData,
  ToProjectionThread,
} from './projectionThreadProtocol.js';

export interface ProjectionThreadOptions extends ProjectionThreadData {
  readonly leaseName: string;
  /** The projections the thread runs, for the status shown before its first report. */
  readonly definitions: readonly { readonly name: string; readonly version: number }[];
  readonly logger: Logger;
  /** The first restart of a thread that died waits this long; each next one twice as long. */
  readonly restartDelayMs?: number;
  /** The longest wait between two restarts. */
  readonly maxRestartDelayMs?: number;
  /** How long `stop` waits for the thread to finish its batch and close its stores. */
  readonly stopTimeoutMs?: number;
}

/**
 * The projections (lease, runner, read-model writes) in a worker thread of their own, seen from
 * the main thread through the interface the service uses: the status and the lease as the thread
 * last reported them, `whenCaughtUp`, and `stop`. A thread that dies is logged, reported as
 * failing (`retrying`, its error as `lastError`) until a new one is live or standing by, and
 * started again after a backoff; it never takes the service down.
 */
export function startProjectionThread(options: ProjectionThreadOptions): LeasedProjections {
  const { logger } = options;
  const initialDelayMs = options.restartDelayMs ?? 250;
  const maxDelayMs = options.maxRestartDelayMs ?? 10_000;
  const starting = createStatusTracker(options.definitions);
  let status: RunnerStatus = starting.snapshot();
  let lease: LeaseStatus = {
    name: options.leaseName,
    instance: options.instance,
    held: false,
    holder: null,
    token: null,
    expiresAt: null,
  };
  /** Why the last thread died, shown until its successor is live or standing by. */
  let failure: { message: string; at: string } | undefined;
  let delayMs = initialDelayMs;
  let thread: Worker | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let caughtUpResolve: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (caughtUpResolve = resolve));
  let exited: Promise<void> = Promise.resolve();

  const data: ProjectionThreadData = {
    config: options.config,
    instance: options.instance,
    reportEveryMs: options.reportEveryMs,
    readLogEveryMs: options.readLogEveryMs,
  };

  function start(): void {
    const worker = startThreadModule(import.meta.url, 'projectionThread', data, {
      // A second V8 isolate adds its own young generation to the service's resident memory.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
      dynamicImports: true,
    });
    thread = worker;
    let error: Error | undefined;
    worker.on('message', (message: FromProjectionThread) => {
      switch (message.kind) {
        case 'status':
          status = message.status;
          lease = message.lease;
          if (failure && (status.state === 'live' || status.state === 'standby')) {
            failure = undefined;
            delayMs = initialDelayMs;
          }
          return;
        case 'caughtUp':
          caughtUpResolve();
          return;
        case 'log':
          logger[message.level](message.message, message.fields);
          return;
        case 'stopped':
          // Its stores are closed: nothing is left for the thread to do, even if a driver's timer
          // would keep it alive.
          void worker.terminate();
          return;
      }
    });
    worker.on('error', (thrown) => {
      error = thrown;
    });
    exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        thread = undefined;
        resolve();
        if (stopping) return;
        died(error ? error.message : `the projection thread exited with code ${code}`);
      });
    });
  }

  function died(message: string): void {
    failure = { message, at: new Date().toISOString() };
    lease = { ...lease, held: false };
    logger.error('projection thread died; starting another', {
      error: message,
      retryInMs: delayMs,
    });
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (!stopping) start();
    }, delayMs);
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }

  start();

  return {
    status(): RunnerStatus {
      if (!failure) return status;
      return {
        ...status,
        state: stopping ? 'stopped' : 'retrying',
        caughtUp: false,
        lastError: failure.message,
        lastErrorAt: failure.at,
      };
    },
    lease: () => lease,
    whenCaughtUp: () => caughtUp,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = thread;
      if (running) {
        running.postMessage({ kind: 'stop' } satisfies ToProjectionThread);
        const timer = setTimeout(() => {
          logger.warn('projection thread did not stop in time; terminating it', {
            waitedMs: options.stopTimeoutMs ?? 30_000,
          });
          void running.terminate();
        }, options.stopTimeoutMs ?? 30_000);
        await exited;
        clearTimeout(timer);
      }
      status = { ...status, state: 'stopped' };
      lease = { ...lease, held: false };
    },
  };
}
