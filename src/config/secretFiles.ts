import { readFileSync } from 'node:fs';
import { ConfigError } from './configError.js';

/**
 * The variables that hold secrets. Each may instead name a file as `<NAME>_FILE` (the
 * convention of Docker and Kubernetes secrets); the file's lines are joined with commas, so a
 * list (rotation, several API keys) can be one entry per line.
 */
export const SECRET_VARIABLES = [
  'STRIPE_WEBHOOK_SECRET',
  'RAZORPAY_WEBHOOK_SECRET',
  'GENERIC_WEBHOOK_SECRET',
  'IPPOPAY_PUBLIC_KEY',
  'IPPOPAY_SECRET_KEY',
  'API_KEYS',
  'EVENTSTORE_URL',
  'MONGODB_URL',
] as const;

export type SecretVariable = (typeof SECRET_VARIABLES)[number];

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The environment with every `<NAME>_FILE` replaced by the file's content under `<NAME>`. Reads
 * files; everything else about configuration stays in the pure `loadConfig`. Throws a
 * `ConfigError` naming each variable whose file cannot be read, or that is also set directly
 * (which of the two should win would be a guess).
 */
export function readSecretFiles(
  env: Environment,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Record<string, string | undefined> {
  const resolved: Record<string, string | undefined> = { ...env };
  const problems: { variable: string; message: string }[] = [];
  for (const name of SECRET_VARIABLES) {
    const path = env[`${name}_FILE`]?.trim();
    if (!path) continue;
    if (env[name]?.trim()) {
      problems.push({ variable: `${name}_FILE`, message: `set ${name} or ${name}_FILE, not both` });
      continue;
    }
    try {
      resolved[name] = readFile(path)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join(',');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.push({ variable: `${name}_FILE`, message: `cannot read ${path} (${code})` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}
