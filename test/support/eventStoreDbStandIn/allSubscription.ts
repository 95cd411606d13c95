import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import type { ServerVersion } from './nodeState.js';
import type { ReadReqMessage, ReadRespMessage } from './protocol.js';
import {
  caughtUpResp,
  checkpointResp,
  confirmationResp,
  eventResp,
  fellBehindResp,
} from './readResponses.js';
import { readFilteredPage, type FilteredPage } from './filteredPage.js';
import { failCall, serverError } from './serverErrors.js';
import type { StandInLog, StoredEvent } from './standInLog.js';
import { HEAD_OF_TF, compareTfPos, eventPos, isAtOrBefore, isBefore, type TfPos } from './tfPos.js';

type ReadCall = ServerWritableStream<ReadReqMessage, ReadRespMessage>;

export interface AllSubscriptionRequest {
  readonly from: TfPos | 'start' | 'end';
  /** Undefined: no filter, so no checkpoints either (`Enumerator.AllSubscription`). */
  readonly filter?: {
    readonly matches: (event: StoredEvent) => boolean;
    /** The filter's `max`, or the read batch size when the client sent `count`. */
    readonly maxSearchWindow: number;
    readonly checkpointIntervalMultiplier: number;
  };
}

// `MaxLiveEventBufferCount` (Enumerator.cs).
const LIVE_BUFFER = 32;

type LiveItem =
  | { readonly sequence: number; readonly event: StoredEvent }
  | { readonly sequence: number; readonly checkpoint: TfPos };

/**
 * A catch-up subscription to `$all`, following `Enumerator.AllSubscriptionFiltered` (and
 * `AllSubscription` without a filter): it listens live first, catches up in pages of 32 read the
 * way `AllReader.FilteredReadAllEventsForward` reads them, sends a checkpoint every
 * `multiplier × maxSearchWindow` events considered and one when the catch-up reaches the end,
 * then `caughtUp`, then live events. A live buffer of 32 that overflows (a slow client) sends
 * `fellBehind` and catches up again. Writes wait for the client to drain, like the server's
 * bounded channel, so appends can land in the middle of a catch-up.
 */
export class AllSubscription {
  private readonly live: LiveItem[] = [];
  private liveSequence = 0;
  private liveConsidered = 0;
  private wakeLive: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;
  private stopped = false;
  private lastEventSent: TfPos | undefined;
  private lastCheckpointSent: TfPos | undefined;
  private readonly stopListening: () => void;
  private readonly checkpointInterval: number;

