import { expect } from 'chai';
import { ANALYST_TOKEN } from '../support/startApp.js';
import { useConsole } from './support/consoleTest.js';
import { postStory, STORY } from './support/paymentStory.js';

describe('The console: orders and daily totals (Chromium)', function () {
  this.timeout(20_000);
  const t = useConsole();

  before(async function () {
    await postStory(t.app);
  });

  const rowsOf = async (testId: string) => {
    const rows = t.page.getByTestId(testId).locator('tbody tr');
    return Promise.all(
      (await rows.all()).map(async (row) =>
        (await row.locator('th, td').allTextContents()).map((text) => text.trim()),
      ),
    );
  };

  context('when an analyst follows a payment to its order', function () {
    it("shows the order's payments on every gateway and its totals per currency", async function () {
      await t.signIn(ANALYST_TOKEN);
      await t.open('/console/payments');
      await t.page.getByRole('link', { name: STORY.usd }).click();
      await t.page
        .getByTestId('payment-summary')
        .getByRole('link', { name: STORY.orderId })
        .click();
      await t.page.getByRole('heading', { level: 1, name: `Order ${STORY.orderId}` }).waitFor();
      await t.page.getByTestId('order-totals').waitFor();
      expect(await t.page.locator('.badge').first().textContent()).to.equal('partially refunded');
      expect(await rowsOf('order-totals')).to.deep.equal([
        ['JPY', '1,500 JPY', '0 JPY', '0 JPY', '1,500 JPY'],
        ['USD', '1,234.56 USD', '200.00 USD', '0.00 USD', '1,034.56 USD'],
      ]);
      expect(await rowsOf('order-payments')).to.deep.equal([
        [STORY.jpy, 'generic', 'captured', '1,500 JPY', '—', '2024-06-26 12:00:00 UTC'],
        [
          STORY.usd,
          'generic',
          'partially refunded',
          '1,234.56 USD',
          '200.00 USD',
          '2024-06-27 09:30:00 UTC',
        ],
      ]);
    });
  });

  context('when an analyst searches payments by order', function () {
    it("lists only that order's payments and opens the order from a result", async function () {
      await t.signIn(ANALYST_TOKEN);
      await t.page.getByRole('link', { name: 'Payments', exact: true }).click();
      await t.page.getByLabel('Order id').fill(STORY.otherOrderId);
      await t.page.getByRole('button', { name: 'Search' }).click();
      await t.page.getByRole('link', { name: STORY.kwd }).waitFor();
      expect(await t.page.getByRole('link', { name: STORY.usd }).count()).to.equal(0);
      expect(new URL(t.page.url()).searchParams.get('orderId')).to.equal(STORY.otherOrderId);

      await t.page.getByRole('link', { name: STORY.otherOrderId }).click();
      await t.page
        .getByRole('heading', { level: 1, name: `Order ${STORY.otherOrderId}` })
        .waitFor();
      await t.page.getByTestId('order-totals').waitFor();
      expect(await t.page.locator('.badge').first().textContent()).to.equal('paid');
      expect(await rowsOf('order-totals')).to.deep.equal([
        ['KWD', '1.234 KWD', '0.000 KWD', '0.000 KWD', '1.234 KWD'],
      ]);
      expect(await rowsOf('order-payments')).to.deep.equal([
        [STORY.kwd, 'generic', 'captured', '1.234 KWD', '—', '2024-06-28 08:00:00 UTC'],
      ]);
    });
  });

  context('when an order has no payment', function () {
    it('says so with the API answer', async function () {
      await t.signIn(ANALYST_TOKEN);
      await t.page.getByRole('link', { name: 'Orders', exact: true }).click();
      await t.page.getByLabel('Order id').fill('ord_nobody');
      await t.page.getByRole('button', { name: 'Open' }).click();
      await t.page.getByRole('heading', { name: 'Not found' }).waitFor();
      expect(await t.page.getByText('No payment names order ord_nobody.').count()).to.equal(1);
    });
  });

  context('when an analyst chooses a range of days', function () {
    it('draws a chart per currency of the chosen status and lists every row in the table', async function () {
      await t.signIn(ANALYST_TOKEN);
      await t.page.getByRole('link', { name: 'Daily totals', exact: true }).click();
      await t.page.getByLabel('First day (UTC)').fill('2024-06-25');
      await t.page.getByLabel('Last day (UTC, inclusive)').fill('2024-06-28');
      await t.page.getByRole('button', { name: 'Show' }).click();
      await t.page.getByRole('heading', { name: '2024-06-25 to 2024-06-28' }).waitFor();

      const usd = t.page.getByTestId('daily-chart-USD');
      await usd.waitFor();
      expect(await t.page.locator('figure.chart figcaption').allTextContents()).to.deep.equal([
        'JPY, captured: 1,500 JPY in 1 payment',
        'KWD, captured: 1.234 KWD in 1 payment',
        'USD, captured: 1,234.56 USD in 1 payment',
      ]);
      const chart = usd.getByRole('img');
      expect(await chart.getAttribute('aria-labelledby')).to.be.a('string');
      expect(await usd.locator('desc').textContent()).to.equal(
        '1,234.56 USD in 1 payment over 4 days. The most on 2024-06-26: 1,234.56 USD.',
      );
      expect(await usd.locator('rect.bar title').allTextContents()).to.deep.equal([
        '2024-06-26: 1,234.56 USD, 1 payment',
      ]);
      expect(await rowsOf('daily-table')).to.deep.equal([
        ['2024-06-26', 'generic', 'JPY', 'captured', '1', '1,500 JPY'],
        ['2024-06-26', 'generic', 'USD', 'authorized', '1', '1,234.56 USD'],
        ['2024-06-26', 'generic', 'USD', 'captured', '1', '1,234.56 USD'],
        // A refund row holds the money refunded, not the payment's amount.
        ['2024-06-27', 'generic', 'USD', 'partially refunded', '1', '200.00 USD'],
        ['2024-06-28', 'generic', 'KWD', 'captured', '1', '1.234 KWD'],
      ]);

      await t.page.getByLabel('Chart status').selectOption('partially_refunded');
      await t.page.getByRole('button', { name: 'Show' }).click();
      await t.page.getByText('USD, partially refunded:').waitFor();
      expect(await t.page.locator('figure.chart').count()).to.equal(1);
      expect(new URL(t.page.url()).searchParams.get('status')).to.equal('partially_refunded');
    });
  });
});
