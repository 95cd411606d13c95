import type { ResolvedEvent } from '@eventstore/db-client';
import type { JsonObject, JsonValue } from '../../domain/paymentEvent.js';
import type { GlobalPosition, RecordedEvent } from '../eventStore.js';

/**
 * The port's view of an event read from EventStoreDB, or undefined for what the port never shows:
 * system events (type or stream starting with `$`) and links whose target is gone.
 */
export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  const commit = event.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) return undefined;
  const position: GlobalPosition = { commit, prepare: event.position?.prepare ?? commit };
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    position,
    // payledger only writes JSON; a binary event written by another tool stays readable as base64.
    data: event.isJson ? (event.data as JsonValue) : Buffer.from(event.data).toString('base64'),
    metadata: isJsonObject(event.metadata) ? event.metadata : {},
    recordedAt: event.created,
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}
