/**
 * Projection throughput: catch-up (empty read models) and a full rebuild of every projection,
 * in events per second, with peak RSS, on the embedded SQLite read models and on FerretDB (or a
 * MongoDB at MONGODB_URL), where it also counts the commands sent per 1,000 events.
 *
 *   npm run bench:projections -- [--events 1000000] [--mongo-events 10000,100000]
 *                                [--events-per-payment 4] [--window <events>]
 *
 * `--window` is how many events of the log a payment's events are spread over: by default the
 * whole log, so they are as far apart as possible (the worst case for batching); `--window
 * 2000` keeps each payment's lifecycle within 2,000 events, as when payments complete within
 * seconds of each other.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { rebuildProjections } from '../../projections/rebuild/rebuildProjections.js';
import { startProjections } from '../../projections/runner/runProjections.js';
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
    'mongo-events': { type: 'string', default: '10000,100000' },
    'events-per-payment': { type: 'string', default: '4' },
    window: { type: 'string', default: '0' },
    'batch-size': { type: 'string', default: '0' },
  },
});
const sqliteEvents = Number(values.events);
const mongoSizes = values['mongo-events'].split(',').filter(Boolean).map(Number);
const perPayment = Number(values['events-per-payment']);
const window = Number(values.window);
const batchSize = Number(values['batch-size']);
const settings = batchSize > 0 ? { maxBatchSize: batchSize } : {};
const out = (line: string) => process.stdout.write(`${line}\n`);
const number = (n: number) => Math.round(n).toLocaleString('en-US');

/** Peak resident memory while `work` runs, sampled every 100 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    return [await work(), Math.max(peak, process.memoryUsage.rss()) / 2 ** 20];
  } finally {
    clearInterval(timer);
  }
}

interface Figures {
  readonly rate: number;
  readonly seconds: number;
  readonly rssMb: number;
  readonly commandsPer1000: number | undefined;
}

async function catchUp(eventStore: EventStore, store: ReadModelStore, count: number) {
  const started = performance.now();
  const runner = startProjections({
    eventStore,
    store,
    definitions: BUILT_IN_PROJECTIONS,
    settings,
  });
  await runner.whenCaughtUp();
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { rate: count / seconds, seconds };
}

async function measure(
  label: string,
  count: number,
  openReadModels: (
    eventStore: ReturnType<typeof createSqliteEventStore>,
    onCommand: () => void,
  ) => ReadModelStore,
): Promise<{ catchUp: Figures; rebuild: Figures }> {
  const dir = await mkdtemp(join(tmpdir(), 'payledger-bench-'));
  const eventStore = createSqliteEventStore({ file: join(dir, 'bench.sqlite') });
  let commands = 0;
  let counting = false;
  try {
    const seeded = await seedPaymentEvents(
      eventStore,
      count,
      perPayment,
      window > 0 ? window : count,
    );
    out(
      `${label}, ${number(count)} events (${number(count / perPayment)} payments), seeded at ${number(seeded)} events/s`,
    );
    const store = openReadModels(eventStore, () => {
      if (counting) commands += 1;
    });
    try {
      const per1000 = () => (counting ? (commands / count) * 1000 : undefined);
      counting = !store.atomicBatches;
      const [up, upRss] = await withPeakRss(() => catchUp(eventStore, store, count));
      const upCommands = per1000();
      commands = 0;
      const [rebuilt, rebuildRss] = await withPeakRss(() =>
        rebuildProjections({
          eventStore,
          store,
          definitions: BUILT_IN_PROJECTIONS,
          settings,
          handoverTimeoutMs: 0,
        }),
      );
      const rebuildCommands = per1000();
      const line = (name: string, figures: Figures) =>
        `  ${name.padEnd(9)} ${number(figures.rate).padStart(8)} events/s  ${figures.seconds.toFixed(1).padStart(7)} s  peak RSS ${figures.rssMb.toFixed(0)} MB${figures.commandsPer1000 === undefined ? '' : `  ${figures.commandsPer1000.toFixed(1)} commands per 1,000 events`}`;
      const catchUpFigures = { ...up, rssMb: upRss, commandsPer1000: upCommands };
      const rebuildFigures = {
        rate: count / rebuilt.seconds,
        seconds: rebuilt.seconds,
        rssMb: rebuildRss,
        commandsPer1000: rebuildCommands,
      };
      out(line('catch-up', catchUpFigures));
      out(line('rebuild', rebuildFigures));
      return { catchUp: catchUpFigures, rebuild: rebuildFigures };
    } finally {
      await store.close();
    }
  } finally {
    await eventStore.close();
    await rm(dir, { recursive: true, force: true });
  }
}

out(`machine: ${describeMachine()}`);
out(
  `events ≈ 0.9 KB each (the raw body kept once), ${perPayment} per payment, each payment's events spread over ${window > 0 ? `${number(window)} events` : 'the whole log'}; 4 projections (payments, orders, daily_totals, parked_payments); batches ≤ ${number(batchSize > 0 ? batchSize : 1000)} events\n`,
);
if (sqliteEvents > 0) {
  await measure('SQLite read models (same file as the log, WAL)', sqliteEvents, (eventStore) =>
    createSqliteReadModelStore(eventStore.database),
  );
}

let mongoUrl = process.env['MONGODB_URL'];
let stopFerretDb: (() => Promise<void>) | undefined;
let server = 'MongoDB at MONGODB_URL';
if (!mongoUrl && mongoSizes.length > 0) {
  try {
    const ferretDb = await startFerretDb(await ensureFerretDb());
    mongoUrl = ferretDb.url;
    stopFerretDb = () => ferretDb.stop();
    server = `FerretDB 1.24 on ${ferretDb.backend} (as the tests run it; FERRETDB_BACKEND picks)`;
  } catch (error) {
    out(`\nFerretDB unavailable, MongoDB part skipped: ${String(error)}`);
  }
}
if (mongoUrl) {
  const rates: number[] = [];
  for (const size of mongoSizes) {
    const figures = await measure(`\n${server}`, size, (_eventStore, onCommand) =>
      createMongoReadModelStore({
        url: mongoUrl,
        databaseName: `payledger_bench_${Date.now()}`,
        onCommandStarted: onCommand,
      }),
    );
    rates.push(figures.catchUp.rate);
  }
  if (rates.length > 1) {
    out(
      `\n  catch-up rate at ${number(mongoSizes.at(-1) ?? 0)} events is ${(((rates.at(-1) ?? 0) / (rates[0] ?? 1)) * 100).toFixed(0)} % of the rate at ${number(mongoSizes[0] ?? 0)}`,
    );
  }
  await stopFerretDb?.();
}
