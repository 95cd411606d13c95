/** What became of a verified delivery. None of these is an error: each is a 2xx. */
export type IngestResult =
  | {
      readonly outcome: 'accepted';
      readonly eventId: string;
      readonly stream: string;
      readonly revision: bigint;
    }
  | { readonly outcome: 'duplicate'; readonly eventId: string }
  | { readonly outcome: 'ignored'; readonly reason: string }
  | { readonly outcome: 'quarantined'; readonly eventId: string; readonly reason: string };
