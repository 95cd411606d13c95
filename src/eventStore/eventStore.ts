import type { JsonObject, JsonValue } from '../domain/paymentEvent.js';

/**
 * Position in the global log (`$all`): a commit and a prepare position, ordered by commit, then
 * prepare (`comparePositions`). An event appended over gRPC sits at (L, L), but positions the
 * store hands out otherwise need not: EventStoreDB ends a catch-up with the checkpoint (P, 0)
 * when the event after it will be written at (P, P). Store and compare positions whole; rebuilt
 * from `commit` alone, (P, 0) becomes (P, P) and the event written there is skipped.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/**
 * EventStoreDB's expected-revision semantics:
 * - `any`: no check.
 * - `no_stream`: the stream must not exist yet.
 * - a revision: the last event of the stream must be at exactly this 0-based revision.
 */
export type ExpectedRevision = 'any' | 'no_stream' | bigint;

export interface EventToAppend {
  /** A UUID. Appending the same ids again at the same expected revision is idempotent. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
}

export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamName: string;
  /** 0-based position of the event in its stream. */
  readonly revision: bigint;
  readonly position: GlobalPosition;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event written: pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  readonly position: GlobalPosition;
}

export interface ReadAllOptions {
  /** Exclusive: the first event returned is the one after this position. Omitted: the start. */
  readonly after?: GlobalPosition;
  readonly maxCount: number;
  /** Only streams whose name starts with one of these prefixes. System streams never appear. */
  readonly streamPrefixes?: readonly string[];
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /**
   * Everything up to `position` (the last event or checkpoint passed on) has been delivered; later
   * messages are live. Sent once, after the checkpoint that ends the catch-up.
   */
  | { readonly kind: 'caughtUp'; readonly position: GlobalPosition | undefined }
  /** Events up to here were scanned (and possibly filtered out): safe to resume after, whole. */
  | { readonly kind: 'checkpoint'; readonly position: GlobalPosition };

export interface SubscribeToAllOptions {
  readonly after?: GlobalPosition;
  readonly streamPrefixes?: readonly string[];
}

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration; pending reads are abandoned. */
  close(): Promise<void>;
}

/**
 * The event log: append-only streams, each an ordered list of immutable events, and the global
 * log of all of them in commit order.
 *
 * Promises every adapter keeps (and the contract suite checks):
 * - An append is durable when its promise resolves, and atomic: all events or none.
 * - A wrong expected revision rejects with `StreamRevisionConflictError`, except that
 *   re-appending the very same event ids at the revision they were first written after is an
 *   idempotent success that stores nothing new (EventStoreDB's rule).
 * - An append larger than the store takes in one go rejects with `AppendTooLargeError` and stores
 *   nothing (EventStoreDB counts data + metadata + type against its `MaxAppendSize`).
 * - An unreachable or unwritable store rejects with `StoreUnavailableError`.
 * - Reading a stream that does not exist gives an empty list.
 * - The global log is ordered by `position`, identically for every reader, and "after" a
 *   position means after it in `comparePositions` order.
 */
export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Events of one stream from `fromRevision` (default 0), in order. */
  readStream(
    streamName: string,
    options?: { readonly fromRevision?: bigint; readonly maxCount?: number },
  ): Promise<RecordedEvent[]>;

  /** One page of the global log. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * A catch-up subscription: every event after `after`, then a single `caughtUp`, then live
   * events as they are appended (also by other processes sharing the store).
   */
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;

  /** Cheap reachability check for `/readyz`. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
