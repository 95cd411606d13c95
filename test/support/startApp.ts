import { loadConfig } from '../../src/config/loadConfig.js';
import type { Clock } from '../../src/domain/clock.js';
import { silentLogger, type Logger } from '../../src/observability/logger.js';
import { startService, type Service } from '../../src/service.js';
import { apiFetch } from './openApi/apiFetch.js';
import { GENERIC_SECRET } from './signStandardWebhook.js';
import { tempDataDir } from './tempDataDir.js';

export const AUDITOR_TOKEN = 'auditor-token-0123456789abcdef';
export const ANALYST_TOKEN = 'analyst-token-0123456789abcdef';
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef00';

export interface TestApp {
  readonly url: string;
  readonly service: Service;
  readonly dataDir: string;
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<Response>;
  get(path: string, token?: string): Promise<Response>;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** An existing data directory (kept on stop); a fresh one by default. */
  readonly dataDir?: string;
}

/**
 * The real service, composed exactly as `main.ts` composes it, on a random port and a fresh data
 * directory. `env` overrides the test defaults (a generic secret and one key per role).
 */
export async function startApp(
  env: Record<string, string | undefined> = {},
  options: StartAppOptions = {},
): Promise<TestApp> {
  const { dir, remove } = options.dataDir
    ? { dir: options.dataDir, remove: () => Promise.resolve() }
    : await tempDataDir();
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir,
    GENERIC_WEBHOOK_SECRET: GENERIC_SECRET,
    API_KEYS: `auditor:${AUDITOR_TOKEN},analyst:${ANALYST_TOKEN},admin:${ADMIN_TOKEN}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const service = await startService(config, options.logger ?? silentLogger, options.clock);
  return {
    url: service.url,
    service,
    dataDir: dir,
    post: (path, body, headers = {}) =>
      apiFetch(`${service.url}${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      }),
    get: (path, token) =>
      apiFetch(`${service.url}${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    async stop() {
      await service.close();
      await remove();
    },
  };
}
