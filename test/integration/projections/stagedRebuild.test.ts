import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { BUILT_IN_PROJECTIONS } from '../../../projections/builtInProjections.js';
import { rebuildProjections } from '../../../projections/rebuild/rebuildProjections.js';
import { startProjectionsStagedFirst } from '../../../projections/rebuild/stagedFirstCatchUp.js';
import { startProjections } from '../../../projections/runner/runProjections.js';
import { createSqliteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import type { EventStore } from '../../../src/eventStore/eventStore.js';
import { createMongoReadModelStore } from '../../../src/readModels/mongodb/mongoReadModelStore.js';
import type { ReadModelStore } from '../../../src/readModels/readModelStore.js';
import type { KeyedStoredDocument } from '../../../src/readModels/readModelVersions.js';
import { openStagingReadModelStore } from '../../../src/readModels/sqlite/stagingReadModelStore.js';
import {
  appendPaymentEvents,
  foldWholeLog,
  readEverything,
} from '../../support/appendPaymentEvents.js';
import { runPayledger } from '../../support/captureCli.js';
import { eventually } from '../../support/eventually.js';
import { aLogForEveryProjection } from '../../support/everyProjectionLog.js';
import { runSeed, seededRandom } from '../../support/seededRandom.js';
import { tempDataDir } from '../../support/tempDataDir.js';
import { freshDatabase, testMongoDbUrl } from '../../support/testMongoDb.js';

const CHILD = join(import.meta.dirname, '../../support/stagedRebuildChild.ts');

/** Every document of every projection's live collection, with its position, in key order. */
async function storedEverything(store: ReadModelStore) {
  const all: Record<string, KeyedStoredDocument[]> = {};
  for (const { name } of BUILT_IN_PROJECTIONS) {
    all[name] = [
      ...(await store.storedDocumentsPage(await store.liveTarget(name), undefined, 1e6)),
    ];
  }
  return all;
}

async function catchUp(eventStore: EventStore, store: ReadModelStore): Promise<void> {
  const runner = startProjections({ eventStore, store, definitions: BUILT_IN_PROJECTIONS });
  await runner.whenCaughtUp();
  await runner.stop();
}

/** The database's collections beside the live ones (rebuilds, retired builds). */
async function collectionsBeside(databaseName: string): Promise<string[]> {
  const client = new MongoClient(testMongoDbUrl());
  try {
    const collections = await client
      .db(databaseName)
      .listCollections({}, { nameOnly: true })
      .toArray();
    return collections.map(({ name }) => name).filter((name) => name.includes('__'));
  } finally {
    await client.close();
  }
}

/**
 * Runs the staged rebuild in a child process and SIGKILLs it on the `killAt`-th line starting
 * with `kind` (see stagedRebuildChild.ts); resolves with how it ended.
 */
function runChild(
  args: string[],
  killAt?: { readonly kind: 'fold' | 'insert'; readonly nth: number },
): Promise<'killed' | 'rebuilt'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx/esm', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let rebuilt = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'rebuilt') rebuilt = true;
      if (killAt && line === `${killAt.kind} ${killAt.nth}`) child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL' && !rebuilt) resolve('killed');
      else if (code === 0 && rebuilt) resolve('rebuilt');
      else reject(new Error(`the rebuild child ended with ${String(code ?? signal)}`));
    });
  });
}

