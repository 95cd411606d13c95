import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { AllSubscription, type AllSubscriptionRequest } from './allSubscription.js';
import { READ_BATCH_SIZE } from './filteredPage.js';
import type { NodeState } from './nodeState.js';
import {
  ReadReq,
  ReadResp,
  streamNameOf,
  toStreamIdentifier,
  type ReadReqMessage,
  type ReadRespMessage,
} from './protocol.js';
import { eventResp } from './readResponses.js';
import { failCall, serverError, serverNotReady } from './serverErrors.js';
import type { StandInLog, StoredEvent } from './standInLog.js';
import { compareTfPos, eventPos, type TfPos } from './tfPos.js';

type ReadCall = ServerWritableStream<ReadReqMessage, ReadRespMessage>;
type ReadOptions = NonNullable<ReturnType<ReadReqMessage['getOptions']>>;
const { BACKWARDS } = ReadReq.Options.ReadDirection;
const U64_MAX = 2n ** 64n - 1n;

/** `Streams.Read`: stream reads, `$all` reads and `$all` catch-up subscriptions. */
export function createReadHandler(log: StandInLog, node: NodeState) {
  const subscriptions = new Set<AllSubscription>();

  function handle(call: ReadCall): void {
    const options = call.request.getOptions();
    if (!node.readsReady) failCall(call, serverNotReady());
    else if (!options) failCall(call, serverError(status.INVALID_ARGUMENT, 'Read without options'));
    else if (options.hasSubscription() && options.hasAll()) subscribeToAll(call, options);
    else if (options.hasSubscription()) {
      const message = 'The stand-in implements $all subscriptions only';
      failCall(call, serverError(status.UNIMPLEMENTED, message));
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
    for (const event of ordered.slice(0, countOf(options))) call.write(eventResp(event));
    call.end();
  }

  // AllReader: forwards from a position inclusively; backwards from a post-position, so reading
  // back from an event's own position starts with the event before it.
  function readAll(call: ReadCall, options: ReadOptions): void {
    const allOptions = options.getAll();
    const backwards = options.getReadDirection() === BACKWARDS;
    const at = positionOf(allOptions?.getPosition());
    let ordered: StoredEvent[];
    if (backwards) {
      if (allOptions?.hasStart()) ordered = [];
      else if (!at) ordered = [...log.all].reverse();
      else
        ordered = log.all
          .filter((event) => compareTfPos(eventPos(event.postPosition), at) <= 0)
          .reverse();
    } else if (allOptions?.hasEnd()) ordered = [];
    else ordered = log.all.slice(at ? log.firstAtOrAfter(at) : 0);
    const matches = filterOf(options);
    const page = ordered.filter((event) => matches(event)).slice(0, countOf(options));
    for (const event of page) call.write(eventResp(event));
    call.end();
  }

  function subscribeToAll(call: ReadCall, options: ReadOptions): void {
    const allOptions = options.getAll();
    const at = positionOf(allOptions?.getPosition());
    const filter = options.hasFilter() ? options.getFilter() : undefined;
    // `Position.End` is (2^64 - 1, 2^64 - 1); the server maps it to "from now on".
    const end = allOptions?.hasEnd() || (at?.commit === U64_MAX && at.prepare === U64_MAX);
    const request: AllSubscriptionRequest = {
      from: end ? 'end' : (at ?? 'start'),
      ...(filter
        ? {
            filter: {
              matches: filterOf(options),
              maxSearchWindow: filter.hasMax() ? filter.getMax() : READ_BATCH_SIZE,
              checkpointIntervalMultiplier: filter.getCheckpointintervalmultiplier(),
            },
          }
        : {}),
    };
    const subscription = new AllSubscription(call, log, node.settings.version, request, () =>
      subscriptions.delete(subscription),
    );
    subscriptions.add(subscription);
  }

  return {
    handle,
    /** Forgets every live subscription, as a stopped server does. */
    dropSubscriptions(): void {
      for (const subscription of [...subscriptions]) subscription.stop();
      subscriptions.clear();
    },
  };
}

function positionOf(
  position: { getCommitPosition(): string; getPreparePosition(): string } | undefined,
): TfPos | undefined {
  if (!position) return undefined;
  return {
    commit: BigInt(position.getCommitPosition()),
    prepare: BigInt(position.getPreparePosition()),
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
