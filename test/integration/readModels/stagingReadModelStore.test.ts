import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openStagingReadModelStore } from '../../../src/readModels/sqlite/stagingReadModelStore.js';
import { tempDataDir } from '../../support/tempDataDir.js';

/** The OS thread id of a worker thread that has ended by the time this resolves. */
async function aThreadThatEnded(): Promise<number> {
  const worker = new Worker(
    `require('node:worker_threads').parentPort.postMessage(
       Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()));`,
    { eval: true },
  );
  const tid = await new Promise<number>((resolve) => worker.once('message', resolve));
  await new Promise((resolve) => worker.once('exit', resolve));
  return tid;
}

describe('A staging read-model store', function () {
  let dir: Awaited<ReturnType<typeof tempDataDir>>;
  beforeEach(async function () {
    dir = await tempDataDir();
  });
  afterEach(async function () {
    await dir.remove();
  });

  it('removes what builds of ended processes and ended threads left, and keeps a running one’s', async function () {
    const endedProcess = spawnSync(process.execPath, ['-e', '']).pid;
    const endedThread = await aThreadThatEnded();
    const left = [
      `payledger-staging-${endedProcess}-${endedProcess}-aaaaaa`,
      `payledger-staging-${process.pid}-${endedThread}-bbbbbb`,
    ];
    const running = `payledger-staging-${process.pid}-${process.pid}-cccccc`;
    for (const name of [...left, running]) await mkdir(join(dir.dir, name));

    const store = await openStagingReadModelStore(dir.dir);
    const present = await readdir(dir.dir);
    await store.close();

    for (const name of left) expect(present).not.to.include(name);
    expect(present).to.include(running);
    expect(await readdir(dir.dir)).to.deep.equal([running]);
  });
});
