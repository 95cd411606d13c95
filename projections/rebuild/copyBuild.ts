import type { ProjectionTarget } from '../../src/readModels/documentStore.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';

export interface CopyOptions {
  /** Documents read from the source and inserted into the destination at a time. */
  readonly pageSize?: number;
  /** After every page, with the number of documents copied so far. */
  readonly onPage?: (copied: number) => void;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Copies every document of a build, with its position, from one store into an empty target of
 * another, a page at a time in key order: insert-only, so the destination looks nothing up
 * however large it grows, and memory holds one page. Returns how many documents were copied.
 */
export async function copyBuild(
  from: {
    readonly store: Pick<ReadModelVersions, 'storedDocumentsPage'>;
    readonly target: ProjectionTarget;
  },
  to: {
    readonly store: Pick<ReadModelVersions, 'insertDocuments'>;
    readonly target: ProjectionTarget;
  },
  options: CopyOptions = {},
): Promise<number> {
  const pageSize = options.pageSize ?? 1000;
  let copied = 0;
  let after: string | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new Error('copy interrupted');
    const page = await from.store.storedDocumentsPage(from.target, after, pageSize);
    if (page.length === 0) return copied;
    await to.store.insertDocuments(to.target, page);
    copied += page.length;
    options.onPage?.(copied);
    if (page.length < pageSize) return copied;
    after = page.at(-1)?.[0];
  }
}
