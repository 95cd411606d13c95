import type { RecordedEvent } from '../src/eventStore/eventStore.js';
import type { DocumentBody } from '../src/readModels/documentStore.js';
import type { IndexSpec } from '../src/readModels/indexSpec.js';

export interface EventContext {
  /**
   * The event's own stream from its first event up to and including this one, in stream order,
   * read from the event log (for a definition that `needsHistory`; otherwise just the event).
   * Deriving state before and after an event from the immutable log, rather than from another
   * stored document a crash could leave stale, keeps every projection a function of the log.
   */
  readonly history: readonly RecordedEvent[];
}

export interface DocumentContext extends EventContext {
  /** The key of the document being evolved, one of those `keysOf` gave for the event. */
  readonly key: string;
}

/**
 * A projection as plain data: which events it reads, which documents an event touches, and a
 * pure `evolve`. The runner batches, coalesces, guards and checkpoints every definition the same
 * way; adding a projection is a definition and its registration, nothing in the stores.
 *
 * `evolve` must be deterministic and depend only on the document, the event and its history,
 * so a replay after a crash gives the same documents. Returning undefined deletes the document,
 * and its position guard with it: after a crash the events since the checkpoint are then
 * re-applied to no document, so only delete documents that those events rebuild by themselves
 * (an order's entries are each re-derived from their payment's history; a running total is not,
 * and keeps a zero row instead).
 */
export interface ProjectionDefinition<Body extends DocumentBody = DocumentBody> {
  /** The projection, its live collection or table, and its checkpoint. */
  readonly name: string;
  /** Raised when `evolve` changes meaning, so the stored build is known to need a rebuild. */
  readonly version: number;
  /** The streams it reads, by name prefix (`payment-`). */
  readonly streamPrefixes: readonly string[];
  readonly needsHistory: boolean;
  /**
   * Whether `evolve` reads the stored document (an order, a running total). When it does not
   * (it derives the document from the history alone), the runner loads and keeps only the
   * documents' positions, and `evolve` receives undefined.
   */
  readonly needsDocument: boolean;
  /** The indexes its readers query by. */
  readonly indexes: readonly IndexSpec[];
  /** The documents this event changes (none: the event does not concern the projection). */
  keysOf(event: RecordedEvent, context: EventContext): readonly string[];
  evolve(
    document: Body | undefined,
    event: RecordedEvent,
    context: DocumentContext,
  ): Body | undefined;
}
