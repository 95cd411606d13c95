import { randomUUID } from 'node:crypto';
import type { ProposedEvent, StandInLog, StoredEvent } from './standInLog.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function systemEvent(type: string, data: unknown, metadata: unknown = {}): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: 'application/json',
    data: json(data),
    metadata: json(metadata),
  };
}

// The node's own streams (EventStore/EventStore `src/EventStore.Core/Services/SystemNames.cs`):
// what a freshly started single node holds in `$all` before any client writes. A plausible set
// with the server's stream names and event types, not a byte-for-byte copy of a real log.
const NODE = '127.0.0.1:2113';

export function writeStartupSystemEvents(log: StandInLog): void {
  log.writeSystemEvents('$epoch-information', [
    systemEvent('$epoch-information', { epochNumber: 0, epochPosition: 0, leaderInstanceId: NODE }),
  ]);
  log.writeSystemEvents('$scavenges', [systemEvent('$scavengeIndexInitialized', {})]);
  log.writeSystemEvents('$$$scavenges', [systemEvent('$metadata', { $maxAge: 2_592_000 })]);
  log.writeSystemEvents(`$$$stats-${NODE}`, [systemEvent('$metadata', { $maxAge: 86_400 })]);
  writeStatsEvent(log);
}

/** `$statsCollected`, which a real node writes every 30 s (`StatsPeriodSec`). */
export function writeStatsEvent(log: StandInLog): void {
  log.writeSystemEvents(`$stats-${NODE}`, [
    systemEvent('$statsCollected', { 'proc-startTime': new Date().toISOString() }),
  ]);
}

/**
 * The `$by_category` system projection (run with `--run-projections=All`): after each event of a
 * user stream `category-rest`, a link (`$>`, data `revision@stream`) in `$ce-category`.
 */
export function writeCategoryLink(log: StandInLog, event: StoredEvent): void {
  if (event.streamName.startsWith('$')) return;
  const dash = event.streamName.indexOf('-');
  if (dash <= 0) return;
  const category = event.streamName.slice(0, dash);
  log.writeSystemEvents(`$ce-${category}`, [
    {
      id: randomUUID(),
      type: '$>',
      contentType: 'application/octet-stream',
      data: Buffer.from(`${event.revision}@${event.streamName}`),
      metadata: json({ $v: '1:-1:1:4', $c: 0, $p: 0, $causedBy: event.id }),
    },
  ]);
}
