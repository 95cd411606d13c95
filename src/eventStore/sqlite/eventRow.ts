import type { RecordedEvent } from '../eventStore.js';

export interface EventRow {
  position: number;
  stream_name: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
}

/**
 * Parses `data` and `metadata` only when first read: a dedupe check reads whole streams but
 * looks at ids (and, for a redelivery, the metadata) only, and `data` holds the raw payload.
 */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  const position = BigInt(row.position);
  let data: { value: RecordedEvent['data'] } | undefined;
  let metadata: { value: RecordedEvent['metadata'] } | undefined;
  return {
    id: row.event_id,
    type: row.type,
    streamName: row.stream_name,
    revision: BigInt(row.revision),
    position: { commit: position, prepare: position },
    get data() {
      data ??= { value: JSON.parse(row.data) as RecordedEvent['data'] };
      return data.value;
    },
    get metadata() {
      metadata ??= { value: JSON.parse(row.metadata) as RecordedEvent['metadata'] };
      return metadata.value;
    },
    recordedAt: new Date(row.recorded_at),
  };
}
