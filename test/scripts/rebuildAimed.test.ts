import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILT_IN_PROJECTIONS } from '../../projections/builtInProjections.js';
import { startProjections } from '../../projections/runner/runProjections.js';
import { ConfigError } from '../../src/config/configError.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import type { ReadModelStore } from '../../src/readModels/readModelStore.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../support/appendPaymentEvents.js';
import { eventually } from '../support/eventually.js';
import type { PaymentEventSpec } from '../support/paymentEvents.js';
import { startApp } from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

const CLI = join(import.meta.dirname, '../../src/cli/payledger.ts');
const EXAMPLE = join(import.meta.dirname, '../../scripts/examples/capturedPerDay.js');

/** Runs `payledger …` on a data dir; resolves with its exit code and output, never rejects. */
async function payledger(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx/esm', CLI, ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const events = (count: number, offset = 0): PaymentEventSpec[] =>
  Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    return {
      paymentId: `pi_${i % 37}`,
      orderId: `ord_${i % 9}`,
      status: (['authorized', 'captured', 'partially_refunded', 'captured'] as const)[i % 4]!,
      currency: i % 3 === 0 ? 'EUR' : 'USD',
      amount: 1000 + (i % 37),
      occurredAt: new Date(Date.UTC(2024, 0, 1 + ((i % 37) % 3), 0, 0, i % 60)).toISOString(),
      ...(i % 4 === 2 ? { refundId: `re_${i % 4}`, amount: 25 } : {}),
    };
  });

const generations = async (readModels: ReadModelStore) =>
  Promise.all(
    BUILT_IN_PROJECTIONS.map(async ({ name }) => (await readModels.liveTarget(name)).generation),
  );

