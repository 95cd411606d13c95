import type { handleBidiStreamingCall, handleClientStreamingCall } from '@grpc/grpc-js';
import {
  AllStreamPosition,
  Any,
  AppendResp,
  BatchAppendResp,
  Code,
  Empty,
  ProtobufEmpty,
  SharedWrongExpectedVersion,
  Status,
  UUID,
  streamNameOf,
  toStreamIdentifier,
  uuidToString,
  type AppendReqMessage,
  type AppendRespMessage,
  type BatchAppendReqMessage,
  type BatchAppendRespMessage,
} from './protocol.js';
import type { AppendOutcome, Expected, ProposedEvent, StandInLog } from './standInLog.js';

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

/** `Streams.Append`: one options message, then one message per event, answered once. */
export function handleAppend(
  log: StandInLog,
): handleClientStreamingCall<AppendReqMessage, AppendRespMessage> {
  return (call, callback) => {
    let streamName = '';
    let expected: Expected = 'any';
    const events: ProposedEvent[] = [];
    call.on('data', (request: AppendReqMessage) => {
      const options = request.getOptions();
      if (options) {
        streamName = streamNameOf(options.getStreamIdentifier());
        expected = expectedOf(options, () =>
          options.hasRevision() ? options.getRevision() : undefined,
        );
      }
      const message = request.getProposedMessage();
      if (message) events.push(toProposed(message));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      callback(null, toAppendResp(log.append(streamName, expected, events), expected));
    });
  };
}

function toAppendResp(outcome: AppendOutcome, expected: Expected): AppendRespMessage {
  const response = new AppendResp();
  if (outcome.kind !== 'wrong_expected_version') {
    const position = new AppendResp.Position()
      .setCommitPosition(outcome.last.position.toString())
      .setPreparePosition(outcome.last.position.toString());
    return response.setSuccess(
      new AppendResp.Success()
        .setCurrentRevision(outcome.last.revision.toString())
        .setPosition(position),
    );
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  if (expected === 'any') wrong.setExpectedAny(new Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedRevision(expected.toString());
  return response.setWrongExpectedVersion(wrong);
}

interface PendingBatch {
  streamName: string;
  expected: Expected;
  readonly events: ProposedEvent[];
}

/**
 * `Streams.BatchAppend`: one long-lived duplex call; each append is a run of requests sharing a
 * correlation id, the first carrying the options and the last `is_final`.
 */
export function handleBatchAppend(
  log: StandInLog,
): handleBidiStreamingCall<BatchAppendReqMessage, BatchAppendRespMessage> {
  return (call) => {
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: BatchAppendReqMessage) => {
      const correlationId = uuidToString(request.getCorrelationId());
      const batch = pending.get(correlationId) ?? { streamName: '', expected: 'any', events: [] };
      pending.set(correlationId, batch);
      const options = request.getOptions();
      if (options) {
        batch.streamName = streamNameOf(options.getStreamIdentifier());
        batch.expected = expectedOf(options, () =>
          options.hasStreamPosition() ? options.getStreamPosition() : undefined,
        );
      }
      for (const message of request.getProposedMessagesList())
        batch.events.push(toProposed(message));
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      const outcome = log.append(batch.streamName, batch.expected, batch.events);
      call.write(toBatchAppendResp(correlationId, batch, outcome));
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  };
}

function toBatchAppendResp(
  correlationId: string,
  batch: PendingBatch,
  outcome: AppendOutcome,
): BatchAppendRespMessage {
  const response = new BatchAppendResp()
    .setCorrelationId(new UUID().setString(correlationId))
    .setStreamIdentifier(toStreamIdentifier(batch.streamName));
  const { expected } = batch;
  if (expected === 'any') response.setAny(new ProtobufEmpty());
  else if (expected === 'no_stream') response.setNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') response.setStreamExists(new ProtobufEmpty());
  else response.setStreamPosition(expected.toString());

  if (outcome.kind !== 'wrong_expected_version') {
    const position = new AllStreamPosition()
      .setCommitPosition(outcome.last.position.toString())
      .setPreparePosition(outcome.last.position.toString());
    return response.setSuccess(
      new BatchAppendResp.Success()
        .setCurrentRevision(outcome.last.revision.toString())
        .setPosition(position),
    );
  }
  const details = new SharedWrongExpectedVersion();
  if (outcome.current === undefined) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(outcome.current.toString());
  if (expected === 'any') details.setExpectedAny(new ProtobufEmpty());
  else if (expected === 'no_stream') details.setExpectedNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') details.setExpectedStreamExists(new ProtobufEmpty());
  else details.setExpectedStreamPosition(expected.toString());
  const packed = new Any();
  packed.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return response.setError(
    new Status()
      .setCode(Code.FAILED_PRECONDITION)
      .setMessage('WrongExpectedVersion')
      .setDetails(packed),
  );
}
