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
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/service.js';
import { renderTable, writeBenchmarksMarkdown, type ScenarioReport } from './ingestReport.js';
import { describeMachine, describeStorage } from './machine.js';
import { runLoad } from './runLoad.js';
import { startServerProcess, type ServerProcess } from './serverProcess.js';
import {
  duplicateWebhookId,
  newStandardWebhookSecret,
  paymentBody,
  secretKey,
  signedHeaders,
  webhookRequests,
  type RequestKind,
} from './webhookRequests.js';

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
const profileArgs =
  values.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.profile}`];

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

interface Measured {
  readonly result: Awaited<ReturnType<typeof runLoad>>;
  readonly cpuMicrosPerRequest: { readonly process: number; readonly mainThread: number };
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** Warm-up round (discarded), then the measured round, with the server's CPU and memory. */
async function measure(
  server: ServerProcess,
  kind: RequestKind,
  runTag: (round: 'warmup' | 'measured') => string,
  shape: { readonly connections: number; readonly rate?: number } = { connections },
): Promise<Measured> {
  const load = (round: 'warmup' | 'measured', seconds: number) =>
    runLoad({
      url: server.url,
      connections: shape.connections,
      durationSeconds: seconds,
      ...(shape.rate === undefined ? {} : { rate: shape.rate }),
      requests: webhookRequests({ kind, secret, bodyBytes, runTag: runTag(round) }),
    });
  if (warmupSeconds > 0) await load('warmup', warmupSeconds);
  const cpuBefore = await server.cpuSeconds();
  const result = await load('measured', durationSeconds);
  const cpuAfter = await server.cpuSeconds();
  const perRequest = (seconds: number) =>
    result.total > 0 ? Math.round((seconds * 1e6) / result.total) : 0;
  const memory = await server.memory();
  return {
    result,
    cpuMicrosPerRequest: {
      process: perRequest(cpuAfter.process - cpuBefore.process),
      mainThread: perRequest(cpuAfter.mainThread - cpuBefore.mainThread),
    },
    rssMiB: memory.rssMiB,
    peakRssMiB: memory.peakMiB,
  };
}

async function runEcho(logDir: string): Promise<ScenarioReport> {
  const server = await startServerProcess(
    [...profileArgs, join(ROOT, 'dist/scripts/bench/koaEchoServer.js')],
    {},
    join(logDir, 'echo.log'),
  );
  try {
    const measured = await measure(server, 'new', (round) => `echo${round}`);
    return {
      mode: 'echo',
      server: 'bare Koa + bodyparser',
      load: `c=${connections}`,
      ...measured,
      answeredPerSecond: measured.result.ok / measured.result.durationSeconds,
      stored: '–',
      target: 'ceiling',
      met: undefined,
    };
  } finally {
    await server.stop();
  }
}

/** Events in streams whose name starts with `prefix` (a range scan of the stream index). */
function countStored(dataDir: string, prefix: string): number {
  const store = createSqliteEventStore({ file: sqliteFile(dataDir) });
  try {
    const upper =
      prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const row = store.database
      .prepare<[string, string], { count: number }>(
        'SELECT count(*) AS count FROM events WHERE stream_name >= ? AND stream_name < ?',
      )
      .get(prefix, upper);
    return row?.count ?? 0;
  } finally {
    void store.close();
  }
}

async function runService(
  mode: Exclude<Mode, 'echo'>,
  logDir: string,
  rateConnections = connections,
): Promise<ScenarioReport> {
  const dataDir = await mkdtemp(join(tmpdir(), `payledger-bench-${mode}-`));
  const server = await startServerProcess(
    [...profileArgs, '--enable-source-maps', join(ROOT, 'dist/src/main.js')],
    { DATA_DIR: dataDir, GENERIC_WEBHOOK_SECRET: secret, LOG_LEVEL: values['log-level'] },
    join(logDir, `${mode}.log`),
  );
  try {
    const base = { mode, server: 'payledger (SQLite, FULL)' };
    if (mode === 'new' || mode === 'rate') {
      const measured = await measure(
        server,
        'new',
        (round) => `${mode}${round}`,
        mode === 'rate' ? { connections: rateConnections, rate } : { connections },
      );
      await server.stop();
      const { result } = measured;
      const stored = countStored(dataDir, `payment-generic:pay_${mode}measured_`);
      const clean = result.non2xx === 0 && result.errors === 0 && stored >= result.ok;
      const answeredPerSecond = result.ok / result.durationSeconds;
      const withinMemory = measured.peakRssMiB <= MAX_RSS_MIB;
      return {
        ...base,
        ...measured,
        load: mode === 'rate' ? `c=${rateConnections}, R=${rate}/s` : `c=${connections}`,
        answeredPerSecond,
        stored: stored.toLocaleString('en-US'),
        ...(mode === 'new'
          ? {
              target: '≥ 3,000/s, p99 ≤ 25 ms, 0 non-2xx, ≥ 30 % of echo',
              met:
                clean &&
                withinMemory &&
                answeredPerSecond >= 3000 &&
                result.latencyMs.p99 <= 25 &&
                answeredPerSecond >= 0.3 * ceilingPerSecond,
            }
          : {
              target: `p50 ≤ 2 ms, p99 ≤ 10 ms at ${rate.toLocaleString('en-US')}/s`,
              met:
                clean &&
                withinMemory &&
                answeredPerSecond >= 0.95 * rate &&
                result.latencyMs.p50 <= 2 &&
                result.latencyMs.p99 <= 10,
            }),
      };
    }
    if (mode === 'duplicates') {
      const tag = 'storm';
      const body = paymentBody(`pay_dup_${tag}`, bodyBytes);
      const first = await fetch(`${server.url}/webhooks/generic`, {
        method: 'POST',
        headers: signedHeaders(secretKey(secret), duplicateWebhookId(tag), body),
        body,
      });
      const answer = (await first.json()) as { status?: string };
      if (answer.status !== 'accepted') throw new Error(`pre-store answered ${first.status}`);
      const measured = await measure(server, 'duplicate', () => tag);
      await server.stop();
      const { result } = measured;
      const stored = countStored(dataDir, 'payment-generic:');
      const answeredPerSecond = result.ok / result.durationSeconds;
      return {
        ...base,
        ...measured,
        load: `c=${connections}, one id`,
        answeredPerSecond,
        stored: `${stored} (all)`,
        target: '≥ 5,000/s, exactly 1 stored',
        met:
          stored === 1 &&
          result.non2xx === 0 &&
          result.errors === 0 &&
          measured.peakRssMiB <= MAX_RSS_MIB &&
          answeredPerSecond >= 5000,
      };
    }
    const measured = await measure(server, 'forged', (round) => `forged${round}`);
    await server.stop();
    const { result } = measured;
    const stored = countStored(dataDir, '');
    const rejected = result.statusCounts['401'] ?? 0;
    const answeredPerSecond = rejected / result.durationSeconds;
    return {
      ...base,
      ...measured,
      load: `c=${connections}, wrong secret`,
      answeredPerSecond,
      stored: `${stored} (all)`,
      target: '≥ 10,000 401/s, nothing stored',
      met:
        stored === 0 &&
        rejected === result.total &&
        result.errors === 0 &&
        measured.peakRssMiB <= MAX_RSS_MIB &&
        answeredPerSecond >= 10_000,
    };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
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
const reports: ScenarioReport[] = [];
let ceilingPerSecond = 0;
for (const mode of modes) {
  process.stdout.write(`running ${mode}…\n`);
  if (mode === 'echo') {
    const report = await runEcho(logDir);
    ceilingPerSecond = report.answeredPerSecond;
    reports.push(report);
  } else if (mode === 'rate') {
    for (const rateConnections of values['rate-connections'].split(',').map(Number)) {
      reports.push(await runService(mode, logDir, rateConnections));
    }
  } else {
    reports.push(await runService(mode, logDir));
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
