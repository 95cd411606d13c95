/** EventStoreDB's default `MaxAppendSize`: 1 MiB per append (ClusterVNodeOptions). */
export const EVENTSTORE_DB_DEFAULT_MAX_APPEND_BYTES = 1_048_576;

/** SQLite's `SQLITE_MAX_LENGTH`: no string or blob in a row may be larger. */
export const SQLITE_MAX_APPEND_BYTES = 1_000_000_000;

export interface SerializedEventSize {
  readonly type: string;
  /** UTF-8 JSON. */
  readonly data: string;
  readonly metadata: string;
}

/**
 * The size of an append as EventStoreDB counts it against `MaxAppendSize` since 24.10.4: each
 * event's data and metadata bytes plus its type in UTF-16 (`Event.SizeOnDisk`).
 */
export function appendSizeBytes(events: readonly SerializedEventSize[]): number {
  let size = 0;
  for (const event of events) {
    size +=
      Buffer.byteLength(event.data) + Buffer.byteLength(event.metadata) + event.type.length * 2;
  }
  return size;
}
