import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/openStores.js';
import type { Measured, ScenarioReport } from './ingestReport.js';
import { readMainThreadProfile, stageTimes } from './profileStages.js';
import { waitForProjections } from './projectionCatchUp.js';
import { runLoad } from './runLoad.js';
import { cpuPerRequest } from './serverCpu.js';
import { startServerProcess, type ServerProcess } from './serverProcess.js';
import {
  duplicateWebhookId,
  paymentBody,
  secretKey,
  signedHeaders,
  webhookRequests,
  type RequestKind,
} from './webhookRequests.js';

export type ServiceMode = 'new' | 'rate' | 'duplicates' | 'forged';

export interface ScenarioSettings {
  /** The repository root, whose `dist/` holds the built servers. */
  readonly root: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly rate: number;
  readonly bodyBytes: number;
  readonly secret: string;
  readonly logLevel: string;
  /** Whether the service runs its projections (`PROJECTIONS_ENABLED`), as it does by default. */
  readonly projections: boolean;
  /** Writes each server's CPU profiles here (`node --cpu-prof`) and splits its time by stage. */
  readonly profileDir: string | undefined;
  readonly maxRssMiB: number;
  readonly logDir: string;
}

/** Rates of the same run that the targets are relative to. */
export interface Reference {
  readonly echoPerSecond: number;
  readonly newPerSecond: number;
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** The benchmark's scenarios, each against a fresh server process. */
export function createScenarios(settings: ScenarioSettings) {
  const { root, connections, durationSeconds, warmupSeconds, rate, bodyBytes, secret } = settings;
  const maxRssMiB = settings.maxRssMiB;
  const nodeArgs =
    settings.profileDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`];

  /**
   * Warm-up round (discarded), then the measured round, with the server's CPU and memory. For new
   * events, the CPU is also taken until the projections have applied every event (`catchUp`).
   */
  async function measure(
    server: ServerProcess,
    kind: RequestKind,
    runTag: (round: 'warmup' | 'measured') => string,
    shape: { readonly connections: number; readonly rate?: number },
    projectedIn?: string,
  ): Promise<Measured> {
    const load = (round: 'warmup' | 'measured', seconds: number) =>
      runLoad({
        url: server.url,
        connections: shape.connections,
        durationSeconds: seconds,
        ...(shape.rate === undefined ? {} : { rate: shape.rate }),
        requests: webhookRequests({ kind, secret, bodyBytes, runTag: runTag(round) }),
      });
    if (warmupSeconds > 0) {
      await load('warmup', warmupSeconds);
      if (projectedIn !== undefined) await waitForProjections(server.url, projectedIn);
    }
    const cpuBefore = await server.cpuSeconds();
    const startMicros = monotonicMicros();
    const result = await load('measured', durationSeconds);
    const cpuAfterLoad = await server.cpuSeconds();
    const loadEndMicros = monotonicMicros();
    const catchUp =
      projectedIn === undefined ? undefined : await waitForProjections(server.url, projectedIn);
    const cpuAfterCatchUp = catchUp ? await server.cpuSeconds() : undefined;
    const memory = await server.memory();
    return {
      result,
      cpu: cpuPerRequest(cpuBefore, cpuAfterLoad, result.total),
      ...(catchUp && cpuAfterCatchUp
        ? { catchUp: { ...catchUp, cpu: cpuPerRequest(cpuBefore, cpuAfterCatchUp, result.total) } }
        : {}),
      rssMiB: memory.rssMiB,
      peakRssMiB: memory.peakMiB,
      window: { startMicros, endMicros: catchUp ? monotonicMicros() : loadEndMicros },
    };
  }

  /**
   * µs per request of each stage, from the main thread's profile over the measured window: each
   * stage's share of the busy samples times the main thread's CPU per request from /proc.
   */
  async function stagesOf(server: ServerProcess, measured: Measured) {
    if (settings.profileDir === undefined) return {};
    const profile = await readMainThreadProfile(settings.profileDir, server.pid);
    const times = stageTimes(profile, measured.window);
    const busy = [...times.values()].reduce((sum, time) => sum + time, 0);
    const mainMicros = (measured.catchUp?.cpu ?? measured.cpu).mainThread;
    const stages = new Map<string, number>();
    for (const [stage, time] of times) stages.set(stage, busy > 0 ? (time / busy) * mainMicros : 0);
    return { stages };
  }

  async function runEcho(): Promise<ScenarioReport> {
    const server = await startServerProcess(
      [...nodeArgs, join(root, 'dist/scripts/bench/koaEchoServer.js')],
      {},
      join(settings.logDir, 'echo.log'),
    );
    let measured: Measured;
    try {
      measured = await measure(server, 'new', (round) => `echo${round}`, { connections });
    } finally {
      await server.stop();
    }
    return {
      mode: 'echo',
      server: 'bare Koa + bodyparser',
      load: `c=${connections}`,
      ...measured,
      ...(await stagesOf(server, measured)),
      answeredPerSecond: measured.result.ok / measured.result.durationSeconds,
      stored: '–',
      target: 'ceiling',
      met: undefined,
    };
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
    mode: ServiceMode,
    reference: Reference,
    rateConnections = connections,
  ): Promise<ScenarioReport> {
    const dataDir = await mkdtemp(join(tmpdir(), `payledger-bench-${mode}-`));
    const server = await startServerProcess(
      [...nodeArgs, '--enable-source-maps', join(root, 'dist/src/main.js')],
      {
        DATA_DIR: dataDir,
        GENERIC_WEBHOOK_SECRET: secret,
        LOG_LEVEL: settings.logLevel,
        PROJECTIONS_ENABLED: String(settings.projections),
      },
      join(settings.logDir, `${mode}.log`),
    );
    try {
      const report = await runMode(mode, server, dataDir, reference, rateConnections);
      return { ...report, ...(await stagesOf(server, report)) };
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  async function runMode(
    mode: ServiceMode,
    server: ServerProcess,
    dataDir: string,
    reference: Reference,
    rateConnections: number,
  ): Promise<ScenarioReport> {
    const base = { mode, server: 'payledger (SQLite, FULL)' };
    const withinMemory = (measured: Measured) => measured.peakRssMiB <= maxRssMiB;
    if (mode === 'new' || mode === 'rate') {
      const measured = await measure(
        server,
        'new',
        (round) => `${mode}${round}`,
        mode === 'rate' ? { connections: rateConnections, rate } : { connections },
        settings.projections ? dataDir : undefined,
      );
      await server.stop();
      const { result } = measured;
      const stored = countStored(dataDir, `payment-generic:pay_${mode}measured_`);
      const clean = result.non2xx === 0 && result.errors === 0 && stored >= result.ok;
      const answeredPerSecond = result.ok / result.durationSeconds;
      const cpuPerEvent = (measured.catchUp?.cpu ?? measured.cpu).process;
      const common = {
        ...base,
        ...measured,
        answeredPerSecond,
        stored: stored.toLocaleString('en-US'),
      };
      if (mode === 'rate') {
        return {
          ...common,
          load: `c=${rateConnections}, R=${rate}/s`,
          target: `p50 ≤ 2 ms, p99 ≤ 10 ms at ${rate.toLocaleString('en-US')}/s`,
          met:
            clean &&
            withinMemory(measured) &&
            answeredPerSecond >= 0.95 * rate &&
            result.latencyMs.p50 <= 2 &&
            result.latencyMs.p99 <= 10,
        };
      }
      return {
        ...common,
        load: `c=${connections}`,
        target: '≥ 40 % of echo, p99 ≤ 25 ms, 0 non-2xx, ≤ 200 µs CPU/event projected',
        met:
          clean &&
          withinMemory(measured) &&
          answeredPerSecond >= 0.4 * reference.echoPerSecond &&
          result.latencyMs.p99 <= 25 &&
          (!settings.projections || measured.catchUp?.caughtUp === true) &&
          cpuPerEvent <= 200,
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
      const measured = await measure(server, 'duplicate', () => tag, { connections });
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
        target: '≥ 2 × the new-event rate, exactly 1 stored',
        met:
          stored === 1 &&
          result.non2xx === 0 &&
          result.errors === 0 &&
          withinMemory(measured) &&
          answeredPerSecond >= 2 * reference.newPerSecond,
      };
    }
    const measured = await measure(server, 'forged', (round) => `forged${round}`, { connections });
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
      target: '≥ 80 % of echo (401), nothing stored',
      met:
        stored === 0 &&
        rejected === result.total &&
        result.errors === 0 &&
        withinMemory(measured) &&
        answeredPerSecond >= 0.8 * reference.echoPerSecond,
    };
  }

  return { runEcho, runService };
}
