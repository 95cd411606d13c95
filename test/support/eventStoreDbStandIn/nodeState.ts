/**
 * The server versions whose subscription behaviour the stand-in can take on:
 * - `25.0` (KurrentDB 25.0): the end-of-catch-up checkpoint is the later of the last event sent
 *   and the position the final page read from (EventStore/EventStore #4892, commit 2e7bcd283).
 * - `24.10`: the end-of-catch-up checkpoint is the last event sent; from the start with nothing
 *   matched yet it is (-1, -1), which reaches the client as (2^64 - 1, 2^64 - 1).
 * - `22.10`: no `caughtUp` (added in 23.10); going live sends the checkpoint where the last
 *   catch-up page ended.
 */
export type ServerVersion = '25.0' | '24.10' | '22.10';

/** Initializing: nothing is served; PreLeader: reads are, writes not yet; Leader: both. */
export type Readiness = 'initializing' | 'preLeader' | 'leader';

export interface Faults {
  /** Appends (counted from 1 since the faults were set) that commit, then answer Timeout. */
  readonly timeoutAfterCommit?: (appendNumber: number) => boolean;
  /** Every append commits only after this long; a write timeout that passes first answers Timeout. */
  readonly commitDelayMs?: number;
  /** The node dies right after committing this append, before answering it. */
  readonly killAfterCommit?: number;
}

export interface NodeSettings {
  readonly version: ServerVersion;
  /** `MaxAppendSize`: bytes of data + metadata + type (UTF-16) per append; default 1 MiB. */
  readonly maxAppendSize: number;
  /** `WriteTimeoutMs`: the longest a write may take before the server answers Timeout; 2 s. */
  readonly writeTimeoutMs: number;
}

/** What every handler consults: readiness, the fault switches, and whether the node was killed. */
export class NodeState {
  private notReadyUntil = 0;
  private initializingUntil = 0;
  private appendCount = 0;
  private currentFaults: Faults = {};
  private generation = 0;

  constructor(
    readonly settings: NodeSettings,
    private readonly onKill: () => void,
  ) {}

  /**
   * A starting node answers "Server Is Not Ready" until it has become leader: `ClusterVNodeController`
   * denies reads while Initializing and writes in every state but Leader. The first half of the
   * window is Initializing (reads and writes denied), the second PreLeader (writes denied).
   */
  startNotReady(ms: number): void {
    const now = Date.now();
    this.notReadyUntil = now + ms;
    this.initializingUntil = now + ms / 2;
  }

  /** Holds the node in one state until told otherwise (for tests that must not race a clock). */
  holdIn(readiness: Readiness): void {
    this.initializingUntil = readiness === 'initializing' ? Infinity : 0;
    this.notReadyUntil = readiness === 'leader' ? 0 : Infinity;
  }

  /** Whether it takes writes (it is leader). */
  get isReady(): boolean {
    return Date.now() >= this.notReadyUntil;
  }

  /** Whether it takes reads (it is past Initializing). */
  get readsReady(): boolean {
    return Date.now() >= this.initializingUntil;
  }

  get faults(): Faults {
    return this.currentFaults;
  }

  setFaults(faults: Faults): void {
    this.currentFaults = faults;
    this.appendCount = 0;
  }

  nextAppendNumber(): number {
    this.appendCount += 1;
    return this.appendCount;
  }

  /** Increases with every kill, so work scheduled before one can tell it must not happen. */
  get lifetime(): number {
    return this.generation;
  }

  kill(): void {
    this.generation += 1;
    this.onKill();
  }
}
