import { expect } from 'chai';
import { ensureFerretDb, startFerretDb, type RunningFerretDb } from '../setup/ferretDb.js';
import { eventually } from '../support/eventually.js';
import { ADMIN_TOKEN } from '../support/startApp.js';
import { useConsole } from './support/consoleTest.js';
import { postPayment } from './support/postPayment.js';

interface Readiness {
  readonly checks: {
    projections?: {
      ready: boolean;
      projections: Record<string, { position: { commit: string } | null }>;
    };
  };
}

// The steps build on each other: the read models (a FerretDB of this suite's own) are up, then down.
describe('The console: the service status on the overview (Chromium)', function () {
  this.timeout(60_000);
  let ferretDb: RunningFerretDb | undefined;
  const t = useConsole({
    env: async () => {
      ferretDb = await startFerretDb(await ensureFerretDb());
      return { MONGODB_URL: ferretDb.url, MONGODB_DB: 'payledger_console_status' };
    },
  });

  after(async function () {
    await ferretDb?.stop();
  });

  const readiness = async () => (await (await t.app.get('/readyz')).json()) as Readiness;
  const panel = () => t.page.getByTestId('status-panel');
  /** Moves the page's clock on, refresh by refresh, until `shown` is on the page. */
  const refreshUntil = async (shown: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await shown())) {
      if (Date.now() > deadline) expect.fail('the panel did not refresh to show it');
      await t.page.clock.fastForward(5_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const projectionCells = () =>
    panel()
      .getByRole('row', { name: /^payments / })
      .getByRole('cell')
      .allTextContents();

  context('when the projection moves on', function () {
    it('shows its state, position, lag and parked payments, and refreshes them by itself', async function () {
      await t.page.clock.install();
      await t.signIn(ADMIN_TOKEN);
      await panel()
        .getByText('Ready: the stores answer and the projections are healthy.')
        .waitFor();
      const [state, position, lag, , parked, holder] = await projectionCells();
      expect({ state, parked }).to.deep.equal({ state: 'live', parked: '0' });
      expect(holder).to.equal(
        ((await readiness()).checks.projections as { readonly leaseHolder?: string } | undefined)
          ?.leaseHolder,
      );
      expect(lag).to.match(/^\d+\.\d s, 0 events$/);

      await postPayment(t.app, { paymentId: 'pay_status_moves' });
      await eventually(async () =>
        (await readiness()).checks.projections?.projections['payments']?.position?.commit !==
        position
          ? true
          : undefined,
      );
      await refreshUntil(async () => (await projectionCells())[1] !== position);
    });
  });

  context('when the read-model store stops answering', function () {
    it('says webhooks are still accepted, and which store and projection fail with what reason', async function () {
      await t.page.clock.install();
      await t.signIn(ADMIN_TOKEN);
      await panel()
        .getByText(/^Ready/)
        .waitFor();
      await (ferretDb ?? expect.fail('FerretDB did not start')).halt();
      await postPayment(t.app, { paymentId: 'pay_while_down' });
      await eventually(
        async () => ((await readiness()).checks.projections?.ready === false ? true : undefined),
        30_000,
      );
      await refreshUntil(
        async () =>
          (await panel()
            .getByText('Accepting webhooks, but the projections are not healthy: see below.')
            .count()) === 1,
      );
      expect(await panel().getByRole('listitem').allTextContents()).to.deep.include(
        'eventStore: answers',
      );
      expect(
        await panel()
          .getByText(/^readModels: failing \(.+\)$/)
          .count(),
      ).to.equal(1);
      // The lease holder column sits before the last error once the service reports the lease.
      const [state, , , , , , lastError] = await projectionCells();
      expect(state).to.equal('failing (catching up)');
      expect(lastError).to.match(/read-model store/);
    });
  });
});
