/**
 * Projection throughput: catch-up and full rebuild, in events per second, on the embedded SQLite
 * read models and (when Go or MONGODB_URL is available) on FerretDB/MongoDB, as a ratio.
 *
 *   npm run bench:projections -- [--events 1000000] [--mongo-events 20000] [--events-per-payment 4]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rebuildReadModels } from '../../projections/rebuildReadModels.js';
import { startProjections } from '../../projections/runProjections.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import { ensureFerretDb, startFerretDb } from '../../test/setup/ferretDb.js';
import { describeMachine } from './machine.js';
import { seedPaymentEvents } from './seedPaymentEvents.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'mongo-events': { type: 'string', default: '20000' },
    'events-per-payment': { type: 'string', default: '4' },
  },
});
const events = Number(values.events);
const mongoEvents = Number(values['mongo-events']);
const perPayment = Number(values['events-per-payment']);
const out = (line: string) => process.stdout.write(`${line}\n`);
const rate = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);

/** Peak resident memory while `work` runs, sampled every 100 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    return [await work(), peak / 2 ** 20];
  } finally {
    clearInterval(timer);
  }
}

async function catchUp(eventStore: EventStore, readModels: ReadModelStore): Promise<number> {
  const started = performance.now();
  const runner = startProjections({ eventStore, readModels });
  await runner.whenCaughtUp();
  const seconds = (performance.now() - started) / 1000;
  const applied = runner.status().eventsApplied;
  await runner.stop();
  return applied / seconds;
}

async function measure(
  count: number,
  openReadModels: (eventStore: EventStore & { database: never }) => ReadModelStore,
) {
  const dir = await mkdtemp(join(tmpdir(), 'payledger-bench-'));
  const eventStore = createSqliteEventStore({ file: join(dir, 'bench.sqlite') });
  try {
    const seeded = await seedPaymentEvents(eventStore, count, perPayment);
    out(
      `  seeded ${count.toLocaleString('en-US')} events (${Math.round(count / perPayment).toLocaleString('en-US')} payments) at ${rate(seeded)} events/s`,
    );
    const readModels = openReadModels(eventStore as never);
    try {
      const [catchUpRate, catchUpRss] = await withPeakRss(() => catchUp(eventStore, readModels));
      out(`  catch-up: ${rate(catchUpRate)} events/s, peak RSS ${catchUpRss.toFixed(0)} MB`);
      const [rebuild, rebuildRss] = await withPeakRss(() =>
        rebuildReadModels({ eventStore, readModels }),
      );
      out(
        `  rebuild:  ${rate(rebuild.eventsPerSecond)} events/s (${rebuild.seconds.toFixed(1)} s), peak RSS ${rebuildRss.toFixed(0)} MB`,
      );
      return { catchUpRate, rebuildRate: rebuild.eventsPerSecond };
    } finally {
      await readModels.close();
    }
  } finally {
    await eventStore.close();
    await rm(dir, { recursive: true, force: true });
  }
}

out(`machine: ${describeMachine()}`);
out(
  `events ≈ 0.9 KB each (the raw body kept once), ${perPayment} per payment, batches ≤ 1000 events\n`,
);
out(`SQLite read models (same file as the log, WAL + synchronous=FULL):`);
const sqlite = await measure(events, (eventStore) =>
  createSqliteReadModelStore(eventStore.database),
);

let mongoUrl = process.env['MONGODB_URL'];
let stopFerretDb: (() => Promise<void>) | undefined;
if (!mongoUrl) {
  try {
    const ferretDb = await startFerretDb(await ensureFerretDb());
    mongoUrl = ferretDb.url;
    stopFerretDb = () => ferretDb.stop();
  } catch (error) {
    out(`\nFerretDB unavailable, MongoDB part skipped: ${String(error)}`);
  }
}
if (mongoUrl) {
  out(
    `\n${stopFerretDb ? 'FerretDB 1.24 (SQLite backend, test settings)' : 'MongoDB at MONGODB_URL'}:`,
  );
  const mongo = await measure(mongoEvents, () =>
    createMongoReadModelStore({ url: mongoUrl, databaseName: `payledger_bench_${Date.now()}` }),
  );
  out(
    `  ratio to SQLite: catch-up ${(mongo.catchUpRate / sqlite.catchUpRate).toFixed(3)}, rebuild ${(mongo.rebuildRate / sqlite.rebuildRate).toFixed(3)}`,
  );
  await stopFerretDb?.();
}
