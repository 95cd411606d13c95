import {
  Metadata,
  status,
  type handleBidiStreamingCall,
  type handleClientStreamingCall,
} from '@grpc/grpc-js';
import { commitAppend, sizeOnDisk, type AppendAnswer } from './commitAppend.js';
import type { NodeState } from './nodeState.js';
import {
  AppendResp,
  Empty,
  streamNameOf,
  uuidToString,
  type AppendReqMessage,
  type AppendRespMessage,
  type BatchAppendReqMessage,
  type BatchAppendRespMessage,
} from './protocol.js';
import {
  batchAppendTimeoutMs,
  batchNotReady,
  batchSuccess,
  batchTimeout,
  batchTooLarge,
  batchWrongExpectedVersion,
  type PendingBatch,
} from './batchAppendResponses.js';
import { serverError, serverNotReady } from './serverErrors.js';
import type { Expected, ProposedEvent, StandInLog } from './standInLog.js';

interface ProposedMessageLike {
  getId(): Parameters<typeof uuidToString>[0];
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function toProposed(message: ProposedMessageLike): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidToString(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

interface ExpectedOptionsLike {
  hasNoStream(): boolean;
  hasAny(): boolean;
  hasStreamExists(): boolean;
}

function expectedOf(options: ExpectedOptionsLike, revision: () => string | undefined): Expected {
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  if (options.hasAny()) return 'any';
  const exact = revision();
  return exact === undefined ? 'any' : BigInt(exact);
}

/** `RpcExceptions.MaxAppendSizeExceeded`: InvalidArgument, with the limit in the trailers. */
function maxAppendSizeExceeded(limit: number) {
  const metadata = new Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(limit));
  return serverError(
    status.INVALID_ARGUMENT,
    `Maximum Append Size of ${limit} Exceeded.`,
    metadata,
  );
}

/**
 * `Streams.Append` (src/EventStore.Core/Services/Transport/Grpc/Streams.Append.cs): one options
 * message, then one per event, answered once. The size limit is checked as events arrive.
 */
export function handleAppend(
  log: StandInLog,
  node: NodeState,
): handleClientStreamingCall<AppendReqMessage, AppendRespMessage> {
  return (call, callback) => {
    let streamName = '';
    let expected: Expected = 'any';
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    call.on('data', (request: AppendReqMessage) => {
      if (failed) return;
      const options = request.getOptions();
      if (options) {
        streamName = streamNameOf(options.getStreamIdentifier());
        expected = expectedOf(options, () =>
          options.hasRevision() ? options.getRevision() : undefined,
        );
      }
      const message = request.getProposedMessage();
      if (!message) return;
      const event = toProposed(message);
      size += sizeOnDisk(event);
      if (size > node.settings.maxAppendSize) {
        failed = true;
        callback(maxAppendSizeExceeded(node.settings.maxAppendSize));
        return;
      }
      events.push(event);
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (failed) return;
      void commitAppend(
        node,
        log,
        { streamName, expected, events },
        node.settings.writeTimeoutMs,
      ).then((answer) => {
        answerAppend(answer, expected, callback);
      });
    });
  };
}

function answerAppend(
  answer: AppendAnswer,
  expected: Expected,
  callback: Parameters<handleClientStreamingCall<AppendReqMessage, AppendRespMessage>>[1],
): void {
  switch (answer.kind) {
    case 'killed':
      return;
    case 'not_ready':
      callback(serverNotReady());
      return;
    case 'timeout':
      // `RpcExceptions.Timeout`: Aborted, which the v6 client turns into a TimeoutError.
      callback(serverError(status.ABORTED, 'Operation timed out: Commit phase timeout.'));
      return;
    case 'wrong_expected_version': {
      const wrong = new AppendResp.WrongExpectedVersion();
      if (answer.current === undefined) wrong.setCurrentNoStream(new Empty());
      else wrong.setCurrentRevision(answer.current.toString());
      if (expected === 'any') wrong.setExpectedAny(new Empty());
      else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
      else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
      else wrong.setExpectedRevision(expected.toString());
      callback(null, new AppendResp().setWrongExpectedVersion(wrong));
      return;
    }
    case 'written':
    case 'idempotent': {
      const success = new AppendResp.Success().setPosition(
        new AppendResp.Position()
          .setCommitPosition(answer.position.toString())
          .setPreparePosition(answer.position.toString()),
      );
      if (answer.revision < 0n) success.setNoStream(new Empty());
      else success.setCurrentRevision(answer.revision.toString());
      callback(null, new AppendResp().setSuccess(success));
    }
  }
}

/**
 * `Streams.BatchAppend` (Streams.BatchAppend.cs): one long-lived duplex call; each append is a
 * run of requests sharing a correlation id, the first carrying the options and the last
 * `is_final`. An append must arrive whole within min(its deadline, WriteTimeoutMs); one whose
 * deadline has already passed is answered Timeout without being written.
 */
export function handleBatchAppend(
  log: StandInLog,
  node: NodeState,
): handleBidiStreamingCall<BatchAppendReqMessage, BatchAppendRespMessage> {
  return (call) => {
    const pending = new Map<string, PendingBatch & { timer: NodeJS.Timeout; size: number }>();
    const reply = (response: BatchAppendRespMessage) => {
      if (!call.cancelled && call.writable) call.write(response);
    };
    call.on('data', (request: BatchAppendReqMessage) => {
      const correlationId = uuidToString(request.getCorrelationId());
      const options = request.getOptions();
      if (options) {
        const batch: PendingBatch = {
          correlationId,
          streamName: streamNameOf(options.getStreamIdentifier()),
          expected: expectedOf(options, () =>
            options.hasStreamPosition() ? options.getStreamPosition() : undefined,
          ),
          events: [],
        };
        const timeoutMs = batchAppendTimeoutMs(options, node.settings.writeTimeoutMs);
        if (timeoutMs <= 0) {
          reply(batchTimeout(batch));
          return;
        }
        const timer = setTimeout(() => {
          if (pending.delete(correlationId)) reply(batchTimeout(batch));
        }, timeoutMs);
        pending.set(correlationId, { ...batch, timer, size: 0 });
      }
      const batch = pending.get(correlationId);
      if (!batch) return;
      for (const message of request.getProposedMessagesList()) {
        const event = toProposed(message);
        batch.size += sizeOnDisk(event);
        batch.events.push(event);
      }
      if (batch.size > node.settings.maxAppendSize) {
        clearTimeout(batch.timer);
        pending.delete(correlationId);
        reply(batchTooLarge(batch, node.settings.maxAppendSize));
        return;
      }
      if (!request.getIsFinal()) return;
      clearTimeout(batch.timer);
      pending.delete(correlationId);
      void commitAppend(node, log, batch, node.settings.writeTimeoutMs).then((answer) => {
        if (answer.kind === 'killed') return;
        if (answer.kind === 'not_ready') reply(batchNotReady(batch));
        else if (answer.kind === 'timeout') reply(batchTimeout(batch));
        else if (answer.kind === 'wrong_expected_version')
          reply(batchWrongExpectedVersion(batch, answer.current));
        else reply(batchSuccess(batch, answer));
      });
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      for (const batch of pending.values()) clearTimeout(batch.timer);
      call.end();
    });
  };
}
