import { expect } from 'chai';
import Koa from 'koa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleAssetsFrom } from '../../src/http/console/consoleAssets.js';
import { serveConsole } from '../../src/http/console/serveConsole.js';
import { errorMiddleware } from '../../src/http/errorMiddleware.js';
import { silentLogger } from '../../src/observability/logger.js';
import { buildConsole } from '../support/buildConsole.js';
import { apiFetch } from '../support/openApi/apiFetch.js';
import { ANALYST_TOKEN, AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";

describe('GET /console', function () {
  let app: TestApp;
  let script: string;

  before(async function () {
    this.timeout(60_000);
    await buildConsole();
    const assets = await readdir(new URL('../../dist/console/assets/', import.meta.url));
    script = assets.find((name) => name.endsWith('.js')) ?? expect.fail('no script was built');
    app = await startApp();
  });

  after(async function () {
    await app.stop();
  });

  context('when a page of the console is asked for', function () {
    for (const path of ['/console', '/console/', '/console/payments/generic/pay_1?x=1']) {
      it(`answers ${path} with index.html, the strict CSP and no caching without revalidation`, async function () {
        const response = await app.get(path);
        expect(response.status).to.equal(200);
        expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
        expect(response.headers.get('content-security-policy')).to.equal(CSP);
        expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(response.headers.get('x-frame-options')).to.equal('DENY');
        expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
        expect(response.headers.get('cache-control')).to.equal('no-cache');
        const html = await response.text();
        expect(html).to.include(
          `<script type="module" crossorigin src="/console/assets/${script}">`,
        );
        expect(html).not.to.match(/https?:\/\//);
      });
    }
  });

  context('when the browser loads what index.html names', function () {
    it('finds every script, style and icon it refers to', async function () {
      const html = await (await app.get('/console/')).text();
      const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(referenced.length).to.be.greaterThan(1);
      for (const path of referenced) {
        expect(path, 'served by the console').to.match(/^\/console\//);
        expect((await app.get(path ?? '')).status, path).to.equal(200);
      }
    });
  });

  context('when a built asset is asked for', function () {
    it('serves it compressed, cached for a year as immutable, and answers 304 to its ETag', async function () {
      const response = await apiFetch(`${app.url}/console/assets/${script}`, {
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
      expect(response.headers.get('content-encoding')).to.equal('br');
      expect(response.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
      expect(await response.text()).to.include('payledger');
      const etag = response.headers.get('etag') ?? expect.fail('no ETag');

      // What a browser sends to revalidate (fetch would add `cache-control: no-cache` otherwise).
      const again = await apiFetch(`${app.url}/console/assets/${script}`, {
        headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
      });
      expect(again.status).to.equal(304);
    });

    it('loads nothing from another origin: no URL with a scheme in the built script or styles', async function () {
      const dir = new URL('../../dist/console/assets/', import.meta.url);
      for (const name of await readdir(dir)) {
        const text = await (await app.get(`/console/assets/${name}`)).text();
        const foreign = text.match(/(?:src|href|url\()\s*=?\s*["']?(?:https?:)?\/\/[^"')\s]+/g);
        expect(foreign, name).to.equal(null);
      }
    });
  });

  context('when an asset that does not exist is asked for', function () {
    for (const path of [
      '/console/assets/index-stale.js',
      '/console/favicon.ico',
      '/console/x/y.css',
    ]) {
      it(`answers ${path} with 404 not_found as JSON, with the security headers`, async function () {
        const response = await app.get(path);
        expect(response.status).to.equal(404);
        expect(response.headers.get('content-security-policy')).to.equal(CSP);
        expect(await response.json()).to.deep.equal({
          error: 'not_found',
          message: `Nothing is served at ${path}.`,
        });
      });
    }
  });

  context('when the console is posted to', function () {
    it('answers 405 method_not_allowed with Allow: GET', async function () {
      const response = await app.post('/console/', '{}');
      expect(response.status).to.equal(405);
      expect(response.headers.get('allow')).to.equal('GET');
    });
  });

  context('when the console has not been built', function () {
    it('answers 404 console_not_built, naming the command that builds it', async function () {
      const empty = await mkdtemp(join(tmpdir(), 'payledger-console-'));
      try {
        const bare = new Koa()
          .use(errorMiddleware(silentLogger))
          .use(serveConsole(consoleAssetsFrom(empty)));
        const server = bare.listen(0, '127.0.0.1');
        await new Promise((resolve) => server.once('listening', resolve));
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        const response = await apiFetch(`http://127.0.0.1:${port}/console/`);
        server.close();
        expect(response.status).to.equal(404);
        expect(await response.json()).to.deep.equal({
          error: 'console_not_built',
          message: 'The web console has not been built: run `npm run build` (`npm start` does it).',
        });
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    });
  });
});

describe('GET /session', function () {
  let app: TestApp;

  before(async function () {
    app = await startApp();
  });

  after(async function () {
    await app.stop();
  });

  it('answers the role of the bearer token, uncached', async function () {
    for (const [token, role] of [
      [AUDITOR_TOKEN, 'auditor'],
      [ANALYST_TOKEN, 'analyst'],
    ] as const) {
      const response = await app.get('/session', token);
      expect(response.status).to.equal(200);
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(await response.json()).to.deep.equal({ role });
    }
  });

  it('answers 401 unauthorized for a token that is not in API_KEYS', async function () {
    const response = await app.get('/session', 'not-a-configured-token-123');
    expect(response.status).to.equal(401);
    expect(await response.json()).to.deep.equal({
      error: 'unauthorized',
      message: 'Send an API key as "Authorization: Bearer <token>".',
    });
  });
});
