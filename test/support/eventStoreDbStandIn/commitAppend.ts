import type { NodeState } from './nodeState.js';
import type { AppendOutcome, Expected, ProposedEvent, StandInLog } from './standInLog.js';

export type AppendAnswer =
  | AppendOutcome
  | { readonly kind: 'timeout' }
  | { readonly kind: 'not_ready' }
  /** The node died before answering (whether or not the append committed). */
  | { readonly kind: 'killed' };

export interface AppendRequest {
  readonly streamName: string;
  readonly expected: Expected;
  readonly events: readonly ProposedEvent[];
}

/**
 * What `MaxAppendSize` counts for one event since 24.10.4: data + metadata + the type in UTF-16
 * (`Event.SizeOnDisk`, src/EventStore.Core/Data/Event.cs).
 */
export function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.metadata.length + event.type.length * 2;
}

/**
 * Commits one append as the node would, including its failures. A write that does not complete
 * within `timeoutMs` is answered Timeout (the request manager's prepare/commit timeout,
 * `RequestManagerBase`), yet still commits when its turn comes: the "timeout, but committed" case
 * that makes a retry find its event already stored. A kill drops writes not yet committed.
 */
export function commitAppend(
  node: NodeState,
  log: StandInLog,
  request: AppendRequest,
  timeoutMs: number,
): Promise<AppendAnswer> {
  if (!node.isReady) return Promise.resolve({ kind: 'not_ready' });
  const appendNumber = node.nextAppendNumber();
  const { faults } = node;
  const lifetime = node.lifetime;

  const commit = (): AppendAnswer => {
    if (node.lifetime !== lifetime) return { kind: 'killed' };
    const outcome = log.append(request.streamName, request.expected, request.events);
    if (faults.killAfterCommit === appendNumber) {
      node.kill();
      return { kind: 'killed' };
    }
    if (outcome.kind === 'written' && faults.timeoutAfterCommit?.(appendNumber)) {
      return { kind: 'timeout' };
    }
    return outcome;
  };

  const delayMs = faults.commitDelayMs ?? 0;
  if (delayMs <= 0) return Promise.resolve(commit());
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    setTimeout(() => {
      const answer = commit();
      clearTimeout(timer);
      resolve(answer);
    }, delayMs);
  });
}
