import type { DocumentStore } from '../../src/readModels/documentStore.js';
import type { RunningProjection } from './projectBatch.js';
import { repeatEvery } from './repeatEvery.js';

export interface PollDeps {
  readonly store: Pick<DocumentStore, 'readCheckpoints'>;
  readonly projections: readonly RunningProjection[];
  /** The live runner swaps in rebuilds that ask for it; a rebuild's runner does not. */
  readonly live: boolean;
  readonly intervalMs: number;
  /** A checkpoint's generation moved (a rebuild was swapped in) or a swap is requested. */
  readonly onChange: (reason: string) => void;
  /** The read-model store failed to answer (within its deadline). */
  readonly onFailure: (error: unknown) => void;
}

/**
 * Once per interval, never overlapping itself: re-reads the checkpoints to notice a rebuild
 * swapped in (or asking to be).
 */
export function pollProjections(deps: PollDeps): { stop(): Promise<void> } {
  return repeatEvery(
    deps.intervalMs,
    async () => {
      const checkpoints = await deps.store.readCheckpoints(
        deps.projections.map((projection) => projection.target),
      );
      for (const { target } of deps.projections) {
        const checkpoint = checkpoints.get(target.collection);
        if (!checkpoint || checkpoint.generation !== target.generation) {
          deps.onChange(`${target.collection} is now generation ${checkpoint?.generation ?? '?'}`);
          return;
        }
        if (deps.live && checkpoint.swapRequest) {
          deps.onChange(`${checkpoint.swapRequest.collection} asks to be swapped in`);
          return;
        }
      }
    },
    deps.onFailure,
  );
}
