import type { PaymentStatus } from '../domain/paymentStatus.js';
import type { GlobalPosition } from '../eventStore/eventStore.js';
import type { DailyTotal } from './dailyTotal.js';
import type { OrderDocument } from './orderDocument.js';
import type { ParkedPayment } from './parkedPayment.js';
import type { PaymentDocument } from './paymentDocument.js';

/** The documents a batch of events changed: one entry per document, already coalesced. */
export interface ReadModelChanges {
  readonly payments: readonly PaymentDocument[];
  readonly parked: readonly ParkedPayment[];
}

export interface Checkpoint {
  /** The projection set, e.g. `payledger`. */
  readonly name: string;
  /** Every event up to and including this position has been applied. */
  readonly position: GlobalPosition;
}

export interface PaymentQuery {
  readonly status?: PaymentStatus;
  readonly gateway?: string;
  readonly currency?: string;
  readonly orderId?: string;
  /** Inclusive bounds on `lastEventAt`. */
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface PaymentPage {
  /** Most recent `lastEventAt` first, then by key. */
  readonly items: readonly PaymentDocument[];
  readonly nextCursor: string | null;
}

/** Inclusive UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * Writes one version of the read models. The live projection writes the active version; a
 * rebuild writes a fresh one and then activates it.
 */
export interface ReadModelWriter {
  readonly version: number;
  loadPayments(keys: readonly string[]): Promise<Map<string, PaymentDocument>>;
  loadParked(keys: readonly string[]): Promise<Map<string, ParkedPayment>>;
  readCheckpoint(name: string): Promise<GlobalPosition | undefined>;
  /**
   * Applies the changes, then saves the checkpoint. Exactly-once in effect: a document is only
   * written when its `lastGlobalPosition` is greater than the stored one, so replaying a batch
   * after a crash changes nothing. SQLite does it all in one transaction; MongoDB guards each
   * document and writes the checkpoint after the documents.
   */
  applyBatch(changes: ReadModelChanges, checkpoint: Checkpoint): Promise<void>;
}

/**
 * The read models: payments (with their daily contributions), parked payments and the
 * projection checkpoint, in versioned tables or collections. Orders and daily totals are folds
 * of the payment documents, computed by the pure projections in `projections/`.
 */
export interface ReadModelStore {
  activeVersion(): Promise<number>;
  writer(version: number): ReadModelWriter;
  /** Creates a fresh, empty, inactive version (dropping older inactive ones) and its writer. */
  beginRebuild(): Promise<ReadModelWriter>;
  /** Makes `version` the one every reader and the live projection use, atomically. */
  activate(version: number): Promise<void>;

  getPayment(gateway: string, paymentId: string): Promise<PaymentDocument | undefined>;
  listPayments(query: PaymentQuery): Promise<PaymentPage>;
  getOrder(orderId: string): Promise<OrderDocument | undefined>;
  dailyTotals(range: DayRange): Promise<DailyTotal[]>;
  listParked(): Promise<ParkedPayment[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
