import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CSV_COLUMNS } from '../../src/audit/export/exportFormats.js';
import { aDigestedLog } from '../support/auditFixture.js';
import { brokenPlaces, runPayledger } from '../support/captureCli.js';

describe('payledger export', function () {
  this.timeout(30_000);
  let log: Awaited<ReturnType<typeof aDigestedLog>>;
  let copy: Awaited<ReturnType<typeof log.copy>>;

  before(async function () {
    log = await aDigestedLog(['pay_export_a', 'pay_export_b']);
    copy = await log.copy();
  });
  after(async function () {
    await copy.remove();
    await log.remove();
  });

  const run = (...args: string[]) => runPayledger(args, { DATA_DIR: copy.dir });

  it('writes every payment event with its chain values as NDJSON, one event per line', async function () {
    const file = join(copy.dir, 'export.ndjson');
    const result = await run('export', '--format', 'ndjson', '--out', file);

    expect(result.code).to.equal(0);
    expect(result.out).to.match(/^exported 8 events to .*export\.ndjson in [\d.]+ s\n$/);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).to.have.length(8);
    const first = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(first).to.have.keys(
      'stream',
      'revision',
      'position',
      'eventId',
      'type',
      'recordedAt',
      'data',
      'metadata',
    );
    expect((first['metadata'] as Record<string, unknown>)['chain']).to.have.keys(
      'v',
      'prev',
      'hash',
    );
  });

  it('writes CSV with the documented columns and only the gateway asked for', async function () {
    const result = await run('export', '--format', 'csv', '--gateway', 'generic');
    const stripe = await run('export', '--format', 'csv', '--gateway', 'stripe');

    const rows = result.out.trimEnd().split('\r\n');
    expect(rows[0]).to.equal(CSV_COLUMNS.join(','));
    expect(rows).to.have.length(9);
    expect(stripe.out).to.equal(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('keeps only events recorded in the --from/--to window', async function () {
    const later = await run('export', '--format', 'ndjson', '--from', '2999-01-01');
    const today = new Date().toISOString().slice(0, 10);
    const day = await run('export', '--format', 'ndjson', '--from', today, '--to', today);

    expect(later.out).to.equal('');
    expect(day.out.trimEnd().split('\n')).to.have.length(8);
  });

  it('takes --from and --to as GET /audit/export does: a time needs an offset, junk is refused', async function () {
    const local = await run('export', '--format', 'ndjson', '--from', '2026-01-01T00:00:00');
    const junk = await run('export', '--format', 'ndjson', '--to', '2026-01-01 (Tuesday)');
    const gateway = await run('export', '--format', 'ndjson', '--gateway', 'paypal');
    const offset = await run('export', '--format', 'ndjson', '--from', '2999-01-01T05:30:00+05:30');

    expect([local.code, local.err]).to.deep.equal([
      2,
      'payledger export: --from takes an ISO 8601 date, or a date and time with an offset (Z or +05:30) (got "2026-01-01T00:00:00"); run `payledger export --help`\n',
    ]);
    expect([junk.code, junk.err]).to.deep.equal([
      2,
      'payledger export: --to takes an ISO 8601 date, or a date and time with an offset (Z or +05:30) (got "2026-01-01 (Tuesday)"); run `payledger export --help`\n',
    ]);
    expect([gateway.code, gateway.err]).to.deep.equal([
      2,
      'payledger export: --gateway must be one of stripe, razorpay, ippopay, generic (got "paypal"); run `payledger export --help`\n',
    ]);
    expect(offset.code, offset.err).to.equal(0);
  });

  it('exits 2 for a missing or unknown --format', async function () {
    const result = await run('export', '--format', 'xml');

    expect(result.code).to.equal(2);
    expect(result.err).to.match(/^payledger export: --format must be ndjson or csv/);
  });

  context('when the export is checked offline with verify --file', function () {
    it('finds it intact, also against the saved digest', async function () {
      const file = join(copy.dir, 'offline.ndjson');
      await run('export', '--format', 'ndjson', '--out', file);
      const result = await runPayledger(['verify', '--file', file, '--digest', log.digestFile], {
        DATA_DIR: join(copy.dir, 'no-store-here'),
      });

      expect(result.code).to.equal(0);
      expect(result.out).to.match(/^intact \(8 events in 2 payment streams/m);
    });

    it('names an edited line as altered and a dropped line as missing', async function () {
      const file = join(copy.dir, 'edited.ndjson');
      await run('export', '--format', 'ndjson', '--out', file);
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      const events = lines.map(
        (line) =>
          JSON.parse(line) as { stream: string; revision: string; data: { amount: number } },
      );
      const edited = events.findIndex(
        (e) => e.stream.endsWith('pay_export_a') && e.revision === '1',
      );
      const dropped = events.findIndex(
        (e) => e.stream.endsWith('pay_export_b') && e.revision === '2',
      );
      const target = events[edited];
      if (target) target.data.amount = 1;
      await writeFile(
        file,
        events
          .filter((_, i) => i !== dropped)
          .map((e) => JSON.stringify(e))
          .join('\n'),
      );

      const result = await runPayledger(['verify', '--file', file], {});

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([
        'payment-generic:pay_export_a 1 altered',
        'payment-generic:pay_export_b 2 missing',
      ]);
    });
  });
});
