import { expect } from 'chai';
import { mkdir } from 'node:fs/promises';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { sharedBrowser } from '../../setup/chromium.js';
import { buildConsole } from '../../support/buildConsole.js';
import { startApp, type StartAppOptions, type TestApp } from '../../support/startApp.js';

/**
 * Chromium logs every 4xx and 5xx answer as an error. Those of the API that the page asked for
 * and shows (a 401, 403 or 404, and /readyz's 503 while not ready) are not problems; any failed
 * request for the console's own files (a script, a style, the icon) is.
 */
function isExpectedAnswer(message: ConsoleMessage): boolean {
  const status = /^Failed to load resource: the server responded with a status of (\d+) /.exec(
    message.text(),
  )?.[1];
  const { pathname } = new URL(message.location().url || 'about:blank');
  if (status === undefined || pathname.startsWith('/console')) return false;
  return status.startsWith('4') || (status === '503' && pathname === '/readyz');
}

/** Runs in the page before its own scripts (a string: the tests' program has no DOM types). */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
});`;
const FAILURES_DIR = new URL('../../../.tmp/console-failures/', import.meta.url);

export interface ConsoleTest {
  readonly app: TestApp;
  readonly page: Page;
  /** Content-Security-Policy violations, page errors and console errors seen so far. */
  readonly problems: string[];
  /** Opens a console path (`/console/…`) in the test's tab. */
  open(path: string): Promise<void>;
  /** Opens `/console/`, signs in with `token` and waits for the overview. */
  signIn(token: string): Promise<void>;
}

/**
 * Registers the hooks of a console suite: the console built from its sources, the real service
 * on a random port, and for each test a fresh browser context (so a fresh session storage) in
 * the run's one Chromium. A failing test leaves a full-page screenshot in .tmp/console-failures/;
 * every test fails if the page broke the CSP or logged an error.
 */
export function useConsole(
  options: {
    readonly viewport?: { width: number; height: number };
    /** Variables for the service beyond startApp's defaults, computed when the suite starts. */
    readonly env?: () => Promise<Record<string, string>>;
    /** startApp's options (a clock the test moves, …). */
    readonly app?: StartAppOptions;
  } = {},
): ConsoleTest {
  let app: TestApp | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const problems: string[] = [];

  before(async function () {
    this.timeout(900_000); // a first run may install Chromium
    const [env] = await Promise.all([options.env?.(), buildConsole(), sharedBrowser()]);
    app = await startApp(env, options.app);
  });

  after(async function () {
    await app?.stop();
  });

  beforeEach(async function () {
    problems.length = 0;
    const browser = await sharedBrowser();
    context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(5_000);
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error' || isExpectedAnswer(message)) return;
      problems.push(`console error: ${message.text()}`);
    });
    await page.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await mkdir(FAILURES_DIR, { recursive: true });
      const name = this.currentTest
        .fullTitle()
        .replace(/[^\w-]+/g, '_')
        .slice(0, 150);
      const file = new URL(`${name}.png`, FAILURES_DIR);
      await page.screenshot({ path: file.pathname, fullPage: true }).catch(() => undefined);
      process.stderr.write(`[console test] screenshot of the failure: ${file.pathname}\n`);
    }
    await context?.close();
    if (this.currentTest?.state === 'passed')
      expect(problems, 'problems in the page').to.deep.equal([]);
  });

  const current = {
    get app() {
      return app ?? expect.fail('the service has not started');
    },
    get page() {
      return page ?? expect.fail('no page is open');
    },
    problems,
    async open(path: string) {
      await current.page.goto(`${current.app.url}${path}`);
    },
    async signIn(token: string) {
      await current.open('/console/');
      await current.page.getByLabel('API token').fill(token);
      await current.page.getByRole('button', { name: 'Sign in' }).click();
      await current.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    },
  };
  return current;
}
