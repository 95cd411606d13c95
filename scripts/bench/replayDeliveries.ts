/**
 * Kept (quarantined or ignored) deliveries at scale: how fast they are kept, listed page by
 * page, and re-run by `payledger replay-quarantine --all`, on the embedded SQLite store.
 *
 *   npm run bench:replay -- [--deliveries 100000] [--concurrency 64]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { runCli } from '../../src/cli/runCli.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/openStores.js';
import { keepDelivery } from '../../src/webhooks/deliveries/keepDelivery.js';
import { listDeliveries } from '../../src/webhooks/deliveries/listDeliveries.js';
import { describeMachine } from './machine.js';

const { values } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const total = Number(values.deliveries);
const concurrency = Number(values.concurrency);
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const rate = (count: number, took: number) => Math.round(count / took).toLocaleString('en-US');
const peakRssMiB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

/** A valid generic payment, as if it had been quarantined by a bug since fixed. */
const body = (n: number) =>
  Buffer.from(
    JSON.stringify({
      event: 'payment.updated',
      timestamp: '2024-06-26T11:08:07Z',
      data: {
        paymentId: `pay_bench_${n}`,
        status: 'completed',
        amount: 100.0,
        currency: 'USD',
        orderId: `ord_${n % 1000}`,
        description: 'x'.repeat(700),
      },
    }),
  );

const dir = await mkdtemp(join(tmpdir(), 'payledger-bench-'));
try {
  process.stdout.write(`machine: ${describeMachine()}\n`);
  process.stdout.write(
    `${total.toLocaleString('en-US')} quarantined ~1 KB generic deliveries, embedded SQLite (WAL, synchronous=FULL)\n\n`,
  );

  const store = createSqliteEventStore({ file: sqliteFile(dir) });
  let next = 0;
  const keepStarted = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = next++;
        await keepDelivery(store, {
          kind: 'quarantined',
          gateway: 'generic',
          reason: 'a bug, since fixed',
          delivery: { scheme: 'standard-webhooks-v1', secretIndex: 0, deliveryId: `msg_${n}` },
          bytes: body(n),
          deliveryIdIsSigned: true,
          paymentId: `pay_bench_${n}`,
          eventType: 'payment.updated',
          receivedAt: new Date(),
          correlationId: `bench-${n}`,
        });
      }
    }),
  );
  const keepSeconds = seconds(keepStarted);
  process.stdout.write(
    `keep (3 appends each, ${concurrency} in flight): ${keepSeconds.toFixed(1)} s, ${rate(total, keepSeconds)} deliveries/s\n`,
  );

  const pageTimes: number[] = [];
  let cursor: string | undefined;
  let listed = 0;
  const listStarted = process.hrtime.bigint();
  do {
    const pageStarted = process.hrtime.bigint();
    const page = await listDeliveries(store, {
      limit: 100,
      state: 'all',
      ...(cursor ? { cursor } : {}),
    });
    pageTimes.push(seconds(pageStarted) * 1000);
    listed += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const listSeconds = seconds(listStarted);
  const sorted = [...pageTimes].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] ?? 0).toFixed(1);
  process.stdout.write(
    `list, pages of 100 (GET /quarantine): ${listed.toLocaleString('en-US')} in ${listSeconds.toFixed(1)} s; per page p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, first ${pageTimes[0]?.toFixed(1)} ms, last ${pageTimes.at(-1)?.toFixed(1)} ms\n`,
  );
  await store.close();

  const run = async (...args: string[]) => {
    const out = new PassThrough();
    let summary = '';
    out.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trimEnd().split('\n');
      summary = lines.at(-1) ?? summary;
    });
    const started = process.hrtime.bigint();
    const code = await runCli(['replay-quarantine', ...args], {
      out,
      err: process.stderr,
      env: { DATA_DIR: dir, GENERIC_WEBHOOK_SECRET: secret, LOG_LEVEL: 'warn' },
      signal: new AbortController().signal,
    });
    return { code, summary, took: seconds(started) };
  };
  const dry = await run('--all', '--dry-run');
  process.stdout.write(
    `replay-quarantine --all --dry-run: ${dry.took.toFixed(1)} s, ${rate(total, dry.took)} deliveries/s (${dry.summary})\n`,
  );
  const real = await run('--all');
  process.stdout.write(
    `replay-quarantine --all: ${real.took.toFixed(1)} s, ${rate(total, real.took)} deliveries/s (${real.summary})\n`,
  );
  process.stdout.write(`peak RSS of this process: ${peakRssMiB()} MiB\n`);
  if (dry.code !== 0 || real.code !== 0) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
