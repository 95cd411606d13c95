import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir, removed by the returned function. */
export async function tempDataDir(): Promise<{
  readonly dir: string;
  readonly remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'payledger-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
