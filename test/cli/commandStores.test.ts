import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/openStores.js';
import { runPayledger } from '../support/captureCli.js';
import { tempDataDir } from '../support/tempDataDir.js';

/** Each command that reads an existing log, with arguments that would otherwise run it. */
const COMMANDS: readonly (readonly string[])[] = [
  ['verify'],
  ['export', '--format', 'ndjson'],
  ['rebuild'],
  ['replay-quarantine', '--all', '--dry-run'],
];

describe('the payledger commands that read the log', function () {
  this.timeout(20_000);
  let dir: string;
  let remove: () => Promise<void>;

  beforeEach(async function () {
    ({ dir, remove } = await tempDataDir());
  });
  afterEach(async function () {
    await remove();
  });

  context('when DATA_DIR holds no event store (a mistyped path)', function () {
    it('each exits 2 with one line naming the missing file and creates nothing', async function () {
      const missing = join(dir, 'dta');
      const file = sqliteFile(missing);
      const results = [];
      for (const command of COMMANDS)
        results.push(await runPayledger(command, { DATA_DIR: missing }));

      expect(results.map((result) => result.code)).to.deep.equal(COMMANDS.map(() => 2));
      for (const [index, result] of results.entries()) {
        expect(result.err).to.equal(
          `payledger ${COMMANDS[index]?.[0] ?? ''}: invalid configuration: DATA_DIR: no event store at ${file} (the file does not exist); set DATA_DIR to the service's data directory, or EVENTSTORE_URL\n`,
        );
        expect(result.out).to.equal('');
      }
      expect(existsSync(missing)).to.equal(false);
    });
  });

  context('when the log exists but holds no payment events', function () {
    beforeEach(async function () {
      await createSqliteEventStore({ file: sqliteFile(dir) }).close();
    });

    it('verify exits 2 saying nothing was checked, and 0 with --allow-empty', async function () {
      const refused = await runPayledger(['verify'], { DATA_DIR: dir });
      const allowed = await runPayledger(['verify', '--allow-empty'], { DATA_DIR: dir });

      expect(refused.code).to.equal(2);
      expect(refused.out).to.equal('');
      expect(refused.err).to.equal(
        `payledger verify: no payment events in the store (${sqliteFile(dir)}), so nothing was checked; pass --allow-empty if none are expected\n`,
      );
      expect(allowed.code).to.equal(0);
      expect(allowed.out).to.match(/^intact \(0 events in 0 payment streams/);
    });

    it('rebuild exits 2 rather than swap in empty read models, and runs with --allow-empty', async function () {
      const refused = await runPayledger(['rebuild'], { DATA_DIR: dir });
      const allowed = await runPayledger(['rebuild', '--allow-empty'], { DATA_DIR: dir });

      expect(refused.code).to.equal(2);
      expect(refused.err).to.equal(
        `payledger rebuild: no payment events in ${sqliteFile(dir)}: a rebuild would swap in empty read models; if that log is the service's and is empty, pass --allow-empty\n`,
      );
      expect(allowed.code, allowed.err).to.equal(0);
      expect(allowed.out).to.match(
        /^payments \(generation \d+\), orders \(generation \d+\), daily_totals \(generation \d+\), parked_payments \(generation \d+\) rebuilt and swapped in: 0 events/,
      );
    });
  });
});
