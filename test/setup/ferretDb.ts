import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';

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

/**
 * A binary made by `go install …/cmd/ferretdb@v1.24.2` panics at start-up: the module ships
 * without the generated build/version/version.txt. When that happens the module source
 * (already in Go's module cache) is copied, given the file, and built into our own cache.
 */
async function buildFromModuleCache(target: string): Promise<void> {
  log(`building FerretDB ${VERSION} from the Go module cache into ${target} (about a minute)…`);
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

/** Finds a working FerretDB binary, installing it with the Go toolchain when missing. */
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
  await buildFromModuleCache(cached);
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
