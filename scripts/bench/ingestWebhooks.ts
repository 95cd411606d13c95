/**
 * The webhook ingest path under load, against a bare Koa JSON echo on the same machine in the same
 * run as the ceiling. Both servers are built (`tsc -p tsconfig.build.json`) and run from `dist/`
 * as their own processes, exactly as `npm start` runs the service; autocannon drives them from this
 * process, signing every request afresh.
 *
 *   npm run bench:ingest -- [--mode all|echo|new|rate|duplicates|forged] [-c 50] [-d 30]
 *                           [--warmup 5] [-R 1000] [--rate-connections 10,50]
 *                           [--body-bytes 1024] [--log-level info] [--skip-build]
 *                           [--profile DIR] [--write-markdown]
 *
 * `--write-markdown` replaces the generated block of BENCHMARKS.md with this run's table.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderTable, writeBenchmarksMarkdown, type ScenarioReport } from './ingestReport.js';
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

/** The echo ceiling always runs first: every other figure is read against it. */
function chooseModes(mode: string): readonly Mode[] {
  if (mode === 'all') return MODES;
  const chosen = MODES.find((known) => known === mode);
  if (!chosen) failUsage(`unknown --mode ${mode}; one of all, ${MODES.join(', ')}`);
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
  `${bodyBytes} B bodies, c=${connections}, ${warmupSeconds} s warm-up + ${durationSeconds} s per mode\n\n`,
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
  nodeArgs: values.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.profile}`],
  maxRssMiB: MAX_RSS_MIB,
  logDir,
});
const reports: ScenarioReport[] = [];
let ceilingPerSecond = 0;
for (const mode of modes) {
  process.stdout.write(`running ${mode}…\n`);
  if (mode === 'echo') {
    const report = await scenarios.runEcho();
    ceilingPerSecond = report.answeredPerSecond;
    reports.push(report);
  } else if (mode === 'rate') {
    for (const rateConnections of values['rate-connections'].split(',').map(Number)) {
      reports.push(await scenarios.runService(mode, rateConnections, ceilingPerSecond));
    }
  } else {
    reports.push(await scenarios.runService(mode, connections, ceilingPerSecond));
  }
}
const table = renderTable(reports, ceilingPerSecond);
process.stdout.write(`\n${table}\n\nserver logs: ${logDir}\n`);

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
      `${bodyBytes} B signed bodies, ${connections} connections (fixed rate: ${rate}/s over ${values['rate-connections']} connections), ${warmupSeconds} s warm-up then ${durationSeconds} s per mode; every payledger row also requires peak RSS ≤ ${MAX_RSS_MIB} MiB. CPU per request is the server process's (and, in brackets, its event-loop thread's) user + system time over the measured window.`,
      '',
      table,
    ].join('\n'),
  );
  process.stdout.write('BENCHMARKS.md updated\n');
}
