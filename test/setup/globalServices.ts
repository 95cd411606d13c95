import { closeSharedBrowser } from './chromium.js';
import { ensureFerretDb, startFerretDb, type RunningFerretDb } from './ferretDb.js';

/** Where the MongoDB adapter's tests find their server. */
export const TEST_MONGODB_URL_VARIABLE = 'PAYLEDGER_TEST_MONGODB_URL';

let ferretDb: RunningFerretDb | undefined;

/**
 * Once per test run: a real MongoDB-protocol server for the read-model tests. `MONGODB_URL`
 * points at an existing MongoDB; otherwise FerretDB is installed if missing and started on a
 * free loopback port with its data in a temp dir.
 */
export async function mochaGlobalSetup(): Promise<void> {
  const external = process.env['MONGODB_URL'];
  if (external) {
    process.env[TEST_MONGODB_URL_VARIABLE] = external;
    return;
  }
  const binary = await ensureFerretDb();
  ferretDb = await startFerretDb(binary);
  process.env[TEST_MONGODB_URL_VARIABLE] = ferretDb.url;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await closeSharedBrowser();
  await ferretDb?.stop();
  ferretDb = undefined;
}
