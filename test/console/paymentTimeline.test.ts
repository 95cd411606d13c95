import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ADMIN_TOKEN, AUDITOR_TOKEN } from '../support/startApp.js';
import { eventually } from '../support/eventually.js';
import { useConsole } from './support/consoleTest.js';
import { postPayment } from './support/postPayment.js';
import { postStory, STORY } from './support/paymentStory.js';

/** Where the README's screenshot comes from; `UPDATE_SCREENSHOTS=1` refreshes the committed one. */
const SCREENSHOT = new URL(
  process.env['UPDATE_SCREENSHOTS'] === '1'
    ? './screenshots/timeline.png'
    : '../../.tmp/console-screenshots/timeline.png',
  import.meta.url,
);

describe('The console: payments and their timeline (Chromium)', function () {
  this.timeout(20_000);
  const t = useConsole();

  before(async function () {
    await postStory(t.app);
  });

  const resultRow = (paymentId: string) =>
    t.page.getByRole('row').filter({ has: t.page.getByRole('link', { name: paymentId }) });
  const cells = async (paymentId: string) =>
    (await resultRow(paymentId).getByRole('cell').allTextContents()).map((text) => text.trim());

  context('when an admin searches by gateway and status', function () {
    it('finds the payment posted through the webhook endpoint and opens its timeline, every event in order', async function () {
      await t.signIn(ADMIN_TOKEN);
      await t.page.getByRole('link', { name: 'Payments', exact: true }).click();
      await t.page.getByLabel('Gateway', { exact: true }).last().selectOption('generic');
      await t.page.getByLabel('Status').selectOption('partially_refunded');
      await t.page.getByRole('button', { name: 'Search' }).click();
      await resultRow(STORY.usd).waitFor();
      expect(await cells(STORY.usd)).to.deep.equal([
        'generic',
        STORY.orderId,
        'partially refunded',
        '1,234.56 USD',
        '200.00 USD',
        '2024-06-27 09:30:00 UTC',
      ]);
      expect(await t.page.getByRole('link', { name: STORY.jpy }).count()).to.equal(0);

      await t.page.getByRole('link', { name: STORY.usd }).click();
      await t.page
        .getByRole('heading', { level: 1, name: `Payment ${STORY.usd} on generic` })
        .waitFor();
      const chain = t.page.getByTestId('chain-check');
      await chain.waitFor();
      expect(await chain.getByRole('heading').textContent()).to.equal('✓ Hash chain intact');
      expect(await chain.textContent()).to.match(
        /All 3 events hash to the chain values stored with them, .* Head \(what a digest covers\): revision 2, [0-9a-f]{64}\./,
      );
      const events = t.page.getByTestId('timeline').getByRole('listitem');
      await events.nth(2).waitFor();
      expect(await events.getByRole('heading', { level: 3 }).allTextContents()).to.deep.equal([
        '#0 PaymentAuthorized',
        '#1 PaymentCaptured',
        '#2 PaymentPartiallyRefunded',
      ]);
      expect(await events.getByTestId('event-amount').allTextContents()).to.deep.equal([
        '1,234.56 USD',
        '1,234.56 USD',
        '200.00 USD',
      ]);
      const statusChanges = await events.locator('.status-change').allTextContents();
      expect(statusChanges).to.deep.equal([
        'First status: authorized',
        'Status changed from authorized →  to captured',
        'Status changed from captured →  to partially refunded',
      ]);
      expect(await events.nth(2).textContent()).to.include('Refunded in total200.00 USD');
      expect(await events.getByTestId('signature').allTextContents()).to.deep.equal(
        Array(3).fill('standard-webhooks-v1, verified with secret #0 of the configured list'),
      );
      await t.page.getByTestId('raw-body-check').filter({ hasText: 'matches' }).nth(2).waitFor();

      await events.nth(0).getByText('Raw body as received').click();
      const raw = await events.nth(0).locator('pre.raw').textContent();
      expect(JSON.parse(raw ?? '')).to.deep.include({ timestamp: '2024-06-26T11:08:01Z' });

      const summary = t.page.getByTestId('payment-summary');
      expect(await summary.textContent()).to.include('Refunded200.00 USD');
      await summary.getByRole('link', { name: 'the partially refunded event' }).click();
      expect(new URL(t.page.url()).hash).to.match(/^#event-/);

      await mkdir(new URL('.', SCREENSHOT), { recursive: true });
      await t.page.evaluate('window.scrollTo(0, 0)');
      await t.page.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
    });
  });

  context('when the payments are in currencies with 0, 2 and 3 decimals', function () {
    it('shows each amount in major units by its ISO 4217 exponent', async function () {
      await t.signIn(ADMIN_TOKEN);
      await t.open('/console/payments');
      await resultRow(STORY.kwd).waitFor();
      expect((await cells(STORY.jpy))[3]).to.equal('1,500 JPY');
      expect((await cells(STORY.kwd))[3]).to.equal('1.234 KWD');
      expect((await cells(STORY.usd))[3]).to.equal('1,234.56 USD');
    });
  });

  context('when there are more results than fit on a page', function () {
    it('pages forward with Next page and back with Previous page', async function () {
      for (let index = 0; index < 27; index += 1) {
        await postPayment(t.app, {
          paymentId: `pay_page_${String(index).padStart(2, '0')}`,
          currency: 'EUR',
          amount: index + 1,
          timestamp: `2024-07-01T10:${String(index).padStart(2, '0')}:00Z`,
        });
      }
      await t.signIn(ADMIN_TOKEN);
      await eventually(async () => {
        const response = await t.app.get('/payments?currency=EUR&limit=50', ADMIN_TOKEN);
        const body = (await response.json()) as { items: unknown[] };
        return body.items.length === 27 ? true : undefined;
      });
      await t.open('/console/payments?currency=EUR');
      const rows = t.page.getByRole('table').getByRole('row');
      await t.page.getByRole('link', { name: 'pay_page_26' }).waitFor();
      expect(await rows.count()).to.equal(26); // the header and 25 payments
      expect(await t.page.getByRole('caption').textContent()).to.equal(
        'Payments, latest event first (page 1)',
      );

      await t.page.getByRole('button', { name: 'Next page' }).click();
      await t.page.getByRole('link', { name: 'pay_page_00' }).waitFor();
      expect(await rows.count()).to.equal(3);
      expect(await t.page.getByText('No more results.').count()).to.equal(1);

      await t.page.getByRole('button', { name: 'Previous page' }).click();
      await t.page.getByRole('link', { name: 'pay_page_26' }).waitFor();
      expect(await rows.count()).to.equal(26);
    });
  });

  context('when a payment id has no events', function () {
    it('says so for the read model and for the event store', async function () {
      await t.signIn(ADMIN_TOKEN);
      await t.open('/console/payments/generic/pay_never_seen');
      await t.page.getByText('The payments read model does not have this payment.').waitFor();
      await t.page.getByRole('heading', { level: 3, name: 'Not found' }).waitFor();
      expect(
        await t.page
          .getByText('No events are stored for payment pay_never_seen of generic.')
          .count(),
      ).to.equal(1);
    });
  });

  context('when an auditor, who may not search, opens a payment by its id', function () {
    it('shows the timeline from the event store and no read-model search or state', async function () {
      await t.signIn(AUDITOR_TOKEN);
      await t.page.getByRole('link', { name: 'Payments', exact: true }).click();
      expect(await t.page.getByRole('heading', { name: 'Search' }).count()).to.equal(0);
      await t.page.getByLabel('Payment id').fill(STORY.usd);
      await t.page.getByRole('button', { name: 'Open' }).click();
      await t.page.getByTestId('timeline').getByRole('listitem').nth(2).waitFor();
      expect(await t.page.getByTestId('payment-summary').count()).to.equal(0);
      expect(await t.page.getByRole('heading', { level: 2 }).allTextContents()).to.deep.equal([
        'Timeline',
      ]);
    });
  });

  context('when someone edits a stored event in the SQLite file', function () {
    it("names the broken revision in the timeline's chain check and links it to its event", async function () {
      const paymentId = 'pay_console_tampered';
      await postPayment(t.app, { paymentId, status: 'authorized', amount: 10 });
      await postPayment(t.app, { paymentId, status: 'completed', amount: 10 });
      await postPayment(
        t.app,
        { paymentId, status: 'partially_refunded', amount: 4 },
        { refundId: 're_tampered', refundedAmount: 4 },
      );
      await eventually(async () => {
        const response = await t.app.get(`/payments/generic/${paymentId}/history`, AUDITOR_TOKEN);
        const body = response.ok ? ((await response.json()) as { events: unknown[] }) : undefined;
        return body?.events.length === 3 ? true : undefined;
      });
      // As test/cli/verify does: the revision 1 event's amount, changed behind the service's back.
      const db = new Database(join(t.app.dataDir, 'payledger.sqlite'));
      const { changes } = db
        .prepare(
          "UPDATE events SET data = json_set(data, '$.amount', 1) WHERE stream_name LIKE ? AND revision = 1",
        )
        .run(`%${paymentId}`);
      db.close();
      expect(changes).to.equal(1);

      await t.signIn(AUDITOR_TOKEN);
      await t.open(`/console/payments/generic/${paymentId}`);
      const chain = t.page.getByTestId('chain-check');
      await chain.getByRole('heading', { name: '✗ Hash chain broken' }).waitFor();
      const problems = await chain.getByRole('listitem').allTextContents();
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^#1 altered: /);
      const link = chain.getByRole('link', { name: '#1 altered' });
      const events = t.page.getByTestId('timeline').getByRole('listitem');
      await events.nth(2).waitFor();
      expect(await link.getAttribute('href')).to.equal(
        `#${(await events.nth(1).getAttribute('id')) ?? 'the event has no id'}`,
      );
      expect(await events.getByTestId('event-amount').allTextContents()).to.deep.equal([
        '10.00 USD',
        '0.01 USD',
        '4.00 USD',
      ]);
    });
  });
});
