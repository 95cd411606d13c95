import type { Stored } from './stored.js';

/**
 * The `parked_payments` read model, keyed `<gateway>:<paymentId>`: a payment whose events could
 * not be applied. Its first failing event and every later one are kept aside (by id) while all
 * other payments proceed; fixing the cause and rebuilding the read models applies them.
 */
export type ParkedPaymentBody = {
  readonly streamName: string;
  readonly reason: string;
  /** Ids of the parked events, in log order, starting with the one that failed. */
  readonly eventIds: readonly string[];
  /** Where the first failing event is in the log (decimal strings). */
  readonly firstParkedPosition: { readonly commit: string; readonly prepare: string };
  /** When the event store recorded the first failing event. */
  readonly parkedAt: string;
};

export type ParkedPayment = Stored<ParkedPaymentBody>;
