import { ReadResp, UUID, toStreamIdentifier, type ReadRespMessage } from './protocol.js';
import type { StoredEvent } from './standInLog.js';
import { toWire, type TfPos } from './tfPos.js';

export function eventResp(event: StoredEvent): ReadRespMessage {
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

export function checkpointResp(position: TfPos): ReadRespMessage {
  const wire = toWire(position);
  return new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint().setCommitPosition(wire.commit).setPreparePosition(wire.prepare),
  );
}

export const caughtUpResp = () => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
export const fellBehindResp = () => new ReadResp().setFellBehind(new ReadResp.FellBehind());
export const confirmationResp = (subscriptionId: string) =>
  new ReadResp().setConfirmation(
    new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId),
  );
