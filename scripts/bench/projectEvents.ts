/**
 * Projection throughput: catch-up (empty read models) and a full rebuild of every projection,
 * in events per second, with peak RSS, on the embedded SQLite read models and on FerretDB (or a
 * MongoDB at MONGODB_URL), where it also counts the commands sent per 1,000 events.
 *
 *   npm run bench:projections -- [--events 1000000] [--mongo-events 10000,100000]
 *                                [--events-per-payment 4] [--window <events>]
 *                                [--guarded-max 2000]
 *
 * On MongoDB the catch-up and the rebuild are staged (folded into a scratch SQLite file, then
 * copied in insert-only); up to `--guarded-max` events they are also measured the old way,
 * through guarded writes only (on FerretDB 1.24 that grows with the square of the log).
 *
 * `--window` is how many events of the log a payment's events are spread over: by default the
 * whole log, so they are as far apart as possible (the worst case for batching); `--window
 * 2000` keeps each payment's lifecycle within 2,000 events, as when payments complete within
 * seconds of each other.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import {
  rebuildProjections,
  type RebuildResult,
} from '../../projections/rebuild/rebuildProjections.js';
import { startProjectionsStagedFirst } from '../../projections/rebuild/stagedFirstCatchUp.js';
import { startProjections } from '../../projections/runner/runProjections.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createMongoReadModelStore } from '../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import { openStagingReadModelStore } from '../../src/readModels/sqlite/stagingReadModelStore.js';
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
    'guarded-max': { type: 'string', default: '2000' },
    'seed-into': { type: 'string' },
  },
});
const sqliteEvents = Number(values.events);
const mongoSizes = values['mongo-events'].split(',').filter(Boolean).map(Number);
const perPayment = Number(values['events-per-payment']);
const window = Number(values.window);
const batchSize = Number(values['batch-size']);
const settings = batchSize > 0 ? { maxBatchSize: batchSize } : {};
const guardedMax = Number(values['guarded-max']);
const out = (line: string) => process.stdout.write(`${line}\n`);

// The log is seeded by a child process (this script with --seed-into): the heap and the page
// cache that writing a million events leaves behind are not the projections', and a service that
// catches up does not carry them either, so the peak RSS measured here is the catch-up's own.
if (values['seed-into']) {
  const eventStore = createSqliteEventStore({ file: values['seed-into'] });
  const count = Number(values.events);
  const rate = await seedPaymentEvents(eventStore, count, perPayment, window > 0 ? window : count);
  await eventStore.close();
  out(JSON.stringify({ rate }));
  process.exit(0);
}

function seedInChild(file: string, count: number): number {
  const seeded = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--seed-into',
      file,
      '--events',
      String(count),
      '--events-per-payment',
      String(perPayment),
      '--window',
      String(window),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  if (seeded.status !== 0) throw new Error(`seeding failed (exit ${String(seeded.status)})`);
  return (JSON.parse(seeded.stdout.trim().split('\n').at(-1) ?? '{}') as { rate: number }).rate;
}
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

async function catchUp(
  eventStore: EventStore,
  store: ReadModelStore,
  count: number,
  staged: boolean,
) {
  const started = performance.now();
  const options = { eventStore, store, definitions: BUILT_IN_PROJECTIONS, settings };
  const runner = staged
    ? startProjectionsStagedFirst({ ...options, openStaging: () => openStagingReadModelStore() })
    : startProjections(options);
  await runner.whenCaughtUp();
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { rate: count / seconds, seconds };
}

type Phase =
  'catch-up' | 'rebuild' | 'catch-up, guarded writes only' | 'rebuild, guarded writes only';

async function measure(
  label: string,
  count: number,
  phases: readonly Phase[],
  openReadModels: (
    eventStore: ReturnType<typeof createSqliteEventStore>,
    onCommand: () => void,
  ) => ReadModelStore,
): Promise<Partial<Record<Phase, Figures>>> {
  const dir = await mkdtemp(join(tmpdir(), 'payledger-bench-'));
  const seeded = seedInChild(join(dir, 'bench.sqlite'), count);
  const eventStore = createSqliteEventStore({ file: join(dir, 'bench.sqlite') });
  let commands = 0;
  let counting = false;
  const results: Partial<Record<Phase, Figures>> = {};
  try {
    out(
      `${label}, ${number(count)} events (${number(count / perPayment)} payments), seeded at ${number(seeded)} events/s`,
    );
    // The guarded phases get read models of their own, empty like the staged ones.
    let store: ReadModelStore | undefined;
    try {
      for (const phase of phases) {
        if (phase === 'catch-up' || phase === 'catch-up, guarded writes only') {
          await store?.close();
          store = openReadModels(eventStore, () => {
            if (counting) commands += 1;
          });
        }
        if (!store) throw new Error(`${phase} needs a catch-up before it`);
        const readModels = store;
        counting = !readModels.atomicBatches;
        commands = 0;
        const guarded = phase.endsWith('guarded writes only');
        let staged: RebuildResult['staged'];
        const [seconds, rssMb] = await withPeakRss(async () => {
          if (phase.startsWith('catch-up')) {
            return (await catchUp(eventStore, readModels, count, !guarded)).seconds;
          }
          const rebuilt = await rebuildProjections({
            eventStore,
            store: readModels,
            definitions: BUILT_IN_PROJECTIONS,
            settings,
            handoverTimeoutMs: 0,
            ...(guarded ? {} : { openStaging: () => openStagingReadModelStore() }),
          });
          staged = rebuilt.staged;
          return rebuilt.seconds;
        });
        const figures: Figures = {
          rate: count / seconds,
          seconds,
          rssMb,
          commandsPer1000: counting ? (commands / count) * 1000 : undefined,
        };
        results[phase] = figures;
        out(
          `  ${phase.padEnd(30)} ${number(figures.rate).padStart(8)} events/s  ${figures.seconds.toFixed(1).padStart(7)} s  peak RSS ${figures.rssMb.toFixed(0)} MB${figures.commandsPer1000 === undefined ? '' : `  ${figures.commandsPer1000.toFixed(1)} commands per 1,000 events`}`,
        );
        if (staged) {
          out(
            `  ${''.padEnd(30)} staged: folded in ${staged.buildSeconds.toFixed(1)} s, ${number(staged.documents)} documents copied in ${staged.copySeconds.toFixed(1)} s (${number(staged.documents / staged.copySeconds)} documents/s)`,
          );
        }
      }
    } finally {
      await store?.close();
    }
    return results;
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
  await measure(
    'SQLite read models (same file as the log, WAL)',
    sqliteEvents,
    ['catch-up', 'rebuild'],
    (eventStore) => createSqliteReadModelStore(eventStore.database),
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
    const phases: Phase[] = ['catch-up', 'rebuild'];
    if (size <= guardedMax) {
      phases.push('catch-up, guarded writes only', 'rebuild, guarded writes only');
    }
    const figures = await measure(`\n${server}`, size, phases, (_eventStore, onCommand) =>
      createMongoReadModelStore({
        url: mongoUrl,
        databaseName: `payledger_bench_${Date.now()}`,
        onCommandStarted: onCommand,
      }),
    );
    rates.push(figures['catch-up']?.rate ?? 0);
  }
  if (rates.length > 1) {
    out(
      `\n  catch-up rate at ${number(mongoSizes.at(-1) ?? 0)} events is ${(((rates.at(-1) ?? 0) / (rates[0] ?? 1)) * 100).toFixed(0)} % of the rate at ${number(mongoSizes[0] ?? 0)}`,
    );
  }
  await stopFerretDb?.();
}
