import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnService, type ServiceProcess } from '../support/spawnService.js';
import { tempDataDir } from '../support/tempDataDir.js';
import { apiFetch } from '../support/openApi/apiFetch.js';

const run = promisify(execFile);
const SAMPLE = join(import.meta.dirname, '../../scripts/sendSampleWebhook.ts');

/** What a newcomer's shell has: nothing payledger-specific. */
const bareEnvironment = (dataDir: string): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  HOME: process.env['HOME'] ?? '',
  PORT: '0',
  DATA_DIR: dataDir,
});

const tokenIn = (banner: string, role: string) =>
  new RegExp(`^ {2}${role} token +(\\S+)$`, 'm').exec(banner)?.[1];

describe('A first `npm start` with nothing configured', function () {
  this.timeout(60_000);

  it('generates credentials once into DATA_DIR/credentials.json (0600), prints them, accepts the sample and reuses them on restart', async function () {
    const { dir, remove } = await tempDataDir();
    let service: ServiceProcess | undefined;
    try {
      service = await spawnService(bareEnvironment(dir), {
        replaceEnv: true,
        captureStderr: true,
      });
      const banner = service.errorOutput();
      const auditor = tokenIn(banner, 'auditor');
      expect(auditor, banner).to.match(/^[A-Za-z0-9_-]{32}$/);
      expect(banner).to.include('npm run webhook:sample');
      const file = join(dir, 'credentials.json');
      expect((await stat(file)).mode & 0o777).to.equal(0o600);
      const saved = JSON.parse(await readFile(file, 'utf8')) as {
        genericWebhookSecret: string;
        apiKeys: Record<string, string>;
      };
      expect(saved.apiKeys['auditor']).to.equal(auditor);
      expect(banner).to.include(saved.genericWebhookSecret);
      for (const value of [saved.genericWebhookSecret, ...Object.values(saved.apiKeys)])
        expect(service.output.join('\n')).to.not.include(value);

      const { HOME, PATH } = bareEnvironment(dir);
      const sample = await run(
        process.execPath,
        ['--import', 'tsx/esm', SAMPLE, '--url', service.url, '--id', 'msg_first_run'],
        { env: { PATH, HOME, DATA_DIR: dir } },
      );
      expect(sample.stdout).to.match(/^200 OK\n\{"status":"accepted"/m);
      expect(sample.stdout).to.match(/^payment-generic:pay_1234567890: 1 event$/m);
      expect(sample.stdout).to.include('PaymentCaptured');
      expect(sample.stdout).to.include('100.00 USD');

      const history = await apiFetch(`${service.url}/payments/generic/pay_1234567890/history`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(history.status).to.equal(200);
      expect(((await history.json()) as { events: unknown[] }).events).to.have.length(1);

      await service.kill('SIGTERM');
      service = await spawnService(bareEnvironment(dir), {
        replaceEnv: true,
        captureStderr: true,
      });
      expect(service.errorOutput()).to.equal('');
      await service.waitForLog((entry) => entry.message === 'using first-run credentials');
      expect(JSON.parse(await readFile(file, 'utf8'))).to.deep.equal(saved);
      const again = await apiFetch(`${service.url}/payments/generic/pay_1234567890/history`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(again.status).to.equal(200);
    } finally {
      await service?.kill('SIGTERM');
      await remove();
    }
  });

  it('generates nothing when NODE_ENV=production, and says which variables are missing', async function () {
    const { dir, remove } = await tempDataDir();
    let service: ServiceProcess | undefined;
    try {
      service = await spawnService(
        { ...bareEnvironment(dir), NODE_ENV: 'production' },
        { replaceEnv: true, captureStderr: true },
      );
      const noGateway = await service.waitForLog((entry) =>
        String(entry.message).startsWith('no gateway is configured'),
      );
      expect(noGateway['missing']).to.include('GENERIC_WEBHOOK_SECRET');
      await service.waitForLog((entry) => String(entry.message).startsWith('API_KEYS is not set'));
      expect(service.errorOutput()).to.equal('');
      let missing = '';
      try {
        await stat(join(dir, 'credentials.json'));
      } catch (error) {
        missing = (error as NodeJS.ErrnoException).code ?? '';
      }
      expect(missing).to.equal('ENOENT');
      const response = await apiFetch(`${service.url}/webhooks/generic`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).to.equal(404);
      expect(await response.json()).to.deep.include({ error: 'gateway_not_configured' });
    } finally {
      await service?.kill('SIGTERM');
      await remove();
    }
  });
});
