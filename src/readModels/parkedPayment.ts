/**
 * A payment whose events could not be applied. Its first failing event and every later one are
 * kept aside (by id) while all other payments proceed; fixing the cause and rebuilding the read
 * models applies them.
 */
export interface ParkedPayment {
  readonly key: string;
  readonly streamName: string;
  readonly reason: string;
  /** Ids of the parked events, in log order, starting with the one that failed. */
  readonly eventIds: readonly string[];
  readonly firstParkedPosition: bigint;
  readonly lastGlobalPosition: bigint;
  readonly parkedAt: string;
}
