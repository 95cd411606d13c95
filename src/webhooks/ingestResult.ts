/** What became of a verified delivery. None of these is an error: each is a 2xx. */
export type IngestResult =
  | {
      readonly outcome: 'accepted';
      readonly eventId: string;
      readonly stream: string;
      readonly revision: bigint;
    }
  | { readonly outcome: 'duplicate'; readonly eventId: string }
  /** Kept in the gateway's ignored list; `id` is what `GET /quarantine` and replay know it by. */
  | {
      readonly outcome: 'ignored';
      readonly id: string;
      readonly eventId: string;
      readonly reason: string;
    }
  | {
      readonly outcome: 'quarantined';
      readonly id: string;
      readonly eventId: string;
      readonly reason: string;
    };
