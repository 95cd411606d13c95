import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { createPostgresDatabase, type TestPostgresDatabase } from './postgresql.js';

const run = promisify(execFile);
const VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
const log = (message: string) => {
  process.stderr.write(`[test setup] ${message}\n`);
};

/**
 * FerretDB's storage. PostgreSQL is the one the tests run on: as released, 1.24 looks a document
 * up by `_id` with a scan on both backends, but on PostgreSQL the scan runs in SQL, while on
 * SQLite any filter other than exactly `{ _id: <string> }` is decoded document by document in Go,
 * some 45 times slower under the projection workload (BENCHMARKS.md, "FerretDB backends").
 * `FERRETDB_BACKEND=sqlite` runs everything on SQLite instead.
 */
export type FerretDbBackend = 'postgresql' | 'sqlite';

export function ferretDbBackend(): FerretDbBackend {
  const chosen = process.env['FERRETDB_BACKEND'] ?? 'postgresql';
  if (chosen !== 'postgresql' && chosen !== 'sqlite')
    throw new Error(`FERRETDB_BACKEND must be postgresql or sqlite, not ${chosen}`);
  return chosen;
}

async function works(binary: string): Promise<boolean> {
  try {
    await run(binary, ['--version'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * FerretDB's released source, built as released. `go install …/cmd/ferretdb@v1.24.2` makes a
 * binary that panics at start-up: the module lacks the generated build/version/version.txt,
 * which FerretDB's own build writes (`task gen-version`) and its panic message asks for. So the
 * module (already in Go's module cache) is copied, given that one file, and built unchanged.
 */
async function buildReleasedSource(target: string): Promise<void> {
  log(`building FerretDB ${VERSION} from its module source into ${target} (about a minute)…`);
  const { stdout } = await run('go', ['mod', 'download', '-json', `${MODULE}@${VERSION}`], {
    timeout: 600_000,
  });
  const { Dir: moduleDir } = JSON.parse(stdout) as { Dir: string };
  const source = await mkdtemp(join(tmpdir(), 'ferretdb-src-'));
  try {
    await cp(moduleDir, source, { recursive: true });
    await run('chmod', ['-R', 'u+w', source]);
    await writeFile(join(source, 'build/version/version.txt'), `${VERSION}\n`);
    await run('go', ['build', '-o', target, './cmd/ferretdb'], { cwd: source, timeout: 900_000 });
  } finally {
    await rm(source, { recursive: true, force: true });
  }
}

/**
 * A working FerretDB 1.24 binary: `FERRETDB_BIN` when set, else the one `go install` put in
 * GOPATH/bin if it starts, else the released source built into ~/.cache/payledger.
 */
export async function ensureFerretDb(): Promise<string> {
  const fromEnv = process.env['FERRETDB_BIN'];
  if (fromEnv) return fromEnv;
  const cached = join(homedir(), '.cache', 'payledger', `ferretdb-${VERSION}`);
  if (await works(cached)) return cached;
  const { stdout: gopath } = await run('go', ['env', 'GOPATH']).catch((cause: unknown) => {
    throw new Error('FerretDB is needed for the MongoDB tests: install Go or set MONGODB_URL', {
      cause,
    });
  });
  const installed = join(gopath.trim(), 'bin', 'ferretdb');
  const present = await access(installed).then(
    () => true,
    () => false,
  );
  if (!present) {
    log(`installing FerretDB ${VERSION} with go install (first run only)…`);
    await run('go', ['install', `${MODULE}/cmd/ferretdb@${VERSION}`], { timeout: 900_000 });
  }
  if (await works(installed)) return installed;
  await mkdir(join(homedir(), '.cache', 'payledger'), { recursive: true });
  await buildReleasedSource(cached);
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
  readonly backend: FerretDbBackend;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
  /** Stops the server (SIGTERM) but keeps its data dir, for fault-injection tests. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port with the same data dir. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and nothing is answered. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
}

/** Where a FerretDB keeps its documents: a directory of SQLite files, or a PostgreSQL database. */
type Storage =
  { readonly backend: 'sqlite' } | { readonly backend: 'postgresql'; readonly url: string };

async function spawnFerretDb(
  binary: string,
  dir: string,
  port: number,
  storage: Storage,
): Promise<ChildProcess> {
  const child = spawn(
    binary,
    [
      ...(storage.backend === 'postgresql'
        ? ['--handler=postgresql', `--postgresql-url=${storage.url}`]
        : [
            '--handler=sqlite',
            // A throwaway test server: no fsync per write (FerretDB is slow enough without it).
            `--sqlite-url=file:${dir}/?_pragma=synchronous(off)`,
          ]),
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Kept, not shown: on PostgreSQL every duplicate key (an expected write conflict in the tests)
  // is logged as an error. The last lines explain a server that does not start.
  let lastLines: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    lastLines = [...lastLines, ...text.split('\n').filter(Boolean)].slice(-10);
  });
  try {
    await waitUntilAnswering(`mongodb://127.0.0.1:${port}/`, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`FerretDB did not start: ${lastLines.join('\n') || String(error)}`, {
      cause: error,
    });
  }
  return child;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Starts FerretDB (telemetry off, no debug listener) with its state in a fresh temp dir and its
 * documents on `backend`: a fresh database in the local PostgreSQL 15 (started if down), or
 * SQLite files in that dir. `stop` deletes both.
 */
export async function startFerretDb(
  binary: string,
  backend: FerretDbBackend = ferretDbBackend(),
): Promise<RunningFerretDb> {
  const dir = await mkdtemp(join(tmpdir(), 'payledger-ferretdb-'));
  const port = await freePort();
  let database: TestPostgresDatabase | undefined;
  let storage: Storage = { backend: 'sqlite' };
  let child: ChildProcess;
  try {
    if (backend === 'postgresql') {
      database = await createPostgresDatabase();
      storage = { backend, url: database.url };
    }
    child = await spawnFerretDb(binary, dir, port, storage);
  } catch (error) {
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    backend,
    async stop() {
      child.kill('SIGCONT');
      await terminate(child);
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    },
    async halt() {
      await terminate(child);
    },
    pause() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    async restart() {
      await terminate(child);
      child = await spawnFerretDb(binary, dir, port, storage);
    },
  };
}
