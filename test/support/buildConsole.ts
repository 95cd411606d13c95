import { fileURLToPath } from 'node:url';
import { build } from 'vite';

let built: Promise<void> | undefined;

/**
 * Builds the console from its sources into dist/console once per test run (under a second), so
 * the tests serve what the sources say rather than whatever an earlier build left there.
 */
export function buildConsole(): Promise<void> {
  built ??= build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  }).then(() => undefined);
  return built;
}
