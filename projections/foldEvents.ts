import {
  comparePositions,
  type GlobalPosition,
  type RecordedEvent,
} from '../src/eventStore/eventStore.js';
import type { DocumentBody } from '../src/readModels/documentStore.js';
import type { ProjectionDefinition } from './projectionDefinition.js';

/** A document as a fold holds it: its body (undefined: none, or deleted) and its last event. */
export interface FoldedDocument {
  readonly position: GlobalPosition;
  readonly body: DocumentBody | undefined;
}

/** The event's stream up to and including the event. */
export type HistoryOf = (event: RecordedEvent) => readonly RecordedEvent[];

const matches = (definition: ProjectionDefinition, event: RecordedEvent) =>
  definition.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix));

/** The events (of a log-ordered list) this definition reads. */
export function eventsFor(
  definition: ProjectionDefinition,
  events: readonly RecordedEvent[],
): RecordedEvent[] {
  return events.filter((event) => matches(definition, event));
}

/** The keys each event touches, aligned with `events`. */
export function keysPerEvent(
  definition: ProjectionDefinition,
  events: readonly RecordedEvent[],
  historyOf: HistoryOf,
): (readonly string[])[] {
  return events.map((event) =>
    definition.keysOf(event, { history: definition.needsHistory ? historyOf(event) : [event] }),
  );
}

/**
 * The one way every projection evolves, in the runner and in a pure fold alike. Events come in
 * log order; for each document an event touches, an event at or below the document's position
 * was applied before (a replay) and is skipped, otherwise the document evolves and takes the
 * event's position. `documents` is updated in place; only touched keys change.
 */
export function applyEvents(
  definition: ProjectionDefinition,
  events: readonly RecordedEvent[],
  keys: readonly (readonly string[])[],
  historyOf: HistoryOf,
  documents: Map<string, FoldedDocument>,
): void {
  for (const [index, event] of events.entries()) {
    const touched = keys[index] ?? [];
    if (touched.length === 0) continue;
    const history = definition.needsHistory ? historyOf(event) : [event];
    for (const key of touched) {
      const current = documents.get(key);
      if (current && comparePositions(current.position, event.position) >= 0) continue;
      const body = definition.evolve(current?.body, event, { key, history });
      documents.set(key, { position: event.position, body });
    }
  }
}

/**
 * Histories out of a log-ordered list that holds each stream it mentions from its first event
 * (the whole log, or the streams of one payment or order).
 */
export function historiesFrom(events: readonly RecordedEvent[]): HistoryOf {
  const streams = new Map<string, RecordedEvent[]>();
  const histories = new Map<RecordedEvent, readonly RecordedEvent[]>();
  for (const event of events) {
    // The same recorded event again is a replay, not a new event of its stream.
    if (histories.has(event)) continue;
    const stream = streams.get(event.streamName) ?? [];
    stream.push(event);
    streams.set(event.streamName, stream);
    histories.set(event, stream.slice());
  }
  return (event) => histories.get(event) ?? [event];
}

/**
 * Folds events from nothing into the documents of any definition, exactly as the runner does:
 * the oracle of the tests, and the way to answer "as of" a moment from a history alone.
 */
export function foldEvents(
  definition: ProjectionDefinition,
  events: readonly RecordedEvent[],
): Map<string, FoldedDocument & { readonly body: DocumentBody }> {
  const relevant = eventsFor(definition, events);
  const historyOf = historiesFrom(relevant);
  const documents = new Map<string, FoldedDocument>();
  applyEvents(
    definition,
    relevant,
    keysPerEvent(definition, relevant, historyOf),
    historyOf,
    documents,
  );
  const kept = new Map<string, FoldedDocument & { readonly body: DocumentBody }>();
  for (const [key, document] of documents) {
    if (document.body !== undefined)
      kept.set(key, { position: document.position, body: document.body });
  }
  return kept;
}
