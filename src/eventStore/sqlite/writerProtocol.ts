import type { AppendRequest } from './appendToStream.js';
import type { AppendOutcome } from './commitBatch.js';

/** Messages between the store (main thread) and its writer thread. */
export interface WriterThreadData {
  readonly file: string;
}

export type WriterRequest =
  | { readonly kind: 'commit'; readonly id: number; readonly batch: readonly AppendRequest[] }
  | { readonly kind: 'pragma'; readonly id: number; readonly pragma: string }
  | { readonly kind: 'close'; readonly id: number };

export type WriterReply =
  | { readonly kind: 'done'; readonly id: number; readonly outcomes?: readonly AppendOutcome[] }
  | { readonly kind: 'pragma'; readonly id: number; readonly value: unknown }
  | {
      readonly kind: 'failed';
      readonly id: number;
      readonly error: { readonly message: string; readonly code?: string };
    };
