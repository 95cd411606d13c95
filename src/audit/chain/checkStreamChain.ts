import { contentHash, genesisHash, linkHash, type ChainableEvent } from './chainHash.js';
import { hasChainEntry, readChainValues } from './chainValues.js';
import { describeRevisions } from './describeRevisions.js';

/** `truncated` is only for an export file that ends before its trailer. */
export type ChainProblemKind = 'altered' | 'missing' | 'reordered' | 'inserted' | 'truncated';

export interface ChainProblem {
  readonly stream: string;
  /** The stored revision where the problem shows (for `missing`: the first missing revision). */
  readonly revision: bigint;
  readonly kind: ChainProblemKind;
  readonly detail: string;
  /** The id of the event stored at that revision, when there is one. */
  readonly eventId?: string;
  /** For a problem with an export file itself (`stream` is then the file): its line. */
  readonly line?: number;
}

export interface StoredChainEvent extends ChainableEvent {
  readonly revision: bigint;
  /** Where the event is in the global log (for `chainedSince`); unknown in some callers. */
  readonly position?: { readonly commit: bigint };
}

export interface StreamChainReport {
  readonly stream: string;
  readonly events: number;
  readonly problems: readonly ChainProblem[];
  /**
   * Events at the start of the stream written before chaining existed (not a problem): those
   * without chain values before the first with them, and (with `chainedSince`) not recorded
   * after chaining had begun.
   */
  readonly unchainedPrefix: number;
  /** The stream's last event and its chain value (computed for an unchained one): a digest leaf. */
  readonly head: { readonly revision: bigint; readonly hash: string } | undefined;
}

interface Entry {
  readonly index: number;
  readonly revision: bigint;
  readonly prev: string;
  readonly hash: string;
  /** Content and chain values agree. */
  readonly consistent: boolean;
}

/**
 * Checks one stream's hash chain from its events in stored order, and says what is wrong where.
 * Pure: the CLI, the console (issue 15) and an offline export check all use it.
 *
 * Each event's content is checked against its own chain values (`altered`), then the chain is
 * rebuilt by following `prev` links from the genesis value: an event nothing links to and that
 * links to nothing known starts after a `missing` one; events the chain reaches in another order
 * than stored are `reordered`; events the chain never reaches are `inserted`.
 */
export function checkStreamChain(
  stream: string,
  events: readonly StoredChainEvent[],
  options: {
    /** The events may begin after revision 0 (a filtered export): the first link is taken as is. */
    readonly partial?: boolean;
    /**
     * A log position by which chaining had certainly begun (see `readChainingStart`): an event
     * recorded after it without chain values is reported, even when the whole stream has none.
     */
    readonly chainedSince?: bigint | undefined;
  } = {},
): StreamChainReport {
  const problems: ChainProblem[] = [];
  const report = (revision: bigint, kind: ChainProblemKind, detail: string) => {
    problems.push({ stream, revision, kind, detail });
  };

  const { chainedSince } = options;
  const afterChainingBegan = (event: StoredChainEvent) =>
    chainedSince !== undefined &&
    event.position !== undefined &&
    event.position.commit > chainedSince;
  const prefix = events.findIndex(
    (event) => hasChainEntry(event.metadata) || afterChainingBegan(event),
  );
  const first = events[0];
  const joinsMidway = options.partial === true && first !== undefined && first.revision > 0n;
  const unchainedPrefix = prefix === -1 ? events.length : prefix;
  const firstRevision = joinsMidway ? first.revision : 0n;
  let start = genesisHash(stream);
  if (joinsMidway) {
    // The chain before the first exported event is not in hand: the first chained event's link
    // is taken as is, and unchained events before it cannot be checked.
    start = readChainValues(events[unchainedPrefix]?.metadata ?? {})?.prev ?? start;
  } else {
    for (const event of events.slice(0, unchainedPrefix))
      start = linkHash(start, contentHash(event));
  }

  const entries: Entry[] = [];
  let previousHash = start;
  let seenChained = false;
  events.forEach((event, index) => {
    if (index < unchainedPrefix) return;
    const recorded = readChainValues(event.metadata);
    seenChained ||= recorded !== undefined;
    const content = contentHash(event);
    if (!recorded) {
      const detail = hasChainEntry(event.metadata)
        ? 'its chain values are malformed'
        : seenChained
          ? 'it has no chain values although earlier events have (added to the store, or written by a payledger without chaining)'
          : `it has no chain values although it was recorded after chaining had begun (position ${String(chainedSince)}): they were removed, or it was added by something that does not chain`;
      report(event.revision, hasChainEntry(event.metadata) ? 'altered' : 'inserted', detail);
      const hash = linkHash(previousHash, content);
      entries.push({ index, revision: event.revision, prev: previousHash, hash, consistent: true });
      previousHash = hash;
      return;
    }
    const consistent = linkHash(recorded.prev, content) === recorded.hash;
    if (!consistent)
      report(event.revision, 'altered', 'its content does not match its chain value');
    const { prev, hash } = recorded;
    entries.push({ index, revision: event.revision, prev, hash, consistent });
    previousHash = recorded.hash;
  });

  reportRevisionGaps(events, firstRevision, report);
  const chain = followLinks(entries, start);
  reportBrokenLinks(chain, events, unchainedPrefix, firstRevision, report);
  reportReordering(chain.order, report);
  for (const entry of entries) {
    if (!chain.visited.has(entry) && entry.consistent) {
      report(
        entry.revision,
        'inserted',
        'no chain of the stream leads to it: it was not appended here in this place',
      );
    }
  }

  problems.sort((a, b) => (a.revision === b.revision ? 0 : a.revision < b.revision ? -1 : 1));
  const lastEvent = events.at(-1);
  const lastEntry = entries.at(-1);
  const idAt = new Map(events.map((event) => [event.revision, event.id]));
  return {
    stream,
    events: events.length,
    problems: dedupe(problems).map((problem) => {
      const eventId = idAt.get(problem.revision);
      return eventId === undefined ? problem : { ...problem, eventId };
    }),
    unchainedPrefix,
    head: lastEvent
      ? { revision: lastEvent.revision, hash: lastEntry ? lastEntry.hash : start }
      : undefined,
  };
}

