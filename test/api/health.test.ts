import { expect } from 'chai';
import { startApp, type TestApp } from '../support/startApp.js';

describe('GET /healthz and /readyz', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp();
  });

  afterEach(async function () {
    await app.stop();
  });

  it('answers /healthz with 200 ok', async function () {
    const response = await app.get('/healthz');

    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz with 200 when the event store answers', async function () {
    const response = await app.get('/readyz');

    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.include({ status: 'ready' });
  });

  it('answers /readyz with 503 and the reason when the event store does not answer', async function () {
    await app.service.eventStore.close();
    const response = await app.get('/readyz');

    expect(response.status).to.equal(503);
    const body = (await response.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).to.equal('not_ready');
    expect(body.checks['eventStore']).to.deep.equal({
      ready: false,
      reason: 'The event store is closed.',
    });
    expect(body.checks['readModels']).to.deep.equal({ ready: true });
  });

  it('answers an unknown path with 404 not_found in JSON', async function () {
    const response = await app.get('/nowhere');

    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.equal({
      error: 'not_found',
      message: 'Nothing is served at /nowhere.',
    });
  });
});

describe('An instance with PROJECTIONS_ENABLED=false', function () {
  let app: TestApp;

  before(async function () {
    app = await startApp({ PROJECTIONS_ENABLED: 'false' });
  });

  after(async function () {
    await app.stop();
  });

  it('runs no projection: /readyz checks only the stores and /metrics has no projection figures', async function () {
    const ready = (await (await app.get('/readyz')).json()) as {
      status: string;
      checks: Record<string, unknown>;
    };

    expect(ready.status).to.equal('ready');
    expect(Object.keys(ready.checks)).to.deep.equal(['eventStore', 'readModels']);
    expect(await (await app.get('/metrics')).text()).not.to.include(
      'payledger_projection_position',
    );
  });
});
