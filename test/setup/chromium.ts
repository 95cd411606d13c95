import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, launched headless in a fresh profile (Playwright gives every launch its own
 * temporary user-data-dir). No browser is downloaded: that cannot work here.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const log = (message: string) => {
  process.stderr.write(`[test setup] ${message}\n`);
};

async function present(): Promise<boolean> {
  return access(CHROMIUM).then(
    () => true,
    () => false,
  );
}

/** Installs Debian's `chromium` package when /usr/bin/chromium is missing (CI runs as root). */
export async function ensureChromium(): Promise<void> {
  if (await present()) return;
  log('installing Chromium with apt-get (first run only, about a minute)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { env, timeout: 600_000 });
  await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], {
    env,
    timeout: 900_000,
  });
  if (!(await present())) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is missing`);
}

let shared: Promise<Browser> | undefined;

/** One browser for the whole run, launched on first use; each test opens its own context. */
export function sharedBrowser(): Promise<Browser> {
  shared ??= ensureChromium().then(() =>
    chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 }),
  );
  return shared;
}

export async function closeSharedBrowser(): Promise<void> {
  const browser = shared;
  shared = undefined;
  await browser?.then((launched) => launched.close()).catch(() => undefined);
}
