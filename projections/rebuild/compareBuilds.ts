import type { DocumentBody, ProjectionTarget } from '../../src/readModels/documentStore.js';
import type { ReadModelVersions } from '../../src/readModels/readModelVersions.js';

export interface BuildDifferences {
  readonly added: number;
  readonly removed: number;
  readonly different: number;
  /** Up to `examples` keys of each kind, in key order. */
  readonly examples: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly different: readonly string[];
  };
}

/** JSON with every object's keys sorted: two stores may keep fields in different orders. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Pages through a build in key order. */
async function* documentsOf(
  store: Pick<ReadModelVersions, 'documentsPage'>,
  target: ProjectionTarget,
  pageSize: number,
): AsyncGenerator<readonly [string, DocumentBody]> {
  let after: string | undefined;
  for (;;) {
    const page = await store.documentsPage(target, after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = page.at(-1)?.[0];
  }
}

/**
 * What swapping `fresh` in for `live` would change: documents only in the fresh build (added),
 * only in the live one (removed), and in both with other fields (different). One pass over both
 * builds in key order, a page at a time, so memory stays flat however large they are.
 */
export async function compareBuilds(
  store: Pick<ReadModelVersions, 'documentsPage'>,
  live: ProjectionTarget,
  fresh: ProjectionTarget,
  examples = 10,
  pageSize = 500,
): Promise<BuildDifferences> {
  const found = { added: [] as string[], removed: [] as string[], different: [] as string[] };
  const counts = { added: 0, removed: 0, different: 0 };
  const note = (kind: keyof typeof counts, key: string) => {
    counts[kind] += 1;
    if (found[kind].length < examples) found[kind].push(key);
  };
  const olds = documentsOf(store, live, pageSize);
  const news = documentsOf(store, fresh, pageSize);
  let old = await olds.next();
  let next = await news.next();
  while (!old.done || !next.done) {
    if (next.done || (!old.done && old.value[0] < next.value[0])) {
      note('removed', (old.value as readonly [string, DocumentBody])[0]);
      old = await olds.next();
    } else if (old.done || next.value[0] < old.value[0]) {
      note('added', next.value[0]);
      next = await news.next();
    } else {
      if (canonical(old.value[1]) !== canonical(next.value[1])) note('different', next.value[0]);
      old = await olds.next();
      next = await news.next();
    }
  }
  return { ...counts, examples: found };
}
