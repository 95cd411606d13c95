/**
 * The webhook ingest path under load, against a bare Koa JSON echo on the same machine in the same
 * run as the ceiling. Both servers are built (`tsc -p tsconfig.build.json`) and run from `dist/`
 * as their own processes, exactly as `npm start` runs the service; autocannon drives them from this
 * process, signing every request afresh.
 *
 *   npm run bench:ingest -- [--mode all|echo|new|rate|duplicates|forged] [-c 50] [-d 30]
 *                           [--warmup 5] [-R 1000] [--rate-connections 10,50]
 *                           [--body-bytes 1024] [--log-level info] [--projections on|off]
 *                           [--skip-build] [--profile DIR] [--write-markdown]
 *
 * The service runs as a user runs it, projections included (`--projections off` sets
 * PROJECTIONS_ENABLED=false, to see what they cost). `--profile DIR` writes a CPU profile of each
 * server there and splits the main thread's time by stage. `--write-markdown` replaces the
 * generated block of BENCHMARKS.md with this run's tables.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  renderStageTable,
  renderTable,
  renderThreadTable,
  writeBenchmarksMarkdown,
  type ScenarioReport,
} from './ingestReport.js';
import { createScenarios } from './ingestScenarios.js';
import { describeMachine, describeStorage } from './machine.js';
import { newStandardWebhookSecret } from './webhookRequests.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODES = ['echo', 'new', 'rate', 'duplicates', 'forged'] as const;
type Mode = (typeof MODES)[number];
const MAX_RSS_MIB = 256;

const { values } = parseArgs({
  options: {
    mode: { type: 'string', short: 'm', default: 'all' },
    connections: { type: 'string', short: 'c', default: '50' },
    duration: { type: 'string', short: 'd', default: '30' },
    warmup: { type: 'string', short: 'w', default: '5' },
    rate: { type: 'string', short: 'R', default: '1000' },
    /** Connections for the fixed-rate mode, one run per value (see BENCHMARKS.md on bursts). */
    'rate-connections': { type: 'string', default: '10,50' },
    /** LOG_LEVEL of the service; `info` (the default) is what production runs with. */
    'log-level': { type: 'string', default: 'info' },
    'body-bytes': { type: 'string', default: '1024' },
    projections: { type: 'string', default: 'on' },
    'skip-build': { type: 'boolean', default: false },
    'write-markdown': { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of each server into this directory (`node --cpu-prof`). */
    profile: { type: 'string' },
  },
});
const modes = chooseModes(values.mode);
const connections = Number(values.connections);
const durationSeconds = Number(values.duration);
const warmupSeconds = Number(values.warmup);
const rate = Number(values.rate);
const bodyBytes = Number(values['body-bytes']);
const secret = newStandardWebhookSecret();
if (values.projections !== 'on' && values.projections !== 'off')
  failUsage(`--projections takes on or off, not ${values.projections}`);
const projections = values.projections === 'on';

/**
 * The echo ceiling always runs first: every other figure is read against it; duplicates are
 * also read against new events.
 */
function chooseModes(mode: string): readonly Mode[] {
  if (mode === 'all') return MODES;
  const chosen = MODES.find((known) => known === mode);
  if (!chosen) failUsage(`unknown --mode ${mode}; one of all, ${MODES.join(', ')}`);
  if (chosen === 'duplicates') return ['echo', 'new', 'duplicates'];
  return chosen === 'echo' ? ['echo'] : ['echo', chosen];
}

function failUsage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

if (!values['skip-build']) {
  process.stdout.write('building dist/ (tsc -p tsconfig.build.json)…\n');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}
const machine = describeMachine();
const storage = describeStorage(tmpdir());
process.stdout.write(`machine: ${machine}\n${storage.join('\n')}\n`);
process.stdout.write(
  `${bodyBytes} B bodies, c=${connections}, ${warmupSeconds} s warm-up + ${durationSeconds} s per mode, projections ${values.projections}\n\n`,
);

const loadBefore = loadavg()
  .map((load) => load.toFixed(2))
  .join(', ');
const logDir = await mkdtemp(join(tmpdir(), 'payledger-bench-logs-'));
const scenarios = createScenarios({
  root: ROOT,
  connections,
  durationSeconds,
  warmupSeconds,
  rate,
  bodyBytes,
  secret,
  logLevel: values['log-level'],
  projections,
  profileDir: values.profile,
  maxRssMiB: MAX_RSS_MIB,
  logDir,
});
const reports: ScenarioReport[] = [];
const reference = { echoPerSecond: 0, newPerSecond: 0 };
for (const mode of modes) {
  process.stdout.write(`running ${mode}…\n`);
  if (mode === 'echo') {
    const report = await scenarios.runEcho();
    reference.echoPerSecond = report.answeredPerSecond;
    reports.push(report);
  } else if (mode === 'rate') {
    for (const rateConnections of values['rate-connections'].split(',').map(Number)) {
      reports.push(await scenarios.runService(mode, reference, rateConnections));
    }
  } else {
    const report = await scenarios.runService(mode, reference);
    if (mode === 'new') reference.newPerSecond = report.answeredPerSecond;
    reports.push(report);
  }
}
const tables = [
  renderTable(reports, reference.echoPerSecond),
  'Server CPU µs per request by thread, over the load:',
  renderThreadTable(reports),
  ...((stageTable) =>
    stageTable
      ? [
          "µs per request by stage: the main thread's from its CPU profile (each stage's share of the busy samples × the thread's CPU per request), every other thread's from /proc; the new-event column runs until the projections have caught up:",
          stageTable,
        ]
      : [])(renderStageTable(reports)),
].join('\n\n');
process.stdout.write(`\n${tables}\n\nserver logs: ${logDir}\n`);

if (values['write-markdown']) {
  const command = [
    'npm run bench:ingest',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ]
    .join(' ')
    .replace(' --write-markdown', '');
  await writeBenchmarksMarkdown(
    join(ROOT, 'BENCHMARKS.md'),
    [
      `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: \`${command} --write-markdown\``,
      '',
      `Machine: ${machine}. Load average (1, 5, 15 min) when the run started: ${loadBefore}; at its end: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(', ')} (other jobs share this machine).`,
      '',
      '```',
      ...storage,
      '```',
      '',
      `${bodyBytes} B signed bodies, ${connections} connections (fixed rate: ${rate}/s over ${values['rate-connections']} connections), ${warmupSeconds} s warm-up then ${durationSeconds} s per mode, projections ${values.projections}; every payledger row also requires peak RSS ≤ ${MAX_RSS_MIB} MiB. CPU per request is the server process's (and, in brackets, its event-loop thread's) user + system time over the measured window; for new events also until the projections had applied them all, with the events they were behind when the load ended.`,
      '',
      tables,
    ].join('\n'),
  );
  process.stdout.write('BENCHMARKS.md updated\n');
}
