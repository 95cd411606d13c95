/** One event as the stand-in stores it; positions are byte-like offsets, as on a real server. */
export interface StoredEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  /** Commit and prepare positions are equal, as for every gRPC append on a real server. */
  readonly position: bigint;
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
  | { readonly kind: 'written' | 'idempotent'; readonly last: StoredEvent }
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint | undefined };

type IdCheck = 'match' | 'first_differs' | 'corrupted';

// Bounded like the server's `_committedEvents` cache, and lost on restart like it.
const COMMITTED_CACHE_LIMIT = 50_000;

/**
 * The in-memory log of the stand-in, applying EventStoreDB's append rules (kurrent-io/KurrentDB
 * `IndexWriter.CheckCommit`): exact and `no_stream` retries are recognized from the stream itself,
 * `any`/`stream_exists` retries only through a bounded cache of recently committed event ids.
 */
export class StandInLog {
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly committed = new Map<string, StoredEvent>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private nextPosition = 0n;

  constructor() {
    // A real $all never starts empty: system events come first and must be filtered out.
    this.write('$scavenges', [
      {
        id: '00000000-0000-4000-8000-000000000001',
        type: '$scavengeIndexInitialized',
        contentType: 'application/json',
        data: Buffer.from('{}'),
        metadata: new Uint8Array(),
      },
    ]);
  }

  stream(streamName: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamName);
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
        if (check === 'match') return this.idempotent(existing, Number(cached.revision), ids);
        if (check === 'corrupted') return wrong;
      }
      return { kind: 'written', last: this.write(streamName, events) };
    }
    if (expected === 'no_stream') {
      if (current === undefined) return { kind: 'written', last: this.write(streamName, events) };
      return checkIds(existing, 0, ids) === 'match' ? this.idempotent(existing, 0, ids) : wrong;
    }
    if (expected === current) return { kind: 'written', last: this.write(streamName, events) };
    if (current !== undefined && expected < current) {
      const from = Number(expected) + 1;
      return checkIds(existing, from, ids) === 'match'
        ? this.idempotent(existing, from, ids)
        : wrong;
    }
    return wrong;
  }

  private idempotent(existing: readonly StoredEvent[], from: number, ids: readonly string[]) {
    const last = existing[from + ids.length - 1];
    if (!last) throw new Error('an idempotent match always ends inside the stream');
    return { kind: 'idempotent', last } as const;
  }

  private write(streamName: string, events: readonly ProposedEvent[]): StoredEvent {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    const created = BigInt(Date.now()) * 10_000n;
    const written = events.map((event) => {
      const stored: StoredEvent = {
        ...event,
        streamName,
        revision: BigInt(stream.length),
        position: this.nextPosition,
        created,
      };
      // Positions grow by roughly the record size, so they are never consecutive integers.
      this.nextPosition += BigInt(
        96 + streamName.length + event.data.length + event.metadata.length,
      );
      stream.push(stored);
      this.all.push(stored);
      this.remember(stored);
      return stored;
    });
    for (const event of written) for (const listener of [...this.listeners]) listener(event);
    const last = written.at(-1);
    if (!last) throw new Error('an append carries at least one event');
    return last;
  }

  private remember(event: StoredEvent): void {
    this.committed.set(event.id, event);
    if (this.committed.size > COMMITTED_CACHE_LIMIT) {
      const oldest = this.committed.keys().next();
      if (!oldest.done) this.committed.delete(oldest.value);
    }
  }
}

function checkIds(existing: readonly StoredEvent[], from: number, ids: readonly string[]): IdCheck {
  for (const [index, id] of ids.entries()) {
    if (existing[from + index]?.id !== id) return index === 0 ? 'first_differs' : 'corrupted';
  }
  return 'match';
}
