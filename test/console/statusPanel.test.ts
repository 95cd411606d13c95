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
      leaseHolder?: string | null;
      projections: Record<string, { position: { commit: string } | null }>;
    };
  };
}

/** What one render of the panel shows, read in one go in the page (a refresh may land between reads). */
interface PanelSnapshot {
  readonly summary: string;
  readonly checks: readonly string[];
  readonly headers: readonly string[];
  /** Each projection row's cells, by the projection's name. */
  readonly rows: Readonly<Record<string, readonly string[]>>;
}

// A string: the tests' program has no DOM types.
const READ_PANEL = `(() => {
  const panel = document.querySelector('[data-testid="status-panel"]');
  const texts = (nodes) => Array.from(nodes, (node) => node.textContent.trim());
  const rows = {};
  for (const row of panel?.querySelectorAll('tbody tr') ?? []) {
    const name = row.querySelector('th')?.textContent.trim();
    if (name) rows[name] = texts(row.querySelectorAll('td'));
  }
  return {
    summary: panel?.querySelector('[role=status]')?.textContent.trim() ?? '',
    checks: texts(panel?.querySelectorAll('li') ?? []),
    headers: texts(panel?.querySelectorAll('thead th') ?? []),
    rows,
  };
})()`;

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
  const readPanel = () => t.page.evaluate<PanelSnapshot>(READ_PANEL);
  /** Refreshes until one render of the panel satisfies `shows`, and returns that render. */
  const refreshUntilShown = async (shows: (snapshot: PanelSnapshot) => boolean) => {
    let snapshot = await readPanel();
    await refreshUntil(async () => shows((snapshot = await readPanel())));
    return snapshot;
  };
  const column = (snapshot: PanelSnapshot, projection: string, header: string) => {
    const index = snapshot.headers.indexOf(header) - 1; // the first header names the row
    return index < 0 ? undefined : snapshot.rows[projection]?.[index];
  };

  context('when the projection moves on', function () {
    it('shows its state, position, lag and parked payments, and refreshes them by itself', async function () {
      await t.page.clock.install();
      await t.signIn(ADMIN_TOKEN);
      await panel()
        .getByText('Ready: the stores answer and the projections are healthy.')
        .waitFor();
      // The projections start in a thread of their own: `starting` until it holds the lease.
      const shown = await refreshUntilShown((snapshot) =>
        Object.keys(snapshot.rows).every(
          (projection) => column(snapshot, projection, 'State') === 'live',
        ),
      );
      expect(Object.keys(shown.rows)).to.have.members([
        'payments',
        'orders',
        'daily_totals',
        'parked_payments',
      ]);
      for (const projection of Object.keys(shown.rows)) {
        expect(column(shown, projection, 'State'), projection).to.equal('live');
        expect(column(shown, projection, 'Parked'), projection).to.equal('0');
        expect(column(shown, projection, 'Lag'), projection).to.match(/^\d+\.\d s, 0 events$/);
        expect(column(shown, projection, 'Last error'), projection).to.equal('—');
      }
      // The lease holder is shown once /readyz reports it (issue 11), and nothing breaks before.
      const { leaseHolder } = (await readiness()).checks.projections ?? {};
      expect(column(shown, 'payments', 'Lease holder')).to.equal(
        leaseHolder === undefined ? undefined : (leaseHolder ?? 'nobody'),
      );
      const position = column(shown, 'payments', 'Position');

      await postPayment(t.app, { paymentId: 'pay_status_moves' });
      await eventually(async () =>
        (await readiness()).checks.projections?.projections['payments']?.position?.commit !==
        position
          ? true
          : undefined,
      );
      await refreshUntilShown((snapshot) => column(snapshot, 'payments', 'Position') !== position);
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
      // The projections retry while the store is down; the page may show any round's report, so
      // everything is checked on one render that says they are not healthy.
      const shown = await refreshUntilShown(
        (snapshot) =>
          snapshot.summary ===
          'Accepting webhooks, but the projections are not healthy: see below.',
      );
      expect(shown.checks).to.include('eventStore: answers');
      expect(
        shown.checks.filter((check) => /^readModels: failing \(.+\)$/.test(check)),
      ).to.have.length(1);
      for (const projection of Object.keys(shown.rows)) {
        expect(column(shown, projection, 'State'), projection).to.equal('failing (catching up)');
        expect(column(shown, projection, 'Last error'), projection).to.match(/read-model store/);
      }
      expect(Object.keys(shown.rows)).to.have.length(4);
    });
  });
});