function followLinks(entries: readonly Entry[], start: string) {
  const byPrev = new Map<string, Entry[]>();
  for (const entry of entries) {
    const list = byPrev.get(entry.prev);
    if (list) list.push(entry);
    else byPrev.set(entry.prev, [entry]);
  }
  const known = new Set([start, ...entries.map((entry) => entry.hash)]);
  const visited = new Set<Entry>();
  const order: Entry[] = [];
  const segmentStarts: Entry[] = [];
  let current = start;
  for (;;) {
    const candidates = (byPrev.get(current) ?? []).filter((entry) => !visited.has(entry));
    let next = candidates.find((entry) => byPrev.has(entry.hash)) ?? candidates[0];
    if (!next) {
      next = entries.find(
        (entry) => !visited.has(entry) && entry.consistent && !known.has(entry.prev),
      );
      if (!next) break;
      segmentStarts.push(next);
    }
    visited.add(next);
    order.push(next);
    current = next.hash;
  }
  return { order, visited, segmentStarts };
}

type Report = (revision: bigint, kind: ChainProblemKind, detail: string) => void;

function reportRevisionGaps(
  events: readonly StoredChainEvent[],
  firstRevision: bigint,
  report: Report,
): void {
  let expected = firstRevision;
  for (const event of events) {
    if (event.revision > expected) {
      const range = describeRevisions(expected, event.revision - 1n);
      report(expected, 'missing', `${range} not in the stream`);
    }
    expected = event.revision + 1n;
  }
}

function reportBrokenLinks(
  chain: ReturnType<typeof followLinks>,
  events: readonly StoredChainEvent[],
  unchainedPrefix: number,
  firstRevision: bigint,
  report: Report,
): void {
  for (const entry of chain.segmentStarts) {
    const previous = events[entry.index - 1];
    const first = events[0];
    if (entry.index === unchainedPrefix && first && previous) {
      report(
        first.revision,
        'altered',
        `the events at ${describeRevisions(first.revision, previous.revision)} (written before chaining) changed after revision ${entry.revision} sealed them`,
      );
      continue;
    }
    // A revision gap right before it is reported already, as the missing revisions.
    if (entry.revision !== (previous ? previous.revision + 1n : firstRevision)) continue;
    report(
      entry.revision,
      'missing',
      previous
        ? `the event it was appended after is not in the stream: one was deleted here (and later revisions renumbered), or revision ${previous.revision} was rewritten and re-hashed`
        : 'it was not the first event of the stream: the events before it were deleted and the rest renumbered',
    );
  }
}

function reportReordering(order: readonly Entry[], report: Report): void {
  const sortedIndices = order.map((entry) => entry.index).sort((a, b) => a - b);
  order.forEach((entry, position) => {
    if (entry.index !== sortedIndices[position]) {
      const before = order[position - 1];
      report(
        entry.revision,
        'reordered',
        before
          ? `it was appended right after the event now at revision ${before.revision}`
          : 'it was appended as the first chained event of the stream',
      );
    }
  });
}

function dedupe(problems: readonly ChainProblem[]): ChainProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.revision}:${problem.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
