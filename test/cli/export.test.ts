import { expect } from 'chai';
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CSV_COLUMNS } from '../../src/audit/export/exportFormats.js';
import { aDigestedLog } from '../support/auditFixture.js';
import { brokenPlaces, runPayledger } from '../support/captureCli.js';

const A = 'payment-generic:pay_export_a';
const B = 'payment-generic:pay_export_b';

type Line = Record<string, unknown> & { stream?: string; revision?: string };

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
  const linesOf = async (file: string) =>
    (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
  /** An export of the store, as the lines it holds. */
  const anExport = async (name: string, ...filter: string[]) => {
    const file = join(copy.dir, name);
    const result = await run('export', '--format', 'ndjson', '--out', file, ...filter);
    if (result.code !== 0) throw new Error(result.err);
    return { file, lines: await linesOf(file) };
  };
  const write = (file: string, lines: readonly Line[]) =>
    writeFile(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  const isEvent = (line: Line, stream: string, revision?: string) =>
    line.stream === stream && (revision === undefined || line.revision === revision);
  const verifyFile = (file: string) => runPayledger(['verify', '--file', file], {});

  it('writes a header, every payment event with its chain values, one head per stream and a trailer as NDJSON', async function () {
    const file = join(copy.dir, 'export.ndjson');
    const result = await run('export', '--format', 'ndjson', '--out', file);

    expect(result.code).to.equal(0);
    expect(result.out).to.match(/^exported 8 events to .*export\.ndjson in [\d.]+ s\n$/);
    const lines = await linesOf(file);
    expect(lines).to.have.length(1 + 8 + 2 + 1);
    expect(lines[0]).to.have.keys('payledgerExport');
    expect(lines[0]?.['payledgerExport']).to.deep.include({
      version: 1,
      filter: {},
      chainedSince: log.digestPosition,
    });
    expect(lines[1]).to.have.keys(
      'stream',
      'revision',
      'position',
      'eventId',
      'type',
      'recordedAt',
      'data',
      'metadata',
    );
    expect((lines[1]?.['metadata'] as Record<string, unknown>)['chain']).to.have.keys(
      'v',
      'prev',
      'hash',
    );
    expect(lines.slice(9, 11).map((line) => line['exportHead'])).to.deep.equal(
      [A, B].map((stream) => ({
        stream,
        firstRevision: '0',
        revision: '3',
        hash: (
          lines.filter((line) => isEvent(line, stream)).at(-1)?.['metadata'] as {
            chain: { hash: string };
          }
        ).chain.hash,
        events: 4,
      })),
    );
    const last = lines[8]?.['position'] as { commit: string; prepare: string };
    expect(lines[11]).to.deep.equal({
      payledgerExportEnd: { events: 8, streams: 2, scannedThrough: last },
    });
  });

  it('writes CSV with the documented columns, only the gateway asked for, and an end row', async function () {
    const result = await run('export', '--format', 'csv', '--gateway', 'generic');
    const stripe = await run('export', '--format', 'csv', '--gateway', 'stripe');

    const rows = result.out.trimEnd().split('\r\n');
    expect(rows[0]).to.equal(CSV_COLUMNS.join(','));
    expect(rows).to.have.length(1 + 8 + 1);
    expect(rows.at(-1)).to.match(
      /^# end of export,{21}"{""payledgerExportEnd"":{""events"":8,""streams"":2,/,
    );
    expect(stripe.out).to.match(
      new RegExp(`^${CSV_COLUMNS.join(',')}\r\n# end of export,.*""events"":0,.*\r\n$`),
    );
  });

  it('keeps only events recorded in the --from/--to window, and says so in the header', async function () {
    const later = await run('export', '--format', 'ndjson', '--from', '2999-01-01');
    const today = new Date().toISOString().slice(0, 10);
    const day = await run('export', '--format', 'ndjson', '--from', today, '--to', today);

    const [header, trailer, ...none] = later.out.trimEnd().split('\n');
    expect(JSON.parse(header ?? '')).to.deep.nested.include({
      'payledgerExport.filter': { from: '2999-01-01T00:00:00.000Z' },
    });
    const dayLines = day.out.trimEnd().split('\n');
    const dayEnd = JSON.parse(dayLines.at(-1) ?? '') as { payledgerExportEnd: unknown };
    expect(JSON.parse(trailer ?? '')).to.deep.equal({
      payledgerExportEnd: {
        events: 0,
        streams: 0,
        // The log was read to its end though nothing matched.
        scannedThrough: (dayEnd.payledgerExportEnd as { scannedThrough: unknown }).scannedThrough,
      },
    });
    expect(none).to.deep.equal([]);
    expect(dayLines).to.have.length(1 + 8 + 2 + 1);
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
      const { file } = await anExport('offline.ndjson');
      const result = await runPayledger(['verify', '--file', file, '--digest', log.digestFile], {
        DATA_DIR: join(copy.dir, 'no-store-here'),
      });

      expect(result.code).to.equal(0);
      expect(result.out).to.match(/^intact \(8 events in 2 payment streams/m);
    });

    it('names an edited line as altered and a dropped line as missing', async function () {
      const { file, lines } = await anExport('edited.ndjson');
      const edited = lines.find((line) => isEvent(line, A, '1'));
      (edited?.['data'] as { amount: number }).amount = 1;
      await write(
        file,
        lines.filter((line) => !isEvent(line, B, '2')),
      );

      const result = await verifyFile(file);

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([`${A} 1 altered`, `${B} 2 missing`]);
    });

    it('names a file cut off mid-way as truncated', async function () {
      const { file } = await anExport('cut.ndjson');
      const { size } = await stat(file);
      await truncate(file, Math.floor(size / 2));

      const result = await verifyFile(file);

      expect(result.code).to.equal(1);
      expect(
        brokenPlaces(result.out).filter((place) => place.endsWith('truncated')),
      ).to.have.length(1);
      expect(result.out).to.match(
        /^.*cut\.ndjson line \d+: truncated: the file ends at line \d+ without the export's trailer: it was cut off/m,
      );
    });

    it('names a file cut off after a whole line, before the stream heads, as truncated and nothing else', async function () {
      const { file, lines } = await anExport('cut-at-line.ndjson');
      await write(file, lines.slice(0, 1 + 5));

      const result = await verifyFile(file);

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([`${file} line 6 truncated`]);
    });

    it('names a second export appended to the first as inserted', async function () {
      const { file, lines } = await anExport('spliced.ndjson');
      await write(file, [...lines, ...lines]);

      const result = await verifyFile(file);

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.include(`${file} line ${lines.length + 1} inserted`);
    });

    it('refuses a CSV export with exit 2: only NDJSON carries what verify needs', async function () {
      const file = join(copy.dir, 'export.csv');
      await run('export', '--format', 'csv', '--out', file);

      const result = await verifyFile(file);

      expect(result.code).to.equal(2);
      expect(result.err).to.match(
        /export\.csv is a CSV export; verify --file checks NDJSON exports/,
      );
    });

    it("names a stream's dropped last line, and a whole stream's dropped lines, as missing", async function () {
      const { file, lines } = await anExport('dropped.ndjson');
      await write(
        file,
        lines.filter((line) => !isEvent(line, A, '3') && !isEvent(line, B)),
      );

      const result = await verifyFile(file);

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([`${A} 3 missing`, `${B} 0 missing`]);
      expect(result.out).to.include(
        `${B} revision 0: missing: the whole stream (4 events, revisions 0–3) is among the export's stream heads but not in the file`,
      );
    });

    it('names a dropped stream whose head line was dropped too by the counts in the trailer', async function () {
      const { file, lines } = await anExport('no-head.ndjson');
      await write(
        file,
        lines.filter(
          (line) =>
            !isEvent(line, B) &&
            (line['exportHead'] as { stream?: string } | undefined)?.stream !== B,
        ),
      );

      const result = await verifyFile(file);

      expect(result.code).to.equal(1);
      expect(result.out).to.match(
        /no-head\.ndjson line 7: missing: the trailer says 8 events in 2 streams; the file holds 4 in 1\n/,
      );
    });

    it('names a dropped first line as missing, also in an export filtered by time', async function () {
      const whole = await anExport('first.ndjson');
      const today = new Date().toISOString().slice(0, 10);
      const filtered = await anExport('first-filtered.ndjson', '--from', today);
      for (const { file, lines } of [whole, filtered])
        await write(
          file,
          lines.filter((line) => !isEvent(line, B, '0')),
        );

      const plain = await verifyFile(whole.file);
      const fromToday = await verifyFile(filtered.file);

      expect(brokenPlaces(plain.out)).to.deep.equal([`${B} 0 missing`]);
      expect(brokenPlaces(fromToday.out)).to.deep.equal([`${B} 0 missing`]);
      expect(fromToday.out).to.include(
        `${B} revision 0: missing: revision 0, the first the export wrote of this stream, not in the file`,
      );
    });

    it('names every line of a stream whose chain values were stripped as inserted', async function () {
      const { file, lines } = await anExport('stripped.ndjson');
      for (const line of lines.filter((candidate) => isEvent(candidate, B)))
        delete (line['metadata'] as Record<string, unknown>)['chain'];
      await write(file, lines);

      const result = await verifyFile(file);

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal(
        ['0', '1', '2', '3'].map((revision) => `${B} ${revision} inserted`),
      );
    });
  });
});
