/**
 * What the lease and the aimed rebuilds cost on the embedded SQLite store: a catch-up of every
 * projection with and without the fencing token in each write transaction, and a dry run's
 * comparison of a fresh build with the live one, in documents per second.
 *
 *   npm run bench:rebuild-aimed -- [--events 200000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { compareBuilds } from '../../projections/rebuild/compareBuilds.js';
import { startProjections } from '../../projections/runner/runProjections.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import type { WriteFence } from '../../src/readModels/projectionLeases.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import { describeMachine } from './machine.js';
import { seedPaymentEvents } from './seedPaymentEvents.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' } } });
const count = Number(values.events);
const out = (line: string) => process.stdout.write(`${line}\n`);
const number = (n: number) => Math.round(n).toLocaleString('en-US');

const dir = await mkdtemp(join(tmpdir(), 'payledger-bench-'));
const eventStore = createSqliteEventStore({ file: join(dir, 'bench.sqlite') });
const store = createSqliteReadModelStore(eventStore.database);
try {
  out(describeMachine());
  await seedPaymentEvents(eventStore, count, 4, count);
  const live = startProjections({ eventStore, store, definitions: BUILT_IN_PROJECTIONS });
  await live.whenCaughtUp();
  await live.stop();
  const lease = await store.acquireLease('projections', 'bench', 3_600_000);
  const fence: WriteFence = { lease: lease.name, token: lease.token, assertHeld: () => undefined };

  /** A catch-up of every projection into fresh builds beside the live ones. */
  async function catchUp(withFence: boolean) {
    const targets = [];
    for (const definition of BUILT_IN_PROJECTIONS) {
      targets.push(
        await store.beginRebuild(definition.name, definition.indexes, definition.version),
      );
    }
    const started = performance.now();
    const runner = startProjections({
      eventStore,
      store,
      definitions: BUILT_IN_PROJECTIONS,
      targets,
      ...(withFence ? { fence } : {}),
    });
    await runner.whenCaughtUp();
    await runner.stop();
    return { targets, seconds: (performance.now() - started) / 1000 };
  }

  for (const withFence of [false, true, false, true]) {
    const { targets, seconds } = await catchUp(withFence);
    out(
      `catch-up ${withFence ? 'fenced  ' : 'unfenced'} ${number(count / seconds).padStart(8)} events/s (${seconds.toFixed(1)} s, ${number(count)} events)`,
    );
    if (withFence) {
      for (const target of targets) {
        const started = performance.now();
        const differences = await compareBuilds(
          store,
          await store.liveTarget(target.projection),
          target,
        );
        const compared = (await store.documentsPage(target, undefined, 1_000_000)).length;
        const elapsed = (performance.now() - started) / 1000;
        out(
          `  compare ${target.projection.padEnd(15)} ${number(compared).padStart(7)} documents in ${elapsed.toFixed(2)} s (${differences.added + differences.removed + differences.different} differences)`,
        );
      }
    }
    for (const target of targets) await store.discardRebuild(target);
  }
} finally {
  await store.close();
  await eventStore.close();
  await rm(dir, { recursive: true, force: true });
}
