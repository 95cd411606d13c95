import type { EventStore, GlobalPosition } from '../../src/eventStore/eventStore.js';

/** The lag gauge counts at most this many events behind (reading more would slow catch-up). */
export const LAG_PROBE_LIMIT = 1000;

/**
 * How far the log runs ahead of each projection's checkpoint: the events after it (up to
 * `LAG_PROBE_LIMIT`) and when the oldest of them was recorded. Projections at the same
 * checkpoint share one read. Only the event store is read, so the lag is known also while the
 * read-model store is down.
 */
export async function probeLag(
  eventStore: Pick<EventStore, 'readAll'>,
  projections: readonly {
    readonly name: string;
    readonly streamPrefixes: readonly string[];
    readonly checkpoint: GlobalPosition | null;
  }[],
  report: (projection: string, events: number, oldestRecordedAtMs: number | null) => void,
): Promise<void> {
  const probes = new Map<string, Promise<{ count: number; oldest: number | null }>>();
  for (const { name, streamPrefixes, checkpoint } of projections) {
    const id = `${checkpoint?.commit ?? '-'}/${checkpoint?.prepare ?? '-'}/${streamPrefixes.join(',')}`;
    let probe = probes.get(id);
    if (!probe) {
      probe = eventStore
        .readAll({
          ...(checkpoint ? { after: checkpoint } : {}),
          maxCount: LAG_PROBE_LIMIT,
          streamPrefixes,
        })
        .then((events) => ({
          count: events.length,
          oldest: events[0]?.recordedAt.getTime() ?? null,
        }));
      probes.set(id, probe);
    }
    const { count, oldest } = await probe;
    report(name, count, oldest);
  }
}
