/**
 * The auditor's long paths at scale: verify the whole log, export it (NDJSON and CSV), verify
 * the export offline, and the service's digest over every stream. Each command runs in its own
 * process (its peak RSS is its own) against one seeded SQLite log.
 *
 *   npm run bench:audit -- [--events 1000000] [--events-per-payment 4] [--data-dir DIR]
 *
 * `--data-dir` keeps the seeded log there, and a later run with the same directory skips seeding.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { chainMicroseconds } from './chainCost.js';
import { describeMachine } from './machine.js';
import { seedChainedEvents } from './seedChainedEvents.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'events-per-payment': { type: 'string', default: '4' },
    'data-dir': { type: 'string' },
  },
});
const events = Number(values.events);
const perPayment = Number(values['events-per-payment']);
const out = (line: string) => process.stdout.write(`${line}\n`);
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const load = () =>
  execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(', ');

function phase(dir: string, label: string, argv: readonly string[], nodeOptions: string[] = []) {
  const line = execFileSync(
    process.execPath,
    [...nodeOptions, '--import', 'tsx', join(import.meta.dirname, 'auditPhase.ts'), dir, ...argv],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const result = JSON.parse(line.trim().split('\n').at(-1) ?? '{}') as {
    seconds: number;
    code: number;
    peakRssMiB: number;
    lastLine: string;
  };
  out(
    `  ${label.padEnd(28)} ${result.seconds.toFixed(1).padStart(6)} s ${n(events / result.seconds).padStart(9)} events/s   peak RSS ${result.peakRssMiB.toFixed(0).padStart(4)} MiB   exit ${result.code}: ${result.lastLine}`,
  );
  return result;
}

out(`machine: ${describeMachine()}; load average at start ${load()} (shared machine)`);
out(
  `chain values at append (the ingest's added work): ${chainMicroseconds().toFixed(1)} µs per event\n`,
);
const kept = values['data-dir'];
const dir = kept ?? (await mkdtemp(join(tmpdir(), 'payledger-bench-audit-')));
try {
  const reuse = kept !== undefined && existsSync(join(kept, 'payledger.sqlite'));
  if (kept !== undefined) await mkdir(kept, { recursive: true });
  const store = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
  if (reuse) {
    out(`reusing the log in ${dir}\n`);
  } else {
    const seeded = await seedChainedEvents(store, events, perPayment);
    out(
      `seeded ${n(events)} chained events (~1.6 KB, ${n(events / perPayment)} payments) at ${n(seeded)} events/s\n`,
    );
  }

  await store.close();
  const digestLine = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'auditDigestPhase.ts'), dir],
    { encoding: 'utf8' },
  );
  const digest = JSON.parse(digestLine.trim().split('\n').at(-1) ?? '{}') as {
    foldSeconds: number;
    first: { ms: number; maxStallMs: number; streams: number };
    steady: { ms: number; maxStallMs: number; streams: number };
    peakRssMiB: number;
  };
  out('service digests (the digester, its own process):');
  out(
    `  start-up fold of the log     ${digest.foldSeconds.toFixed(1).padStart(6)} s ${n(events / digest.foldSeconds).padStart(9)} events/s`,
  );
  for (const [label, run] of [
    ['first digest', digest.first],
    ['next digest (1 stream moved)', digest.steady],
  ] as const) {
    out(
      `  ${label.padEnd(28)} ${n(run.ms).padStart(6)} ms over ${n(run.streams)} streams, longest event-loop stall ${n(run.maxStallMs)} ms`,
    );
  }
  out(`  peak RSS ${digest.peakRssMiB.toFixed(0)} MiB\n`);

  out('commands (each its own process):');
  phase(dir, 'verify', ['verify']);
  phase(dir, 'verify, heap capped at 192 MiB', ['verify'], ['--max-old-space-size=192']);
  const ndjson = join(dir, 'export.ndjson');
  phase(dir, 'export --format ndjson', ['export', '--format', 'ndjson', '--out', ndjson]);
  phase(dir, 'export --format csv', [
    'export',
    '--format',
    'csv',
    '--out',
    join(dir, 'export.csv'),
  ]);
  phase(dir, 'verify --file export.ndjson', ['verify', '--file', ndjson]);
  out(
    `\nexport.ndjson: ${((await stat(ndjson)).size / 2 ** 20).toFixed(0)} MiB; load average at end ${load()}`,
  );
} finally {
  if (kept === undefined) await rm(dir, { recursive: true, force: true });
}
