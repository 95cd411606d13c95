import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The PostgreSQL 15 cluster installed on these machines (Debian's `main`). */
const CLUSTER = ['15', 'main'] as const;
const PORT = 5432;
const ROLE = 'payledger_test';
// Only ever used on the loopback interface, for throwaway test databases.
const PASSWORD = 'payledger_test';

/** `psql` as the `postgres` superuser, over the local socket (peer authentication). */
async function asPostgres(sql: string): Promise<string> {
  const psql = ['psql', '-v', 'ON_ERROR_STOP=1', '-tAc', sql];
  const [command, args] =
    userInfo().username === 'postgres'
      ? ['psql', psql.slice(1)]
      : userInfo().uid === 0
        ? ['runuser', ['-u', 'postgres', '--', ...psql]]
        : ['sudo', ['-n', '-u', 'postgres', ...psql]];
  const { stdout } = await run(command, args, { timeout: 30_000 });
  return stdout.trim();
}

let ready: Promise<void> | undefined;

/**
 * Starts the cluster if it is down (`pg_ctlcluster 15 main start`) and makes sure the test role
 * exists, with commits that do not wait for the disk (a test server keeps nothing).
 */
function ensurePostgres(): Promise<void> {
  ready ??= (async () => {
    const { stdout } = await run('pg_lsclusters', ['--no-header', ...CLUSTER]).catch(
      (cause: unknown) => {
        throw new Error(
          'PostgreSQL 15 is needed for FerretDB on PostgreSQL: install it or set FERRETDB_BACKEND=sqlite',
          { cause },
        );
      },
    );
    if (!/\bonline\b/.test(stdout)) {
      process.stderr.write('[test setup] starting PostgreSQL 15 (pg_ctlcluster 15 main start)…\n');
      await run('pg_ctlcluster', [...CLUSTER, 'start'], { timeout: 60_000 });
    }
    const exists = await asPostgres(`SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}'`);
    if (exists !== '1') await asPostgres(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await asPostgres(`ALTER ROLE ${ROLE} SET synchronous_commit = off`);
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

export interface TestPostgresDatabase {
  /** A `postgres://` URL for FerretDB's `--postgresql-url`. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh database owned by the test role, in the local PostgreSQL 15 (started if down). */
export async function createPostgresDatabase(): Promise<TestPostgresDatabase> {
  await ensurePostgres();
  const name = `payledger_ferretdb_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await asPostgres(`CREATE DATABASE ${name} OWNER ${ROLE}`);
  return {
    url: `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${name}`,
    drop: async () => {
      await asPostgres(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
