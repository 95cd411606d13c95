import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { ExportFilter } from '../../audit/export/exportEvents.js';
import { exportFilterSchema } from '../../audit/export/exportFilterSchema.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../audit/export/exportFormats.js';
import { exportLines } from '../../audit/export/exportLines.js';
import { openEventStore } from '../../openStores.js';
import { CliUsageError, EXIT, type CliCommand } from '../cliCommand.js';
import { configFromEnvironment } from '../configFromEnvironment.js';
import { createProgressReporter } from '../progressBar.js';
import { parseCommandArgs } from '../runCli.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write every payment event with its chain values as NDJSON or CSV',
  help: `Usage: payledger export --format ndjson|csv [--from TIME] [--to TIME] [--gateway NAME] [--out FILE]

Writes every payment event, in log order, with its data, metadata and chain values, in the
format GET /audit/export sends: NDJSON (a header line, one event per line in the shape of
GET /payments/:gateway/:id/history plus "stream", one head line per stream, a trailer line) or
CSV (columns in the README, then an end row). A file without its trailer or end row was cut off.
An NDJSON export can be checked offline: payledger verify --file FILE.

  --format ndjson|csv  required
  --from TIME          events recorded at or after this time: an ISO 8601 date (that day's
                       start, UTC) or a date and time with an offset (Z or +05:30)
  --to TIME            events recorded before this time (a date alone includes that whole day)
  --gateway NAME       only this gateway's payments (stripe, razorpay, ippopay, generic)
  --out FILE           write to FILE (via FILE.partial, renamed once complete); default stdout

Uses the same configuration as the service (DATA_DIR, EVENTSTORE_URL or EVENTSTORE_URL_FILE);
the embedded file must exist. Progress goes to stderr; with --out, a summary line to stdout.

Exit codes: 0 written, 2 usage, configuration or store error, 130 interrupted (a partial file
is removed in both cases).`,

  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      gateway: { type: 'string' },
      out: { type: 'string' },
    });
    const format = values.format as ExportFormat | undefined;
    if (format === undefined || !EXPORT_FORMATS.includes(format)) {
      throw new CliUsageError('--format must be ndjson or csv');
    }
    const filter = parseFilter(values);
    const stores = openEventStore(configFromEnvironment(io.env).config, {
      requireExistingLog: true,
    });
    const partial = values.out === undefined ? undefined : `${values.out}.partial`;
    const file = partial === undefined ? undefined : createWriteStream(partial);
    const out = file ?? io.out;
    const progress = createProgressReporter(io.err);
    const total = stores.countPaymentEvents();
    const started = performance.now();
    let events = 0;
    const seconds = () => (performance.now() - started) / 1000;
    try {
      for await (const chunk of exportLines(stores.eventStore, format, filter, {
        signal: io.signal,
        onEvent: () => {
          events += 1;
        },
      })) {
        if (!out.write(chunk)) await once(out, 'drain');
        progress.update(events, total, seconds());
      }
      progress.done();
      if (file && partial !== undefined && values.out !== undefined) {
        file.end();
        await once(file, 'finish');
        await rename(partial, values.out);
        io.out.write(
          `exported ${events.toLocaleString('en-US')} events to ${values.out} in ${seconds().toFixed(1)} s\n`,
        );
      }
      return EXIT.ok;
    } catch (error) {
      if (file && partial !== undefined) {
        // The file may still be opening: wait until it is closed, or it would appear after rm.
        if (!file.closed) {
          const closed = once(file, 'close');
          file.destroy();
          await closed;
        }
        await rm(partial, { force: true });
      }
      throw error;
    } finally {
      await stores.close();
    }
  },
};

/** The same filter `GET /audit/export` takes, checked by the same schema. */
function parseFilter(values: {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly gateway?: string | undefined;
}): ExportFilter {
  const parsed = exportFilterSchema.safeParse({
    from: values.from,
    to: values.to,
    gateway: values.gateway,
  });
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const option = String(issue?.path[0] ?? 'from');
  const given = values[option as keyof typeof values] ?? '';
  const expected =
    option === 'gateway'
      ? (issue?.message ?? 'not a gateway')
      : 'takes an ISO 8601 date, or a date and time with an offset (Z or +05:30)';
  throw new CliUsageError(`--${option} ${expected} (got "${given}")`);
}
