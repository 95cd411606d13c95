import { largestStorableBodyBytes } from '../domain/storedBody.js';
import { SQLITE_MAX_APPEND_BYTES } from '../eventStore/appendSizeLimit.js';
import { ConfigError } from './configError.js';

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

export interface BodySizeLimits {
  /** The most the configured event store takes in one append. */
  readonly eventStoreMaxAppendBytes: number;
  readonly maxBodyBytes: number;
}

/**
 * Lines the webhook body limit up with what the event store can hold, so that every body let in
 * is stored (as text, or as base64, whichever is smaller) and a larger one gets 413 at the door. With
 * EventStoreDB (1 MiB per append by default) an unset MAX_BODY_BYTES becomes the largest body
 * that fits; one set higher than that is refused at start-up.
 */
export function resolveBodySizeLimits(settings: {
  readonly eventStoreUrl: string | undefined;
  readonly eventStoreMaxAppendBytes: number;
  readonly maxBodyBytes: number | undefined;
}): BodySizeLimits {
  const eventStoreMaxAppendBytes = settings.eventStoreUrl
    ? settings.eventStoreMaxAppendBytes
    : SQLITE_MAX_APPEND_BYTES;
  const largest = largestStorableBodyBytes(eventStoreMaxAppendBytes);
  if (settings.maxBodyBytes === undefined) {
    return { eventStoreMaxAppendBytes, maxBodyBytes: Math.min(DEFAULT_MAX_BODY_BYTES, largest) };
  }
  if (settings.maxBodyBytes > largest) {
    const store = settings.eventStoreUrl
      ? `EventStoreDB takes at most ${eventStoreMaxAppendBytes} bytes per append (EVENTSTORE_MAX_APPEND_BYTES, the server's MaxAppendSize)`
      : `the embedded event store takes at most ${eventStoreMaxAppendBytes} bytes per append`;
    throw new ConfigError([
      {
        variable: 'MAX_BODY_BYTES',
        message: `is ${settings.maxBodyBytes}, but ${store}, which holds webhook bodies of up to ${largest} bytes (with the event's other fields, stored as base64 at worst); set it to ${largest} or less`,
      },
    ]);
  }
  return { eventStoreMaxAppendBytes, maxBodyBytes: settings.maxBodyBytes };
}
