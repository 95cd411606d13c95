import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { FERRETDB_PATCHES } from './ferretDbPatches.js';

const run = promisify(execFile);
const VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
const log = (message: string) => {
  process.stderr.write(`[test setup] ${message}\n`);
};

async function works(binary: string): Promise<boolean> {
  try {
    await run(binary, ['--version'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Tells this build apart from FerretDB's own: one name per version and set of patches. */
const BUILD_ID = `${VERSION}-payledger-${createHash('sha256')
  .update(JSON.stringify(FERRETDB_PATCHES))
  .digest('hex')
  .slice(0, 8)}`;

/**
 * Builds FerretDB from its module source (`go mod download`, so Go's module cache keeps it) with
 * `FERRETDB_PATCHES` applied. The module ships without its generated build/version/version.txt,
 * without which FerretDB panics at start-up (a plain `go install` does), so it is written too.
 */
async function buildPatched(target: string): Promise<void> {
  log(`building FerretDB ${VERSION} with payledger's patches into ${target} (a minute or two)…`);
  const { stdout } = await run('go', ['mod', 'download', '-json', `${MODULE}@${VERSION}`], {
    timeout: 600_000,
  });
  const { Dir: moduleDir } = JSON.parse(stdout) as { Dir: string };
  const source = await mkdtemp(join(tmpdir(), 'ferretdb-src-'));
  try {
    await cp(moduleDir, source, { recursive: true });
    await run('chmod', ['-R', 'u+w', source]);
    await writeFile(join(source, 'build/version/version.txt'), `${BUILD_ID}\n`);
    for (const patch of FERRETDB_PATCHES) {
      const file = join(source, patch.file);
      if (patch.find === '') {
        await writeFile(file, patch.replace);
        continue;
      }
      const text = await readFile(file, 'utf8');
      if (!text.includes(patch.find))
        throw new Error(`FerretDB patch does not apply to ${patch.file}`);
      await writeFile(file, text.replace(patch.find, patch.replace));
    }
    await run('go', ['build', '-o', target, './cmd/ferretdb'], { cwd: source, timeout: 900_000 });
  } finally {
    await rm(source, { recursive: true, force: true });
  }
}

/**
 * A working FerretDB binary: `FERRETDB_BIN` when set, else payledger's patched build, made with
 * the Go toolchain the first time and cached under ~/.cache/payledger.
 */
export async function ensureFerretDb(): Promise<string> {
  const fromEnv = process.env['FERRETDB_BIN'];
  if (fromEnv) return fromEnv;
  const cached = join(homedir(), '.cache', 'payledger', `ferretdb-${BUILD_ID}`);
  if (await works(cached)) return cached;
  await run('go', ['version']).catch((cause: unknown) => {
    throw new Error('FerretDB is needed for the MongoDB tests: install Go or set MONGODB_URL', {
      cause,
    });
  });
  await mkdir(join(homedir(), '.cache', 'payledger'), { recursive: true });
  await buildPatched(cached);
  return cached;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with ${child.exitCode}`);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 300 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      await client.close();
    }
  }
}

export interface RunningFerretDb {
  readonly url: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
  /** Stops the server (SIGTERM) but keeps its data dir, for fault-injection tests. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port with the same data dir. */
  restart(): Promise<void>;
}

async function spawnFerretDb(binary: string, dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      // A throwaway test server: no fsync per write (FerretDB is slow enough without it).
      `--sqlite-url=file:${dir}/?_pragma=synchronous(off)`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    await waitUntilAnswering(`mongodb://127.0.0.1:${port}/`, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Starts FerretDB (SQLite backend, telemetry off, no debug listener) in a fresh temp dir. */
export async function startFerretDb(binary: string): Promise<RunningFerretDb> {
  const dir = await mkdtemp(join(tmpdir(), 'payledger-ferretdb-'));
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = await spawnFerretDb(binary, dir, port);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    async stop() {
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    },
    async halt() {
      await terminate(child);
    },
    async restart() {
      await terminate(child);
      child = await spawnFerretDb(binary, dir, port);
    },
  };
}
