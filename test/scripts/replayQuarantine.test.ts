import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { EXIT } from '../../src/cli/cliCommand.js';
import { runCli } from '../../src/cli/runCli.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/openStores.js';
import { aGenericPayment } from '../support/builders.js';
import { loadFixture } from '../support/gatewayFixtures.js';
import { GENERIC_SECRET, signStandardWebhook } from '../support/signStandardWebhook.js';
import { signStripe } from '../support/signStripe.js';
import { startApp } from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../src/cli/payledger.ts');
const STRIPE_SECRET = 'whsec_payledger_replay_cli_test';
const DAY_MS = 86_400_000;

/** The command as a user runs it, in its own process. */
async function spawned(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx/esm', CLI, 'replay-quarantine', ...args],
      { env: { PATH: process.env['PATH'] ?? '', ...env, LOG_LEVEL: 'warn' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The same command in this process (faster), with its output captured. */
async function payledger(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const text = { out: '', err: '' };
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  err.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  const code = await runCli(['replay-quarantine', ...args], {
    out,
    err,
    env: { ...env, LOG_LEVEL: 'warn' },
    signal: new AbortController().signal,
  });
  return { code, stdout: text.out, stderr: text.err };
}

async function eventCount(dir: string): Promise<number> {
  const store = createSqliteEventStore({ file: sqliteFile(dir) });
  try {
    return (await store.readAll({ maxCount: 100_000 })).length;
  } finally {
    await store.close();
  }
}

describe('payledger replay-quarantine', function () {
  this.timeout(60_000);

  it('re-runs every open delivery, appends what now normalizes exactly once, and leaves the rest open', async function () {
    const { dir, remove } = await tempDataDir();
    const env = {
      DATA_DIR: dir,
      GENERIC_WEBHOOK_SECRET: GENERIC_SECRET,
      STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
    };
    try {
      // The service's clock runs three days behind: a payment dated yesterday is two days
      // "ahead" for it, and quarantined; by the real clock the replay runs with, it is fine.
      const serviceNow = Date.now() - 3 * DAY_MS;
      const app = await startApp(env, { dataDir: dir, clock: () => new Date(serviceNow) });
      const body = JSON.stringify(
        aGenericPayment({
          paymentId: 'pay_cli',
          timestamp: new Date(Date.now() - DAY_MS).toISOString(),
        }),
      );
      const quarantined = (await (
        await app.post('/webhooks/generic', body, {
          ...signStandardWebhook(body, { timestamp: Math.floor(serviceNow / 1000) }),
        })
      ).json()) as { id: string };
      for (const name of ['customer.created', 'charge.refunded.legacy']) {
        const { rawBody } = loadFixture('stripe', name);
        await app.post('/webhooks/stripe', rawBody, {
          'stripe-signature': signStripe(rawBody, STRIPE_SECRET, Math.floor(serviceNow / 1000)),
        });
      }
      await app.stop();
      const before = await eventCount(dir);

      const dry = await spawned(env, '--all', '--dry-run');
      expect(dry.code, dry.stderr).to.equal(EXIT.ok);
      expect(dry.stdout).to.include(`${quarantined.id}  accepted`);
      expect(dry.stdout).to.match(/still ignored +Stripe event customer\.created/);
      expect(dry.stdout).to.match(/still invalid +charge\.refunded has no payment_intent/);
      expect(dry.stdout).to.include(
        'dry run, nothing written: 3 deliveries re-run: 1 would be accepted',
      );
      expect(await eventCount(dir)).to.equal(before);

      const real = await payledger(env, '--all');
      expect(real.code, real.stderr).to.equal(EXIT.ok);
      expect(real.stdout).to.include(`${quarantined.id}  accepted         payment-generic:pay_cli`);
      const again = await payledger(env, '--all');
      expect(again.stdout).to.include('2 deliveries re-run: 0 accepted');
      const byId = await payledger(env, '--id', quarantined.id);
      expect(byId.stdout).to.include(`${quarantined.id}  already resolved`);

      const store = createSqliteEventStore({ file: sqliteFile(dir) });
      try {
        const payments = await store.readStream('payment-generic:pay_cli');
        expect(payments.map((event) => event.type)).to.deep.equal(['PaymentCaptured']);
      } finally {
        await store.close();
      }

      const unknown = await payledger(env, '--id', `quarantined:generic:${'c'.repeat(64)}`);
      expect(unknown.code).to.equal(EXIT.failed);
      expect(unknown.stdout).to.match(/failed +No quarantined or ignored delivery has the id/);
    } finally {
      await remove();
    }
  });

  it('refuses to run without --id or --all, or with both', async function () {
    for (const args of [[], ['--all', '--id', 'x'], ['--id', 'x', '--kind', 'ignored']]) {
      const err = new PassThrough();
      let text = '';
      err.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const code = await runCli(['replay-quarantine', ...args], {
        out: new PassThrough(),
        err,
        env: {},
        signal: new AbortController().signal,
      });
      expect(code, args.join(' ')).to.equal(EXIT.unusable);
      expect(text).to.match(
        /^payledger replay-quarantine: .*; run `payledger replay-quarantine --help`\n$/,
      );
    }
  });
});