describe('payledger rebuild --projection', function () {
  this.timeout(60_000);
  let dir: string;
  let remove: () => Promise<void>;
  let eventStore: ReturnType<typeof createSqliteEventStore>;
  let readModels: ReadModelStore;

  beforeEach(async function () {
    ({ dir, remove } = await tempDataDir());
    eventStore = createSqliteEventStore({
      file: join(dir, 'payledger.sqlite'),
      pollIntervalMs: 20,
    });
    readModels = createSqliteReadModelStore(eventStore.database);
    await appendPaymentEvents(eventStore, events(400));
  });
  afterEach(async function () {
    await readModels.close();
    await eventStore.close();
    await remove();
  });

  it('rebuilds and swaps only the named projection while the others keep running', async function () {
    const live = startProjections({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
      settings: { pollIntervalMs: 50 },
    });
    try {
      await live.whenCaughtUp();
      const rebuild = payledger(['rebuild', '--projection', 'orders'], { DATA_DIR: dir });
      await appendPaymentEvents(eventStore, events(100, 400));
      const { code, stdout } = await rebuild;

      expect(code).to.equal(0);
      expect(stdout).to.match(/^orders \(generation 2\) rebuilt and swapped in: [\d,]+ events in/);
      expect(await generations(readModels)).to.deep.equal([1, 2, 1, 1]);
      const head = (await eventStore.readAll({ maxCount: 100_000 })).at(-1)?.position;
      await eventually(() =>
        Promise.resolve(
          live.status().projections.every((p) => p.position?.commit === head?.commit) || undefined,
        ),
      );
      expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
    } finally {
      await live.stop();
    }
  });

  it('with --dry-run prints what would change, with examples, and swaps nothing', async function () {
    const live = startProjections({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
    });
    await live.whenCaughtUp();
    await live.stop();
    // The live read models drift from the log: one order lost, one payment altered.
    eventStore.database.prepare("DELETE FROM orders WHERE key = 'ord_4'").run();
    eventStore.database
      .prepare(
        "UPDATE payments SET document = json_set(document, '$.amount', 1) WHERE key = 'stripe:pi_5'",
      )
      .run();

    const { code, stdout } = await payledger(
      ['rebuild', '--projection', 'orders', '--projection', 'payments', '--dry-run'],
      { DATA_DIR: dir },
    );

    expect(code).to.equal(0);
    expect(stdout).to.include('orders: 1 added, 0 removed, 0 different\n  added: ord_4\n');
    expect(stdout).to.include(
      'payments: 0 added, 0 removed, 1 different\n  different: stripe:pi_5\n',
    );
    expect(stdout).to.match(
      /dry run: orders, payments rebuilt from [\d,]+ events .*nothing swapped\n$/,
    );
    expect(await generations(readModels)).to.deep.equal([1, 1, 1, 1]);
    const leftovers = eventStore.database
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_\\_rebuild\\_%' ESCAPE '\\'",
      )
      .all();
    expect(leftovers).to.deep.equal([]);
  });

  it('refuses a second rebuild of a projection being rebuilt, naming who rebuilds it', async function () {
    await readModels.acquireLease('rebuild:orders', 'analyst-laptop:4242', 60_000);

    const { code, stdout, stderr } = await payledger(['rebuild', '--projection', 'orders'], {
      DATA_DIR: dir,
    });

    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.match(
      /^payledger rebuild: a rebuild of orders is already running \(analyst-laptop:4242, lock expires .*\)\n$/,
    );
    expect(await generations(readModels)).to.deep.equal([1, 1, 1, 1]);
  });

  it('answers exit 2 in one line for an unknown projection or a store it cannot reach', async function () {
    const unknown = await payledger(['rebuild', '--projection', 'refunds'], { DATA_DIR: dir });
    const unreachable = await payledger(['rebuild', '--projection', 'orders'], {
      DATA_DIR: dir,
      MONGODB_URL: 'mongodb://127.0.0.1:1/',
    });

    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(
      /^payledger rebuild: no projection "refunds"; built-in ones are payments, orders, daily_totals, parked_payments.*\n$/,
    );
    expect(unreachable.code).to.equal(2);
    expect(unreachable.stderr).to.match(/^payledger rebuild: .*\(store_unavailable\)\n$/);
  });

  context('with an analyst’s module (scripts/examples/capturedPerDay.js)', function () {
    /** The example's answer, counted here without the engine: first captures per day and currency. */
    async function expectedRows() {
      const all = await eventStore.readAll({ maxCount: 100_000, streamPrefixes: ['payment-'] });
      const captured = new Set<string>();
      const rows = new Map<
        string,
        { day: string; currency: string; payments: number; amount: number }
      >();
      for (const event of all) {
        const data = event.data as {
          status: string;
          occurredAt: string;
          currency: string;
          amount: number;
        };
        if (data.status !== 'captured' || captured.has(event.streamName)) continue;
        captured.add(event.streamName);
        const key = `${data.occurredAt.slice(0, 10)}:${data.currency}`;
        const row = rows.get(key) ?? {
          day: data.occurredAt.slice(0, 10),
          currency: data.currency,
          payments: 0,
          amount: 0,
        };
        rows.set(key, { ...row, payments: row.payments + 1, amount: row.amount + data.amount });
      }
      return [...rows].sort(([a], [b]) => (a < b ? -1 : 1));
    }
    const storedRows = () =>
      (
        eventStore.database
          .prepare('SELECT key, document FROM captured_per_day ORDER BY key')
          .all() as {
          key: string;
          document: string;
        }[]
      ).map((row) => [row.key, JSON.parse(row.document) as unknown]);

    it('refuses, naming what is wrong, a module that is missing or not a usable definition', async function () {
      // .mjs: the temp dir has no package.json saying "type": "module".
      const misshapen = join(dir, 'misshapen.mjs');
      await writeFile(misshapen, "export default { name: 'orders', version: 0, keysOf: 1 };\n");
      const problems = async (path: string) => {
        try {
          await startApp({ PROJECTIONS_EXTRA: path }, { dataDir: dir });
        } catch (error) {
          expect(error).to.be.instanceOf(ConfigError);
          return (error as ConfigError).problems;
        }
        return expect.fail('the service started');
      };

      const [missing] = await problems(join(dir, 'nowhere.js'));
      expect(missing?.variable).to.equal('PROJECTIONS_EXTRA');
      expect(missing?.message).to.match(/^cannot load .*nowhere\.js: Cannot find module /);
      const [shape] = await problems(misshapen);
      expect(shape?.message).to.equal(
        `${misshapen}: version must be a positive integer; streamPrefixes must be a non-empty list of stream name prefixes; needsHistory must be true or false; needsDocument must be true or false; indexes must be a list of { name, fields: [{ field, descending? }] }; keysOf must be a function; evolve must be a function`,
      );
      const cli = await payledger(['rebuild', '--projection', misshapen], { DATA_DIR: dir });
      expect(cli.code).to.equal(2);
      expect(cli.stderr).to.match(
        /^payledger rebuild: .*misshapen\.mjs: version must be a positive integer; .*\n$/,
      );
    });

    it('materializes it into its own table, then the service keeps it up to date', async function () {
      const { code, stdout } = await payledger(['rebuild', '--projection', EXAMPLE], {
        DATA_DIR: dir,
      });
      expect(code).to.equal(0);
      expect(stdout).to.match(/^captured_per_day \(generation 2\) rebuilt and swapped in/);
      expect(storedRows()).to.deep.equal(await expectedRows());
      expect(storedRows()).to.have.length.above(2);

      const app = await startApp({ PROJECTIONS_EXTRA: EXAMPLE }, { dataDir: dir });
      try {
        await appendPaymentEvents(eventStore, events(200, 400));
        const expected = await expectedRows();
        await eventually(
          () =>
            Promise.resolve(JSON.stringify(storedRows()) === JSON.stringify(expected) || undefined),
          30_000,
        );
        expect(storedRows()).to.deep.equal(expected);
      } finally {
        await app.stop();
      }
    });
  });
});
