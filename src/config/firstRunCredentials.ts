import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Role } from './config.js';

/** What a first run generates: a Standard Webhooks secret and one API token per role. */
export interface FirstRunCredentials {
  readonly genericWebhookSecret: string;
  readonly apiKeys: Readonly<Record<Role, string>>;
}

export const CREDENTIALS_FILE = 'credentials.json';
const ROLES: readonly Role[] = ['admin', 'auditor', 'analyst'];

type Environment = Readonly<Record<string, string | undefined>>;

const isSet = (env: Environment, name: string) =>
  Boolean(env[name]?.trim()) || Boolean(env[`${name}_FILE`]?.trim());

export function credentialsPath(env: Environment): string {
  return join(env['DATA_DIR']?.trim() || './data', CREDENTIALS_FILE);
}

/**
 * Whether first-run credentials apply at all: only with the embedded event store (no
 * `EVENTSTORE_URL`), and never in production (`NODE_ENV=production`, as in the Docker image),
 * which stays strict and says what is missing.
 */
export function firstRunCredentialsApply(env: Environment): boolean {
  return env['NODE_ENV'] !== 'production' && !isSet(env, 'EVENTSTORE_URL');
}

/** The credentials saved by an earlier first run, if there is a readable file of them. */
export function readFirstRunCredentials(env: Environment): FirstRunCredentials | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(credentialsPath(env), 'utf8'));
  } catch {
    return undefined;
  }
  const value = parsed as Partial<FirstRunCredentials> | null;
  const keys = value?.apiKeys;
  if (
    typeof value?.genericWebhookSecret !== 'string' ||
    typeof keys !== 'object' ||
    !ROLES.every((role) => typeof keys[role] === 'string')
  )
    return undefined;
  return { genericWebhookSecret: value.genericWebhookSecret, apiKeys: keys };
}

/** Whether the saved file can be read by anyone but its owner. */
export function credentialsFileIsPrivate(env: Environment): boolean {
  try {
    return (statSync(credentialsPath(env)).mode & 0o077) === 0;
  } catch {
    return true;
  }
}

function generate(): FirstRunCredentials {
  const token = () => randomBytes(24).toString('base64url');
  return {
    genericWebhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
    apiKeys: { admin: token(), auditor: token(), analyst: token() },
  };
}

/**
 * Creates the file with mode 0600, failing if it exists (two first runs at once: the second
 * reads the first's). Synced, so credentials printed once are never lost to a crash.
 */
function save(env: Environment, credentials: FirstRunCredentials): boolean {
  const path = credentialsPath(env);
  mkdirSync(dirname(path), { recursive: true });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(
      fd,
      `${JSON.stringify({ createdAt: new Date().toISOString(), ...credentials }, null, 2)}\n`,
    );
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

export interface CredentialsOutcome {
  /** The environment to configure from: the generated or saved values fill what is unset. */
  readonly env: Record<string, string | undefined>;
  /** Set when this call generated them (print them, once). */
  readonly generated?: FirstRunCredentials;
  /** The variables taken from the saved file. */
  readonly used: readonly string[];
  readonly file: string;
}

/**
 * Gives a newcomer a working service with nothing exported: when neither
 * `GENERIC_WEBHOOK_SECRET` nor `API_KEYS` (nor their `_FILE` forms) is set and `generate` is
 * true, generates them into `DATA_DIR/credentials.json`; once that file exists, its values fill
 * whichever of the two the environment leaves unset (the environment always wins).
 */
export function withFirstRunCredentials(
  env: Environment,
  options: { readonly generate: boolean },
): CredentialsOutcome {
  const file = credentialsPath(env);
  if (!firstRunCredentialsApply(env)) return { env: { ...env }, used: [], file };
  const secretUnset = !isSet(env, 'GENERIC_WEBHOOK_SECRET');
  const keysUnset = !isSet(env, 'API_KEYS');
  let saved = readFirstRunCredentials(env);
  let generated: FirstRunCredentials | undefined;
  if (!saved && options.generate && secretUnset && keysUnset) {
    const fresh = generate();
    if (save(env, fresh)) generated = fresh;
    saved = generated ?? readFirstRunCredentials(env);
  }
  if (!saved) return { env: { ...env }, used: [], file };
  const used = [
    ...(secretUnset ? ['GENERIC_WEBHOOK_SECRET'] : []),
    ...(keysUnset ? ['API_KEYS'] : []),
  ];
  return {
    env: {
      ...env,
      ...(secretUnset ? { GENERIC_WEBHOOK_SECRET: saved.genericWebhookSecret } : {}),
      ...(keysUnset
        ? { API_KEYS: ROLES.map((role) => `${role}:${saved.apiKeys[role]}`).join(',') }
        : {}),
    },
    ...(generated ? { generated } : {}),
    used,
    file,
  };
}
