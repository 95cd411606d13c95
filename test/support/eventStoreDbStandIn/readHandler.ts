import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import {
  ReadReq,
  ReadResp,
  UUID,
  toStreamIdentifier,
  streamNameOf,
  type ReadReqMessage,
  type ReadRespMessage,
} from './protocol.js';
import type { StandInLog, StoredEvent } from './standInLog.js';

type ReadCall = ServerWritableStream<ReadReqMessage, ReadRespMessage>;
type ReadOptions = NonNullable<ReturnType<ReadReqMessage['getOptions']>>;
const { BACKWARDS } = ReadReq.Options.ReadDirection;

export interface ReadHandlerSettings {
  /** Servers before 23.10 never send `caughtUp`; turning it off imitates them. */
  readonly sendsCaughtUp: boolean;
}

// The server sends a checkpoint every `checkpointIntervalMultiplier` × 32 events scanned.
const CHECKPOINT_BASE_INTERVAL = 32;

/** `Streams.Read`: stream reads, `$all` reads and `$all` catch-up subscriptions. */
export function createReadHandler(log: StandInLog, settings: ReadHandlerSettings) {
  const liveSubscriptions = new Set<() => void>();

  function handle(call: ReadCall): void {
    const options = call.request.getOptions();
    if (!options) {
      call.destroy(
        Object.assign(new Error('Read without options'), { code: status.INVALID_ARGUMENT }),
      );
      return;
    }
    if (options.hasSubscription() && options.hasAll()) subscribeToAll(call, options);
    else if (options.hasSubscription()) {
      const error = new Error('The stand-in implements $all subscriptions only');
      call.destroy(Object.assign(error, { code: status.UNIMPLEMENTED }));
    } else if (options.hasStream()) readStream(call, options);
    else readAll(call, options);
  }

  function readStream(call: ReadCall, options: ReadOptions): void {
    const streamOptions = options.getStream();
    const streamName = streamNameOf(streamOptions?.getStreamIdentifier());
    const events = log.stream(streamName);
    if (!events) {
      const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(
        toStreamIdentifier(streamName),
      );
      call.write(new ReadResp().setStreamNotFound(notFound));
      call.end();
      return;
    }
    const backwards = options.getReadDirection() === BACKWARDS;
    let from = backwards ? events.length - 1 : 0;
    if (streamOptions?.hasRevision()) from = Number(streamOptions.getRevision());
    else if (streamOptions?.hasEnd()) from = backwards ? events.length - 1 : events.length;
    const ordered = backwards ? events.slice(0, from + 1).reverse() : events.slice(from);
    for (const event of ordered.slice(0, countOf(options))) call.write(toReadResp(event));
    call.end();
  }

  function readAll(call: ReadCall, options: ReadOptions): void {
    const allOptions = options.getAll();
    const backwards = options.getReadDirection() === BACKWARDS;
    const at = allOptions?.getPosition();
    const position = at ? BigInt(at.getCommitPosition()) : undefined;
    let ordered: StoredEvent[];
    if (backwards) {
      const before = allOptions?.hasStart()
        ? []
        : log.all.filter((e) => position === undefined || e.position < position);
      ordered = before.reverse();
    } else if (allOptions?.hasEnd()) ordered = [];
    else ordered = log.all.filter((e) => position === undefined || e.position >= position);
    const matches = filterOf(options);
    const page = ordered.filter((e) => matches(e)).slice(0, countOf(options));
    for (const event of page) call.write(toReadResp(event));
    call.end();
  }

  function subscribeToAll(call: ReadCall, options: ReadOptions): void {
    const allOptions = options.getAll();
    const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    call.write(new ReadResp().setConfirmation(confirmation));

    const matches = filterOf(options);
    const filter = options.hasFilter() ? options.getFilter() : undefined;
    const checkpointEvery = filter
      ? CHECKPOINT_BASE_INTERVAL * Math.max(1, filter.getCheckpointintervalmultiplier())
      : undefined;
    let scanned = 0;
    const deliver = (event: StoredEvent) => {
      if (matches(event)) call.write(toReadResp(event));
      scanned += 1;
      if (checkpointEvery !== undefined && scanned % checkpointEvery === 0) {
        const checkpoint = new ReadResp.Checkpoint()
          .setCommitPosition(event.position.toString())
          .setPreparePosition(event.position.toString());
        call.write(new ReadResp().setCheckpoint(checkpoint));
      }
    };

    const at = allOptions?.getPosition();
    const after = at ? BigInt(at.getCommitPosition()) : undefined;
    const history = allOptions?.hasEnd()
      ? []
      : log.all.filter((e) => after === undefined || e.position > after);
    for (const event of history) deliver(event);
    if (settings.sendsCaughtUp) call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));

    const stopListening = log.onAppend(deliver);
    const stop = () => {
      stopListening();
      liveSubscriptions.delete(stop);
    };
    liveSubscriptions.add(stop);
    call.on('cancelled', stop);
    call.on('close', stop);
  }

  return {
    handle,
    /** Forgets every live subscription, as a stopped server does. */
    dropSubscriptions(): void {
      for (const stop of [...liveSubscriptions]) stop();
    },
  };
}

function countOf(options: ReadOptions): number {
  return options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
}

function filterOf(options: ReadOptions): (event: StoredEvent) => boolean {
  const filter = options.hasFilter() ? options.getFilter() : undefined;
  if (!filter) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  const prefixes = expression?.getPrefixList() ?? [];
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return (event) => {
    const value = onStream ? event.streamName : event.type;
    if (prefixes.length > 0) return prefixes.some((prefix) => value.startsWith(prefix));
    return regex ? regex.test(value) : true;
  };
}

function toReadResp(event: StoredEvent): ReadRespMessage {
  const record = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(event.id))
    .setStreamIdentifier(toStreamIdentifier(event.streamName))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  record
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.created.toString());
  const readEvent = new ReadResp.ReadEvent()
    .setEvent(record)
    .setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(readEvent);
}
