import { expect } from 'chai';
import { ensureFerretDb, startFerretDb, type RunningFerretDb } from '../setup/ferretDb.js';
import { aGenericPayment } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { lowestProjectedPosition, readiness } from '../support/readiness.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { ANALYST_TOKEN, AUDITOR_TOKEN, startApp, type TestApp } from '../support/startApp.js';

/** Payments delivered while FerretDB is down: the generic status words and the status they fold to. */
const WHILE_DOWN = [
  { paymentId: 'pay_down_lifecycle', statuses: ['authorized', 'completed'], expected: 'captured' },
  { paymentId: 'pay_down_failed', statuses: ['failed'], expected: 'failed' },
  { paymentId: 'pay_down_authorized', statuses: ['authorized'], expected: 'authorized' },
  { paymentId: 'pay_down_canceled', statuses: ['canceled'], expected: 'canceled' },
] as const;

const eventType = (status: string) =>
  ({ authorized: 'PaymentAuthorized', completed: 'PaymentCaptured' })[status] ??
  `Payment${status[0]?.toUpperCase() ?? ''}${status.slice(1)}`;

// Each step builds on the one before: the read-model store is up, then down, then back.
describe('The service when its read-model store (a FerretDB of its own) goes down mid-run', function () {
  // The projection's backoff grows while the store is down (capped at 30 s); waiting is allowed.
  this.timeout(120_000);
  const WAIT_MS = 90_000;
  let ferretDb: RunningFerretDb | undefined;
  let app: TestApp | undefined;
  let delivered = 0;

  const running = (): TestApp => app ?? expect.fail('the service did not start');

  const deliver = async (paymentId: string, status: string, timestamp: string) => {
    const body = JSON.stringify(aGenericPayment({ paymentId, status, timestamp }));
    const response = await running().post('/webhooks/generic', body, {
      ...signStandardWebhook(body),
    });
    expect(response.status, `${paymentId} ${status}`).to.equal(200);
    expect(await response.json()).to.deep.include({ status: 'accepted' });
    delivered += 1;
  };

  const ready = (query = '') => readiness(running().url, query);

  const paymentStatus = async (paymentId: string, eventCount: number) => {
    const response = await running().get(`/payments/generic/${paymentId}`, ANALYST_TOKEN);
    if (response.status !== 200) return undefined;
    const payment = (await response.json()) as { status: string; eventCount: number };
    return payment.eventCount === eventCount ? payment.status : undefined;
  };

  before(async function () {
    this.timeout(900_000); // the first run may build FerretDB
    ferretDb = await startFerretDb(await ensureFerretDb());
    app = await startApp({ MONGODB_URL: ferretDb.url, MONGODB_DB: 'payledger_faults' });
  });

  after(async function () {
    try {
      await app?.stop();
    } finally {
      await ferretDb?.stop();
    }
  });

  it('accepts webhooks and shows the payment through GET /payments while FerretDB runs', async function () {
    await deliver('pay_before_outage', 'completed', '2024-06-26T11:08:07Z');

    expect(await eventually(() => paymentStatus('pay_before_outage', 1), WAIT_MS)).to.equal(
      'captured',
    );
    expect((await ready('?require=projections')).status).to.equal(200);
  });

  it('goes on accepting webhooks into the event store with FerretDB stopped; /readyz stays 200 and reports the read models and the projections failing', async function () {
    await (ferretDb ?? expect.fail('FerretDB did not start')).halt();

    for (const { paymentId, statuses } of WHILE_DOWN)
      for (const [index, status] of statuses.entries())
        await deliver(paymentId, status, `2024-06-27T10:00:0${index}Z`);

    for (const { paymentId, statuses } of WHILE_DOWN) {
      const response = await running().get(`/payments/generic/${paymentId}/history`, AUDITOR_TOKEN);
      expect(response.status, paymentId).to.equal(200);
      const history = (await response.json()) as { events: { type: string }[] };
      expect(history.events.map((event) => event.type)).to.deep.equal(statuses.map(eventType));
    }

    const down = await eventually(async () => {
      const found = await ready();
      return found.body.checks.projections?.ready === false ? found : undefined;
    }, WAIT_MS);
    // Webhooks are accepted, so a load balancer in front of them keeps this instance.
    expect(down.status).to.equal(200);
    expect(down.body.checks.eventStore).to.deep.equal({ ready: true });
    expect(down.body.checks.readModels?.ready).to.equal(false);
    expect(down.body.checks.projections).to.deep.include({ state: 'retrying', caughtUp: false });
    expect(down.body.checks.projections?.reason).to.match(/^projections failing: /);
    expect(down.body.checks.projections?.lastError).to.be.a('string');
    // One in front of the query API asks for the projections too.
    expect((await ready('?require=projections')).status).to.equal(503);
  });

  it('resumes the projection by itself once FerretDB is back on the same port and data, and drains the lag', async function () {
    await (ferretDb ?? expect.fail('FerretDB did not start')).restart();

    const back = await eventually(async () => {
      const found = await ready('?require=projections');
      const projections = found.body.checks.projections;
      // Caught up is reported after the batch that reaches the head is saved, not with it.
      const drained =
        lowestProjectedPosition(projections) === BigInt(delivered) &&
        Object.values(projections?.projections ?? {}).every(
          (projection) => projection.lagEvents === 0 && projection.lagSeconds === 0,
        ) &&
        projections?.caughtUp === true;
      return found.status === 200 && drained ? found : undefined;
    }, WAIT_MS);
    expect(back.body.checks.readModels).to.deep.equal({ ready: true });
    expect(back.body.checks.projections).to.deep.include({
      ready: true,
      state: 'live',
      caughtUp: true,
      lastError: null,
    });

    for (const { paymentId, statuses, expected } of WHILE_DOWN)
      expect(await paymentStatus(paymentId, statuses.length), paymentId).to.equal(expected);
    expect(await paymentStatus('pay_before_outage', 1)).to.equal('captured');
  });
});
