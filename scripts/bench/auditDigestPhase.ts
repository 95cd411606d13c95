/**
 * The service's digest work at scale, in a process of its own (for its peak RSS): the start-up
 * fold of the whole log, the first digest, and a steady-state digest after one more event, with
 * the longest event-loop stall during each digest (what HTTP requests would wait).
 *   tsx scripts/bench/auditDigestPhase.ts <DATA_DIR>
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startDigester } from '../../src/audit/digest/digester.js';
import { systemClock } from '../../src/domain/clock.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PaymentEvent } from '../../src/domain/paymentEvent.js';
import { appendPaymentEvent } from '../../src/webhooks/appendPaymentEvent.js';
import { aPaymentEvent } from '../../test/support/paymentEvents.js';

const [dataDir = '.'] = process.argv.slice(2);
const store = createSqliteEventStore({ file: join(dataDir, 'payledger.sqlite') });
const total = (store.database.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
const started = performance.now();
const digester = startDigester({
  eventStore: store,
  intervalSeconds: 0,
  signer: undefined,
  logger: silentLogger,
  clock: systemClock,
});
await digester.whenCaughtUp();
while (digester.foldedEvents() < total) await new Promise((resolve) => setTimeout(resolve, 50));
const foldSeconds = (performance.now() - started) / 1000;

async function timed() {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const begin = performance.now();
  const digest = await digester.digestNow();
  const ms = performance.now() - begin;
  delay.disable();
  return { ms, maxStallMs: delay.max / 1e6, streams: digest?.body.streams ?? 0 };
}
const first = await timed();
const { streamName, ...next } = aPaymentEvent({ paymentId: 'pi_1' });
await appendPaymentEvent(store, streamName, next as unknown as PaymentEvent);
while (digester.foldedEvents() < total + 1) await new Promise((resolve) => setTimeout(resolve, 20));
const steady = await timed();
await digester.stop();
await store.close();
process.stdout.write(
  `${JSON.stringify({ events: total, foldSeconds, first, steady, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
process.exit(0);
