import type { RecordedEvent } from '../src/eventStore/eventStore.js';

/**
 * A projection folds the events of one stream into one read-model document. `evolve` is pure
 * and must be commutative and idempotent over the stream's events (DESIGN "Status rules"), so a
 * replay after a crash or a different arrival order gives the same document. It throws when an
 * event cannot be applied; the runner then parks the stream.
 */
export interface Projection<Document> {
  readonly name: string;
  /** Whether this projection reads the stream at all. */
  readonly handles: (streamName: string) => boolean;
  /** The document id an event of this stream belongs to. */
  readonly documentKey: (streamName: string) => string;
  readonly evolve: (document: Document | undefined, event: RecordedEvent) => Document;
}
