import {
  AllStreamPosition,
  Any,
  BatchAppendResp,
  Code,
  MaximumAppendSizeExceeded,
  ProtobufEmpty,
  SharedWrongExpectedVersion,
  Status,
  Timeout,
  UUID,
  toStreamIdentifier,
  type BatchAppendReqMessage,
  type BatchAppendRespMessage,
} from './protocol.js';
import type { AppendOutcome, Expected, ProposedEvent } from './standInLog.js';

export interface PendingBatch {
  readonly correlationId: string;
  readonly streamName: string;
  readonly expected: Expected;
  readonly events: ProposedEvent[];
}

type BatchOptions = NonNullable<ReturnType<BatchAppendReqMessage['getOptions']>>;

/** min(the request's deadline, WriteTimeoutMs): how long the append may take to arrive whole. */
export function batchAppendTimeoutMs(options: BatchOptions, writeTimeoutMs: number): number {
  const deadline = options.getDeadline();
  if (!deadline) return writeTimeoutMs;
  return Math.min(deadline.toDate().getTime() - Date.now(), writeTimeoutMs);
}

function responseFor(batch: PendingBatch): BatchAppendRespMessage {
  const response = new BatchAppendResp()
    .setCorrelationId(new UUID().setString(batch.correlationId))
    .setStreamIdentifier(toStreamIdentifier(batch.streamName));
  const { expected } = batch;
  if (expected === 'any') response.setAny(new ProtobufEmpty());
  else if (expected === 'no_stream') response.setNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') response.setStreamExists(new ProtobufEmpty());
  else response.setStreamPosition(expected.toString());
  return response;
}

function packed(message: { serializeBinary(): Uint8Array }, typeName: string) {
  const any = new Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
}

/** `Status.Timeout` (src/EventStore.Core/Services/Transport/Grpc/Status.cs): DeadlineExceeded. */
export function batchTimeout(batch: PendingBatch): BatchAppendRespMessage {
  const error = new Status()
    .setCode(Code.DEADLINE_EXCEEDED)
    .setMessage('Timeout')
    .setDetails(packed(new Timeout(), 'event_store.client.Timeout'));
  return responseFor(batch).setError(error);
}

/** `Status.MaximumAppendSizeExceeded`: InvalidArgument, the limit in the details. */
export function batchTooLarge(batch: PendingBatch, limit: number): BatchAppendRespMessage {
  const details = new MaximumAppendSizeExceeded().setMaxappendsize(limit);
  const error = new Status()
    .setCode(Code.INVALID_ARGUMENT)
    .setMessage('MaximumAppendSizeExceeded')
    .setDetails(packed(details, 'event_store.client.MaximumAppendSizeExceeded'));
  return responseFor(batch).setError(error);
}

/**
 * A `NotHandled(NotReady)` reply: the server packs an Empty and sets no code, so the v6 client,
 * which knows no such detail, reports "Could not recognize Server Is Not Ready".
 */
export function batchNotReady(batch: PendingBatch): BatchAppendRespMessage {
  const error = new Status()
    .setMessage('Server Is Not Ready')
    .setDetails(packed(new ProtobufEmpty(), 'google.protobuf.Empty'));
  return responseFor(batch).setError(error);
}

/** `Status.WrongExpectedVersion`: AlreadyExists, current and expected in the details. */
export function batchWrongExpectedVersion(
  batch: PendingBatch,
  current: bigint | undefined,
): BatchAppendRespMessage {
  const details = new SharedWrongExpectedVersion();
  if (current === undefined) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(current.toString());
  const { expected } = batch;
  if (expected === 'any') details.setExpectedAny(new ProtobufEmpty());
  else if (expected === 'no_stream') details.setExpectedNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') details.setExpectedStreamExists(new ProtobufEmpty());
  else details.setExpectedStreamPosition(expected.toString());
  const error = new Status()
    .setCode(Code.ALREADY_EXISTS)
    .setMessage('WrongExpectedVersion')
    .setDetails(packed(details, 'event_store.client.WrongExpectedVersion'));
  return responseFor(batch).setError(error);
}

export function batchSuccess(
  batch: PendingBatch,
  outcome: Extract<AppendOutcome, { kind: 'written' | 'idempotent' }>,
): BatchAppendRespMessage {
  const position = new AllStreamPosition()
    .setCommitPosition(outcome.position.toString())
    .setPreparePosition(outcome.position.toString());
  const success = new BatchAppendResp.Success().setPosition(position);
  if (outcome.revision < 0n) success.setNoStream(new ProtobufEmpty());
  else success.setCurrentRevision(outcome.revision.toString());
  return responseFor(batch).setSuccess(success);
}
