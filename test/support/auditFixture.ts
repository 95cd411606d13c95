import Database from 'better-sqlite3';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIGEST_STREAM, type SignedDigest } from '../../src/audit/digest/digestRecord.js';
import { aGenericPayment } from './builders.js';
import { eventually } from './eventually.js';
import { signStandardWebhook } from './signStandardWebhook.js';
import { AUDITOR_TOKEN, startApp } from './startApp.js';
import { tempDataDir } from './tempDataDir.js';

export const STATUSES = ['pending', 'authorized', 'completed', 'refunded'] as const;

/**
 * A closed SQLite log written by the real service: `payments` payments of the generic gateway
 * with one event per status each, and the digest over all of them saved as `digest.json`, the
 * way an auditor saves `GET /audit/digest`.
 */
export async function aDigestedLog(payments: readonly string[], env: Record<string, string> = {}) {
  const app = await startApp({ AUDIT_DIGEST_INTERVAL_SECONDS: '3600', ...env });
  for (const status of STATUSES) {
    await Promise.all(
      payments.map(async (paymentId) => {
        const body = JSON.stringify(aGenericPayment({ paymentId, status }));
        const response = await app.post('/webhooks/generic', body, {
          ...signStandardWebhook(body),
        });
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      }),
    );
  }
  const digester = app.service.digester;
  if (!digester) throw new Error('the service runs no digester');
  await digester.whenCaughtUp();
  const events = payments.length * STATUSES.length;
  await eventually(async () => {
    await digester.digestNow();
    return digester.latest()?.digest.body.events === events ? true : undefined;
  });
  const answer = (await (await app.get('/audit/digest', AUDITOR_TOKEN)).json()) as {
    digest: SignedDigest;
  };
  const digestFile = join(app.dataDir, 'digest.json');
  await writeFile(digestFile, JSON.stringify(answer, null, 2));
  const [firstDigestEvent] = await app.service.eventStore.readStream(DIGEST_STREAM, {
    maxCount: 1,
  });
  await app.service.close();
  return {
    dataDir: app.dataDir,
    digestFile,
    digest: answer.digest,
    /** The log position of the digest stream's first event: where chaining had surely begun. */
    digestPosition: firstDigestEvent?.position.commit.toString(),
    /** A fresh copy of the log to tamper with. */
    async copy() {
      const { dir, remove } = await tempDataDir();
      for (const suffix of ['', '-wal', '-shm']) {
        const file = join(app.dataDir, `payledger.sqlite${suffix}`);
        if (existsSync(file)) await copyFile(file, join(dir, `payledger.sqlite${suffix}`));
      }
      return { dir, remove, database: () => new Database(join(dir, 'payledger.sqlite')) };
    },
    remove: () => rm(app.dataDir, { recursive: true, force: true }),
  };
}
