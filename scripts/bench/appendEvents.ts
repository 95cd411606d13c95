/**
 * The SQLite event store's append rate with and without group commit, at the durability the
 * service runs with (WAL, synchronous=FULL).
 *
 *   npm run bench:append -- [--events 20000] [--concurrency 64]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { describeMachine } from './machine.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const events = Number(values.events);
const concurrency = Number(values.concurrency);
const payload = { payload: 'x'.repeat(900) };

async function measure(maxBatchSize: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'payledger-bench-'));
  const store = createSqliteEventStore({ file: join(dir, 'bench.sqlite'), maxBatchSize });
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events) {
        const n = next++;
        await store.appendToStream(
          `payment-bench:${n}`,
          [{ id: randomUUID(), type: 'PaymentCaptured', data: payload, metadata: {} }],
          {
            expectedRevision: 'no_stream',
          },
        );
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  await rm(dir, { recursive: true, force: true });
  return events / seconds;
}

process.stdout.write(`machine: ${describeMachine()}\n`);
process.stdout.write(
  `${events} appends of one ~1 KB event to new streams, ${concurrency} in flight, WAL + synchronous=FULL\n\n`,
);
const without = await measure(1);
process.stdout.write(
  `group commit off (1 append per transaction): ${without.toFixed(0).padStart(7)} events/s\n`,
);
const withGroupCommit = await measure(1000);
process.stdout.write(
  `group commit on  (≤ 1000 per transaction):  ${withGroupCommit.toFixed(0).padStart(7)} events/s\n`,
);
process.stdout.write(`ratio: ${(withGroupCommit / without).toFixed(1)}×\n`);