  constructor(
    private readonly call: ReadCall,
    private readonly log: StandInLog,
    private readonly version: ServerVersion,
    private readonly request: AllSubscriptionRequest,
    onEnd: () => void,
  ) {
    const { filter } = request;
    this.checkpointInterval = filter
      ? Math.max(1, filter.checkpointIntervalMultiplier) * filter.maxSearchWindow
      : Infinity;
    const confirmedAt = eventPos(log.lastIndexedPosition);
    this.stopListening = log.onAppend((event) => {
      this.onLiveEvent(event);
    });
    const end = () => {
      this.stop();
      onEnd();
    };
    call.on('cancelled', end);
    call.on('close', end);
    call.write(confirmationResp(randomUUID()));
    this.run(confirmedAt).catch((error: unknown) => {
      if (!this.stopped) failCall(call, error as Error);
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening();
    this.wakeLive?.();
    this.wakeWriter?.();
  }

  // SubscriptionsService.ProcessEventCommited: matching events, and every `interval` events
  // considered a checkpoint at the event's position.
  private onLiveEvent(event: StoredEvent): void {
    const { filter } = this.request;
    if (!filter || filter.matches(event)) this.pushLive({ event });
    if (!filter) return;
    this.liveConsidered += 1;
    if (this.liveConsidered >= this.checkpointInterval) {
      this.liveConsidered = 0;
      this.pushLive({ checkpoint: eventPos(event.position) });
    }
  }

  private pushLive(item: { event: StoredEvent } | { checkpoint: TfPos }): void {
    this.liveSequence += 1;
    this.live.push({ sequence: this.liveSequence, ...item });
    // BoundedChannelFullMode.DropOldest: the reader notices the gap in sequence numbers.
    if (this.live.length > LIVE_BUFFER) this.live.shift();
    this.wakeLive?.();
  }

  private async run(confirmedAt: TfPos): Promise<void> {
    const { from } = this.request;
    let checkpoint = from === 'start' ? HEAD_OF_TF : from === 'end' ? confirmedAt : from;
    let sequence = 0;
    if (this.version === '22.10') {
      if (from === 'end') await this.sendCheckpoint(checkpoint);
    } else if (!isBefore(checkpoint, confirmedAt)) {
      [checkpoint, sequence] = await this.goLive(checkpoint, sequence);
    }
    while (!this.stopped) {
      checkpoint = await this.catchUp(checkpoint);
      [checkpoint, sequence] = await this.goLive(checkpoint, sequence);
    }
  }

  private async catchUp(from: TfPos): Promise<TfPos> {
    let checkpoint = from;
    let considered = 0;
    let pageStart = from.commit < 0n && from.prepare < 0n ? { commit: 0n, prepare: 0n } : from;
    while (!this.stopped) {
      const page = readFilteredPage(this.log, pageStart, this.request.filter);
      for (const event of page.events) {
        const position = eventPos(event.position);
        // Only the first event of the first page can be at the checkpoint (reads are inclusive).
        if (isAtOrBefore(position, checkpoint)) continue;
        await this.sendEvent(event);
        checkpoint = position;
      }
      considered += page.considered;
      if (page.isEndOfStream) {
        checkpoint = this.endOfCatchUpCheckpoint(checkpoint, page);
        await this.sendCheckpoint(checkpoint);
        return checkpoint;
      }
      if (considered >= this.checkpointInterval) {
        considered %= this.checkpointInterval;
        if (isBefore(checkpoint, page.currentPos)) checkpoint = page.currentPos;
        await this.sendCheckpoint(checkpoint);
      }
      pageStart = page.nextPos;
    }
    return checkpoint;
  }

  private endOfCatchUpCheckpoint(checkpoint: TfPos, page: FilteredPage): TfPos {
    if (this.version === '24.10') return checkpoint;
    const pageEnd = this.version === '22.10' ? page.nextPos : page.currentPos;
    return isBefore(checkpoint, pageEnd) ? pageEnd : checkpoint;
  }

  private async goLive(from: TfPos, lastSequence: number): Promise<[TfPos, number]> {
    let checkpoint = from;
    let sequence = lastSequence;
    if (this.version !== '22.10') await this.send(caughtUpResp());
    while (!this.stopped) {
      const item = this.live.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wakeLive = resolve));
        this.wakeLive = undefined;
        continue;
      }
      const inSequence = item.sequence === sequence + 1;
      sequence = item.sequence;
      if ('event' in item && isAtOrBefore(eventPos(item.event.position), checkpoint)) continue;
      if ('checkpoint' in item && isBefore(item.checkpoint, checkpoint)) continue;
      if (!inSequence) {
        if (this.version === '22.10') {
          // Before 24.2 a slow consumer was dropped ("consumer too slow") instead.
          throw serverError(
            status.ABORTED,
            'Operation timed out: Consumer too slow to handle event while live. Client resubscription required.',
          );
        }
        await this.send(fellBehindResp());
        await this.sendCheckpoint(checkpoint);
        return [checkpoint, sequence];
      }
      if ('event' in item) {
        await this.sendEvent(item.event);
        checkpoint = eventPos(item.event.position);
      } else {
        await this.sendCheckpoint(item.checkpoint);
        checkpoint = item.checkpoint;
      }
    }
    return [checkpoint, sequence];
  }

  private async sendEvent(event: StoredEvent): Promise<void> {
    const position = eventPos(event.position);
    if (this.lastEventSent && isAtOrBefore(position, this.lastEventSent)) return;
    this.lastEventSent = position;
    await this.send(eventResp(event));
  }

  // MoveNextAsync drops a checkpoint not after the last one sent; without a filter there are none.
  private async sendCheckpoint(position: TfPos): Promise<void> {
    if (!this.request.filter) return;
    if (this.version === '25.0' && compareTfPos(position, HEAD_OF_TF) === 0) return;
    if (this.lastCheckpointSent && isAtOrBefore(position, this.lastCheckpointSent)) return;
    this.lastCheckpointSent = position;
    await this.send(checkpointResp(position));
  }

  private async send(response: ReadRespMessage): Promise<void> {
    if (this.stopped) return;
    if (this.call.write(response)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.call.off('drain', done);
        this.wakeWriter = undefined;
        resolve();
      };
      this.wakeWriter = done;
      this.call.on('drain', done);
    });
  }
}
