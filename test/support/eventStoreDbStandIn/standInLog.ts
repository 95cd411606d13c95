import { compareTfPos, eventPos, type TfPos } from './tfPos.js';

/** One event as the stand-in stores it. */
export interface StoredEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  /** Where its record starts in the log; the event's `$all` position is (position, position). */
  readonly position: bigint;
  /** Where its record ends: the next record starts here. */
  readonly postPosition: bigint;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns since the Unix epoch), the unit the server sends in `created`. */
  readonly created: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendOutcome =
  | {
      readonly kind: 'written' | 'idempotent';
      /** Revision of the stream's last event afterwards, -1 for a stream still without events. */
      readonly revision: bigint;
      /** Log position of the last record written (or matched). */
      readonly position: bigint;
    }
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint | undefined };

type IdCheck = 'match' | 'first_differs' | 'corrupted';

// Bounded like the server's `_committedEvents` cache, and lost on restart like it.
const COMMITTED_CACHE_LIMIT = 50_000;
// A prepare record's fixed part (header, ids, flags, timestamps), so positions grow by roughly
// the record size, as on disk, and are never consecutive integers.
const RECORD_OVERHEAD = 96n;

/**
 * The in-memory log of the stand-in, applying EventStoreDB's append rules (kurrent-io/KurrentDB
 * `IndexWriter.CheckCommit`): exact and `no_stream` retries are recognized from the stream itself,
 * `any`/`stream_exists` retries only through a bounded cache of recently committed event ids.
 * Every append writes prepare records flagged IsCommitted, one per event, so each event's position
 * is (L, L) with L the start of its record (`StorageWriterService.WritePrepares`); an append
 * without events writes one empty prepare that `$all` never shows.
 */
export class StandInLog {
  /** Every event in `$all` order (empty prepares are not events and are not kept). */
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly committed = new Map<string, StoredEvent>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private writerCheckpoint = 0n;

  constructor(private readonly afterWrite: (log: StandInLog, event: StoredEvent) => void) {}

  stream(streamName: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamName);
  }

  /** Where the next record will be written (the server's writer checkpoint). */
  get endOfLog(): bigint {
    return this.writerCheckpoint;
  }

  /** Log position of the last event, -1 before the first (the index's `LastIndexedPosition`). */
  get lastIndexedPosition(): bigint {
    return this.all.at(-1)?.position ?? -1n;
  }

  /** Index in `all` of the first event whose position is at or after `from`. */
  firstAtOrAfter(from: TfPos): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const event = this.all[middle];
      if (event && compareTfPos(eventPos(event.position), from) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  onAppend(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What a restart loses: the committed-events cache. */
  forgetCache(): void {
    this.committed.clear();
  }

  append(streamName: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const existing = this.streams.get(streamName) ?? [];
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const ids = events.map((event) => event.id);
    const wrong = { kind: 'wrong_expected_version', current } as const;

    if (expected === 'any' || expected === 'stream_exists') {
      if (expected === 'stream_exists' && current === undefined) return wrong;
      const cached = ids[0] === undefined ? undefined : this.committed.get(ids[0]);
      if (cached?.streamName === streamName) {
        const check = checkIds(existing, Number(cached.revision), ids);
        if (check === 'match') return idempotent(existing, Number(cached.revision), ids);
        if (check === 'corrupted') return wrong;
      }
      return this.write(streamName, events);
    }
    if (expected === 'no_stream') {
      if (current === undefined) return this.write(streamName, events);
      return checkIds(existing, 0, ids) === 'match' ? idempotent(existing, 0, ids) : wrong;
    }
    if (expected === current) return this.write(streamName, events);
    if (current !== undefined && expected < current) {
      const from = Number(expected) + 1;
      return checkIds(existing, from, ids) === 'match' ? idempotent(existing, from, ids) : wrong;
    }
    return wrong;
  }

  /** Writes events no client sent: the node's own system events and projection links. */
  writeSystemEvents(streamName: string, events: readonly ProposedEvent[]): void {
    this.write(streamName, events);
  }

  private write(streamName: string, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    if (events.length === 0) {
      const position = this.writerCheckpoint;
      this.writerCheckpoint += RECORD_OVERHEAD + BigInt(streamName.length);
      return { kind: 'written', revision: BigInt(stream.length - 1), position };
    }
    this.streams.set(streamName, stream);
    const created = BigInt(Date.now()) * 10_000n;
    const written = events.map((event) => {
      const position = this.writerCheckpoint;
      this.writerCheckpoint +=
        RECORD_OVERHEAD +
        BigInt(streamName.length + event.type.length + event.data.length + event.metadata.length);
      const stored: StoredEvent = {
        ...event,
        streamName,
        revision: BigInt(stream.length),
        position,
        postPosition: this.writerCheckpoint,
        created,
      };
      stream.push(stored);
      this.all.push(stored);
      this.remember(stored);
      return stored;
    });
    for (const event of written) for (const listener of [...this.listeners]) listener(event);
    for (const event of written) this.afterWrite(this, event);
    const last = written[written.length - 1] as StoredEvent;
    return { kind: 'written', revision: last.revision, position: last.position };
  }

  private remember(event: StoredEvent): void {
    this.committed.set(event.id, event);
    if (this.committed.size > COMMITTED_CACHE_LIMIT) {
      const oldest = this.committed.keys().next();
      if (!oldest.done) this.committed.delete(oldest.value);
    }
  }
}

function idempotent(existing: readonly StoredEvent[], from: number, ids: readonly string[]) {
  const last = existing[from + ids.length - 1];
  if (!last) throw new Error('an idempotent match always ends inside the stream');
  return { kind: 'idempotent', revision: last.revision, position: last.position } as const;
}

function checkIds(existing: readonly StoredEvent[], from: number, ids: readonly string[]): IdCheck {
  // "No data in transaction": an empty retry behind the head is never idempotent.
  if (ids.length === 0) return 'first_differs';
  for (const [index, id] of ids.entries()) {
    if (existing[from + index]?.id !== id) return index === 0 ? 'first_differs' : 'corrupted';
  }
  return 'match';
}
