/**
 * An index a projection's readers need, as data: top-level fields of its documents in index
 * order. Adapters append the document key as a last field, so equal values still sort stably.
 * Indexed fields hold strings, numbers, booleans or null.
 */
export interface IndexSpec {
  readonly name: string;
  readonly fields: readonly { readonly field: string; readonly descending?: boolean }[];
}

/** Every field any of the indexes names, once, in first-seen order. */
export function indexedFields(indexes: readonly IndexSpec[]): string[] {
  return [...new Set(indexes.flatMap((index) => index.fields.map(({ field }) => field)))];
}
