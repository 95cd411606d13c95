import { expect } from 'chai';
import { openSqliteDatabase } from '../../src/eventStore/sqlite/openSqliteDatabase.js';
import { sqliteFile } from '../../src/openStores.js';
import { CHECKPOINTS } from '../../src/readModels/readModelNames.js';
import { appendPaymentEvents } from '../support/appendPaymentEvents.js';
import { eventually } from '../support/eventually.js';
import { readiness } from '../support/readiness.js';
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

  it('answers /readyz with 200 while the read models do not answer, and reports them and the projections', async function () {
    await eventually(async () =>
      (await readiness(app.url)).body.checks.projections?.state === 'live' ? true : undefined,
    );
    await app.service.readModels.close();
    // The projection thread has a connection of its own; its store fails to write the next
    // event's batch once the table of checkpoints is gone.
    const db = openSqliteDatabase(sqliteFile(app.dataDir));
    try {
      db.exec(`ALTER TABLE ${CHECKPOINTS} RENAME TO gone`);
    } finally {
      db.close();
    }
    await appendPaymentEvents(app.service.eventStore, [{ paymentId: 'pi_unprojected' }]);
    const ready = await eventually(async () => {
      const found = await readiness(app.url);
      return found.body.checks.projections?.ready === false ? found : undefined;
    });

    expect(ready.status).to.equal(200);
    expect(ready.body.checks.eventStore).to.deep.equal({ ready: true });
    expect(ready.body.checks.readModels?.ready).to.equal(false);
    expect(ready.body.checks.projections).to.deep.include({ state: 'retrying', caughtUp: false });
    expect(ready.body.checks.projections?.reason).to.match(/^projections failing: /);
    const gated = await readiness(app.url, '?require=projections');
    expect(gated.status).to.equal(503);
    expect(gated.body.status).to.equal('not_ready');
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

  it('runs no projection: /readyz says it is opted out and who holds the lease, /metrics has no projection figures', async function () {
    const ready = (await (await app.get('/readyz')).json()) as {
      status: string;
      checks: Record<string, Record<string, unknown>>;
    };

    expect(ready.status).to.equal('ready');
    expect(Object.keys(ready.checks)).to.deep.equal(['eventStore', 'readModels', 'projections']);
    expect(ready.checks['projections']).to.include({
      ready: true,
      state: 'disabled',
      leaseHeld: false,
      leaseHolder: null,
    });
    expect(await (await app.get('/metrics')).text()).not.to.include(
      'payledger_projection_position',
    );
  });
});