describe('a staged rebuild on MongoDB (folded in a scratch SQLite file, then copied in)', function () {
  this.timeout(180_000);

  let eventStore: ReturnType<typeof createSqliteEventStore>;
  let readModels: ReadModelStore;
  let database: ReturnType<typeof freshDatabase>;
  let dir: string;
  let remove: () => Promise<void>;

  beforeEach(async function () {
    ({ dir, remove } = await tempDataDir());
    eventStore = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
    database = freshDatabase();
    readModels = createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
    await mkdir(join(dir, 'staging'));
  });

  afterEach(async function () {
    await readModels.close();
    await eventStore.close();
    await database.drop();
    await remove();
  });

  it('swaps in the documents, positions included, that guarded writes build, for every projection', async function () {
    await appendPaymentEvents(eventStore, aLogForEveryProjection(300, 23));
    await catchUp(eventStore, readModels);
    const guarded = await storedEverything(readModels);

    const result = await rebuildProjections({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
      openStaging: () => openStagingReadModelStore(join(dir, 'staging')),
      copyPageSize: 7,
      handoverTimeoutMs: 0,
    });

    expect(result.staged?.documents).to.equal(
      Object.values(guarded).reduce((sum, documents) => sum + documents.length, 0),
    );
    expect(result.generations).to.deep.equal({
      payments: 2,
      orders: 2,
      daily_totals: 2,
      parked_payments: 2,
    });
    expect(await storedEverything(readModels)).to.deep.equal(guarded);
    expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
    expect(await readdir(join(dir, 'staging'))).to.deep.equal([]);
  });

  it('is what `payledger rebuild` does on MongoDB, and it says so while it copies', async function () {
    await appendPaymentEvents(eventStore, aLogForEveryProjection(200, 23));

    const { code, out, err } = await runPayledger(['rebuild'], {
      DATA_DIR: dir,
      MONGODB_URL: testMongoDbUrl(),
      MONGODB_DB: database.name,
    });

    expect(code, err).to.equal(0);
    expect(err).to.match(/^200 events folded into a staging file; copying its documents in$/m);
    expect(out).to.match(/rebuilt and swapped in: 200 events in /);
    expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
  });

  it('killed -9 while folding or copying, swaps nothing, and a retry ends equal to one fold of the log and removes the scratch files left by the killed builds', async function () {
    const seed = runSeed();
    const random = seededRandom(seed);
    const context = `seed ${seed} (replay with SEED=${seed})`;
    await appendPaymentEvents(eventStore, aLogForEveryProjection(250, 29));
    await catchUp(eventStore, readModels);
    await appendPaymentEvents(eventStore, aLogForEveryProjection(200, 29, 250));
    const before = await storedEverything(readModels);
    const args = [
      join(dir, 'payledger.sqlite'),
      testMongoDbUrl(),
      database.name,
      join(dir, 'staging'),
    ];

    // 450 events in batches of 25 fold in 18 batches; 29 payments alone copy in 6 inserts of 5.
    for (const killAt of [
      { kind: 'fold', nth: 1 + Math.floor(random() * 17) },
      { kind: 'insert', nth: 1 + Math.floor(random() * 6) },
      { kind: 'insert', nth: 1 + Math.floor(random() * 6) },
    ] as const) {
      expect(await runChild(args, killAt), `${context}, ${killAt.kind} ${killAt.nth}`).to.equal(
        'killed',
      );
      expect(await storedEverything(readModels), context).to.deep.equal(before);
    }
    expect(await runChild(args), context).to.equal('rebuilt');

    expect(await readEverything(readModels), context).to.deep.equal(await foldWholeLog(eventStore));
    expect(await collectionsBeside(database.name), context).to.deep.equal([]);
    // The killed builds' scratch files, removed by the retry (their processes are gone).
    expect(await readdir(join(dir, 'staging')), context).to.deep.equal([]);
  });
});

describe('the first catch-up on MongoDB', function () {
  this.timeout(120_000);
  let dir: string;
  let remove: () => Promise<void>;
  let eventStore: ReturnType<typeof createSqliteEventStore>;
  let database: ReturnType<typeof freshDatabase>;
  let readModels: ReturnType<typeof createMongoReadModelStore>;
  let running: { stop(): Promise<void> } | undefined;

  beforeEach(async function () {
    ({ dir, remove } = await tempDataDir());
    eventStore = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
    database = freshDatabase();
    readModels = createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
  });

  afterEach(async function () {
    await running?.stop();
    running = undefined;
    await readModels.close();
    await eventStore.close();
    await database.drop();
    await remove();
  });

  it('into collections never built is staged and swapped in, then goes on live from its checkpoint', async function () {
    await appendPaymentEvents(eventStore, aLogForEveryProjection(300, 23));
    const runner = startProjectionsStagedFirst({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
      openStaging: () => openStagingReadModelStore(dir),
      minimumEvents: 100,
      settings: { pollIntervalMs: 100 },
    });
    running = runner;
    await runner.whenCaughtUp();
    expect((await readModels.liveTarget('orders')).generation).to.equal(2);
    expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));

    await appendPaymentEvents(eventStore, aLogForEveryProjection(60, 23, 300));
    const folded = await foldWholeLog(eventStore);
    const head = (await eventStore.readAll({ maxCount: 1000, streamPrefixes: ['payment-'] })).at(
      -1,
    )?.position;
    await eventually(() =>
      Promise.resolve(
        runner
          .status()
          .projections.every((projection) => projection.position?.commit === head?.commit) ||
          undefined,
      ),
    );
    expect(await readEverything(readModels)).to.deep.equal(folded);
    expect((await readModels.liveTarget('orders')).generation).to.equal(2);
  });

  it('without a scratch file to stage in, catches up through guarded writes rather than stall', async function () {
    await appendPaymentEvents(eventStore, aLogForEveryProjection(150, 11));
    const runner = startProjectionsStagedFirst({
      eventStore,
      store: readModels,
      definitions: BUILT_IN_PROJECTIONS,
      // As when the temp dir is missing, read-only or full.
      openStaging: () => openStagingReadModelStore(join(dir, 'no such directory')),
      minimumEvents: 100,
      settings: { pollIntervalMs: 100 },
    });
    running = runner;
    await runner.whenCaughtUp();
    expect((await readModels.liveTarget('orders')).generation).to.equal(1);
    expect(await readEverything(readModels)).to.deep.equal(await foldWholeLog(eventStore));
  });
});
