import type { Config } from '../config/config.js';
import { withFirstRunCredentials, type CredentialsOutcome } from '../config/firstRunCredentials.js';
import { loadConfig } from '../config/loadConfig.js';
import { readSecretFiles } from '../config/secretFiles.js';

/**
 * How every command turns the environment into a configuration: first-run credentials fill
 * what is unset (generated only by `start`), then `<NAME>_FILE` secrets are read, then
 * `loadConfig` validates. Also used on SIGHUP, so a reload sees exactly what a restart would.
 */
export function configFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly generateCredentials: boolean } = { generateCredentials: false },
): { readonly config: Config; readonly credentials: CredentialsOutcome } {
  const credentials = withFirstRunCredentials(env, { generate: options.generateCredentials });
  return { config: loadConfig(readSecretFiles(credentials.env)), credentials };
}
