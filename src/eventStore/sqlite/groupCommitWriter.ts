import type { Worker } from 'node:worker_threads';
import type { AppendResult } from '../eventStore.js';
import { StoreUnavailableError, StreamRevisionConflictError } from '../eventStoreErrors.js';
import type { AppendRequest } from './appendToStream.js';
import type { CheckpointThreadData } from './checkpointThread.js';
import { startSqliteThread } from './startSqliteThread.js';
import type { WriterReply, WriterRequest, WriterThreadData } from './writerProtocol.js';

type QueuedAppend = Omit<AppendRequest, 'recordedAt'>;

interface Pending {
  readonly request: QueuedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  readonly file: string;
  /** Appends committed together in one transaction (one fsync). 1 disables group commit. */
  readonly maxBatchSize: number;
  readonly now: () => number;
  /** How often the checkpoint thread copies the WAL back into the database file. */
  readonly checkpointIntervalMs: number;
}

const CHECKPOINT_THREAD_AFTER_EVENTS = 1000;

/**
 * Group commit on a writer thread: appends are queued here and sent as one batch to the thread,
 * which commits it in one transaction (one fsync) while this thread goes on serving requests;
 * whatever queued meanwhile is the next batch, so batches grow exactly as fast as the disk is
 * slow. An append resolves only after its batch is committed. A thread that dies fails its
 * batch with `StoreUnavailableError`, and the next append starts a new one.
 */
export function createGroupCommitWriter(options: GroupCommitOptions) {
  const queue: Pending[] = [];
  let inFlight = false;
  let scheduled = false;
  let thread: Worker | undefined;
  let checkpointer: Worker | undefined;
  let closing = false;
  let nextId = 0;
  let committedEvents = 0;
  const waiting = new Map<number, (reply: WriterReply) => void>();
  const afterCommitListeners: (() => void)[] = [];
  const idleListeners: (() => void)[] = [];

  function writerThread(): Worker {
    if (thread) return thread;
    const worker = startSqliteThread('writerThread', {
      file: options.file,
    } satisfies WriterThreadData);
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      const settle = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (waiting.size === 0) worker.unref();
      settle?.(reply);
    });
    const fail = (message: string) => {
      if (thread !== worker) return;
      thread = undefined;
      const settles = [...waiting.entries()];
      waiting.clear();
      for (const [id, settle] of settles) settle({ kind: 'failed', id, error: { message } });
    };
    worker.on('error', (error) => {
      fail(error.message);
    });
    worker.on('exit', (code) => {
      if (!closing) fail(`the writer thread exited with code ${code}`);
    });
    thread = worker;
    return worker;
  }

  function startCheckpointer(): Worker {
    const worker = startSqliteThread('checkpointThread', {
      file: options.file,
      intervalMs: options.checkpointIntervalMs,
    } satisfies CheckpointThreadData);
    worker.unref();
    worker.on('error', () => {
      // The writer's backstop checkpoint still bounds the WAL; a new thread starts with the next writer.
      if (checkpointer === worker) checkpointer = undefined;
    });
    return worker;
  }

  function send(message: (id: number) => WriterRequest): Promise<WriterReply> {
    const worker = writerThread();
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      // Keeps the process alive while a write is outstanding, and only then.
      worker.ref();
      worker.postMessage(message(id));
    });
  }

  function flush(): void {
    scheduled = false;
    if (inFlight) return;
    if (queue.length === 0) {
      for (const listener of idleListeners.splice(0)) listener();
      return;
    }
    const batch = queue.splice(0, options.maxBatchSize);
    const recordedAt = options.now();
    inFlight = true;
    void send((id) => ({
      kind: 'commit',
      id,
      batch: batch.map((pending) => ({ ...pending.request, recordedAt })),
    })).then((reply) => {
      inFlight = false;
      settle(batch, reply);
      flush();
    });
  }

  function settle(batch: readonly Pending[], reply: WriterReply): void {
    if (reply.kind === 'done' && reply.outcomes) {
      const { outcomes } = reply;
      batch.forEach((pending, index) => {
        const outcome = outcomes[index];
        if (outcome?.ok) pending.resolve(outcome.result);
        else if (outcome) {
          const { streamName, expectedRevision, actualRevision } = outcome.conflict;
          pending.reject(
            new StreamRevisionConflictError(streamName, expectedRevision, actualRevision),
          );
        } else pending.reject(new StoreUnavailableError());
      });
      committedEvents += batch.length;
      // A store that has written little needs no checkpoint thread (the writer's backstop
      // suffices), and tests that open many small stores do not pay for starting one.
      if (committedEvents >= CHECKPOINT_THREAD_AFTER_EVENTS && !closing) {
        checkpointer ??= startCheckpointer();
      }
      for (const listener of afterCommitListeners) listener();
      return;
    }
    const cause =
      reply.kind === 'failed'
        ? Object.assign(new Error(reply.error.message), { code: reply.error.code })
        : undefined;
    const unavailable = new StoreUnavailableError(undefined, { cause });
    for (const pending of batch) pending.reject(unavailable);
  }

  return {
    append(request: QueuedAppend): Promise<AppendResult> {
      return new Promise((resolve, reject) => {
        queue.push({ request, resolve, reject });
        // Appends made in the same turn of the event loop go in the same batch.
        if (!scheduled && !inFlight) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    onCommit(listener: () => void): void {
      afterCommitListeners.push(listener);
    },
    /** Runs a pragma on the writing connection, after the writes already queued. */
    async pragma(pragma: string): Promise<unknown> {
      const reply = await send((id) => ({ kind: 'pragma', id, pragma }));
      if (reply.kind === 'failed') throw new StoreUnavailableError(reply.error.message);
      return reply.kind === 'pragma' ? reply.value : undefined;
    },
    /** Commits everything already appended, then stops the thread. */
    async close(): Promise<void> {
      if (inFlight || queue.length > 0) {
        await new Promise<void>((resolve) => idleListeners.push(resolve));
      }
      const worker = thread;
      if (checkpointer) {
        const stopping = checkpointer;
        checkpointer = undefined;
        const exited = new Promise((resolve) => stopping.once('exit', resolve));
        stopping.ref();
        stopping.postMessage('close');
        await exited;
      }
      if (!worker) return;
      closing = true;
      const exited = new Promise<void>((resolve) => {
        worker.once('exit', () => {
          resolve();
        });
      });
      await send((id) => ({ kind: 'close', id }));
      thread = undefined;
      // Unreferenced, the thread would let the process end before it has closed the database.
      worker.ref();
      await exited;
    },
  };
}
