/** A lease as stored in `projection_leases`. */
export interface Lease {
  /** What the lease is for: `projections` (the live runner), `rebuild:<projection>` (a rebuild). */
  readonly name: string;
  /** The instance holding it (or that last held it, once expired or released). */
  readonly holder: string;
  /** Grows by one with every new holder: a fencing token. */
  readonly token: number;
  readonly expiresAt: Date;
}

/**
 * Leases kept in the read-model store, so that exactly one instance writes a set of read
 * models at a time. Expiry is judged by the caller's clock (`now`); safety does not depend on
 * clocks, because every write of a holder is fenced by its token (`WriteFence`): a clock that
 * is off only makes a takeover come early or late.
 */
export interface ProjectionLeases {
  /**
   * Takes the lease when nobody holds it or it has expired (the token grows by one), and
   * answers the lease as stored afterwards: held by `holder` or, when another holds it, theirs.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now?: Date): Promise<Lease>;
  /** Extends a lease still held with this token; undefined when it was lost to another. */
  renewLease(lease: Lease, ttlMs: number, now?: Date): Promise<Lease | undefined>;
  /** Lets the lease expire at once (the token stays, so the next holder's grows past it). */
  releaseLease(lease: Lease): Promise<void>;
  readLease(name: string): Promise<Lease | undefined>;
}

/**
 * What a holder's writes carry. The store refuses a write whose token is no longer the lease's
 * (`LeaseLostError`): SQLite checks it in the write's transaction; MongoDB carries it in the
 * checkpoint's filter and asks `assertHeld` before every command (see the README, "Exactly
 * one writer").
 */
export interface WriteFence {
  readonly lease: string;
  readonly token: number;
  /** Throws `LeaseLostError` once the holder cannot be sure it still holds the lease. */
  assertHeld(): void;
}

/** The lease was taken over (or lapsed): this holder must not write any more. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}
