import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../src/observability/logger.js';
import { sqliteFile } from '../../src/openStores.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import { appendPaymentEvents } from '../support/appendPaymentEvents.js';
import { eventually } from '../support/eventually.js';
import { readiness } from '../support/readiness.js';
import { startApp, type TestApp } from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

/** Threads of this process named `projections` (Linux names threads in /proc). */
const projectionThreads = () =>
  readdirSync('/proc/self/task').filter(
    (task) => readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() === 'projections',
  ).length;

/** A thread's nice value: field 19 of /proc/self/task/<tid>/stat, counted after the `(comm)`. */
const niceOf = (task: string) => {
  const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

/** The nice values of this process's threads named `name`. */
const niceOfThreads = (name: string) =>
  readdirSync('/proc/self/task')
    .filter((task) => readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() === name)
    .map(niceOf);

/**
 * An analyst's projection that records, per payment event, which thread applied it; it ends its
 * thread (`process.exit(7)`) while the file `crashFile` exists.
 */
const probeModule = (crashFile: string) => `
import { existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
export default {
  name: 'thread_probe',
  version: 1,
  streamPrefixes: ['payment-'],
  needsHistory: false,
  needsDocument: true,
  indexes: [],
  keysOf: () => ['probe'],
  evolve(document) {
    if (existsSync(${JSON.stringify(crashFile)})) process.exit(7);
    return { onMainThread: isMainThread, events: Number(document?.events ?? 0) + 1 };
  },
};
`;

const PROBE = { projection: 'thread_probe', collection: 'thread_probe', generation: 1 };

describe('The service’s projections in a thread of their own', function () {
  this.timeout(60_000);
  let app: TestApp;
  let dir: Awaited<ReturnType<typeof tempDataDir>>;
  let crashFile: string;
  const logs: { level: string; message: string; error?: string }[] = [];

  const projections = async () => (await readiness(app.url)).body.checks.projections;
  const probe = async () =>
    (await app.service.readModels.load(PROBE, ['probe'])).get('probe')?.body as
      { onMainThread: boolean; events: number } | undefined;

  beforeEach(async function () {
    dir = await tempDataDir();
    crashFile = join(dir.dir, 'crash-now');
    // .mjs: the temp dir has no package.json saying "type": "module".
    const module = join(dir.dir, 'threadProbe.mjs');
    await writeFile(module, probeModule(crashFile));
    logs.length = 0;
    app = await startApp(
      { PROJECTIONS_EXTRA: module },
      {
        dataDir: dir.dir,
        logger: createLogger('info', (line) => {
          logs.push(JSON.parse(line) as (typeof logs)[number]);
        }),
      },
    );
    await eventually(async () => ((await projections())?.state === 'live' ? true : undefined));
  });

  afterEach(async function () {
    await app.stop();
    await dir.remove();
  });

  it('applies every event on a thread named `projections`, not on the event loop that answers HTTP', async function () {
    await appendPaymentEvents(app.service.eventStore, [
      { paymentId: 'pi_a' },
      { paymentId: 'pi_b' },
    ]);

    const applied = await eventually(async () => {
      const body = await probe();
      return body?.events === 2 ? body : undefined;
    });
    expect(applied.onMainThread).to.equal(false);
    expect(projectionThreads()).to.be.at.least(1);
  });

  it('runs the projection thread at a lower priority than the event loop, which answers gateways', function () {
    const eventLoop = niceOf(String(process.pid));

    expect(niceOfThreads('projections')).to.deep.equal([Math.min(19, eventLoop + 10)]);
  });

  it('logs a thread that dies, reports it in /readyz as failing, starts another, and the read models catch up with nothing lost or doubled', async function () {
    await appendPaymentEvents(app.service.eventStore, [{ paymentId: 'pi_before' }]);
    await eventually(async () => ((await probe())?.events === 1 ? true : undefined));

    await writeFile(crashFile, '');
    await appendPaymentEvents(app.service.eventStore, [{ paymentId: 'pi_crash' }]);
    const failing = await eventually(async () => {
      const check = await projections();
      return check?.state === 'retrying' ? check : undefined;
    });
    expect(failing).to.deep.include({
      ready: false,
      caughtUp: false,
      lastError: 'the projection thread exited with code 7',
      reason: 'projections failing: the projection thread exited with code 7',
    });
    const died = logs.find((entry) => entry.message === 'projection thread died; starting another');
    expect(died).to.include({ level: 'error', error: 'the projection thread exited with code 7' });
    expect((await app.get('/readyz')).status).to.equal(200);

    await rm(crashFile);
    await appendPaymentEvents(app.service.eventStore, [{ paymentId: 'pi_after' }]);
    const recovered = await eventually(async () => {
      const check = await projections();
      return check?.state === 'live' && check.caughtUp && (await probe())?.events === 3
        ? check
        : undefined;
    }, 30_000);
    expect(recovered).to.deep.include({ ready: true, lastError: null });
    expect(await probe()).to.deep.equal({ onMainThread: false, events: 3 });
  });

  it('leaves no projection thread running once closed, and releases the lease', async function () {
    const before = await projections();
    expect(before).to.include({ leaseHeld: true });

    await app.stop();

    expect(projectionThreads()).to.equal(0);
    const store = createSqliteReadModelStore({ file: sqliteFile(dir.dir) });
    try {
      const lease = await store.readLease('projections');
      expect(lease?.expiresAt.getTime() ?? 0).to.be.at.most(Date.now());
    } finally {
      await store.close();
    }
    // Stopped twice (again by afterEach) is stopped.
  });
});

describe('An instance with PROJECTIONS_ENABLED=false, as to threads', function () {
  it('starts no projection thread', async function () {
    const app = await startApp({ PROJECTIONS_ENABLED: 'false' });
    try {
      expect(projectionThreads()).to.equal(0);
    } finally {
      await app.stop();
    }
  });
});
