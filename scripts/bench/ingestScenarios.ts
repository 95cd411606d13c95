import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/openStores.js';
import type { ScenarioReport } from './ingestReport.js';
import { runLoad } from './runLoad.js';
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
  /** Extra `node` flags for the servers, e.g. `--cpu-prof`. */
  readonly nodeArgs: readonly string[];
  readonly maxRssMiB: number;
  readonly logDir: string;
}

interface Measured {
  readonly result: Awaited<ReturnType<typeof runLoad>>;
  readonly cpuMicrosPerRequest: { readonly process: number; readonly mainThread: number };
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** The benchmark's scenarios, each against a fresh server process. */
export function createScenarios(settings: ScenarioSettings) {
  const { root, connections, durationSeconds, warmupSeconds, rate, bodyBytes, secret } = settings;
  const MAX_RSS_MIB = settings.maxRssMiB;
  const profileArgs = settings.nodeArgs;

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

  async function runEcho(): Promise<ScenarioReport> {
    const server = await startServerProcess(
      [...profileArgs, join(root, 'dist/scripts/bench/koaEchoServer.js')],
      {},
      join(settings.logDir, 'echo.log'),
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
    mode: ServiceMode,
    rateConnections = connections,
    ceilingPerSecond = 0,
  ): Promise<ScenarioReport> {
    const dataDir = await mkdtemp(join(tmpdir(), `payledger-bench-${mode}-`));
    const server = await startServerProcess(
      [...profileArgs, '--enable-source-maps', join(root, 'dist/src/main.js')],
      { DATA_DIR: dataDir, GENERIC_WEBHOOK_SECRET: secret, LOG_LEVEL: settings.logLevel },
      join(settings.logDir, `${mode}.log`),
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

  return { runEcho, runService };
}
