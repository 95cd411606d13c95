import { expect } from 'chai';
import { ADMIN_TOKEN, ANALYST_TOKEN, AUDITOR_TOKEN } from '../support/startApp.js';
import { useConsole } from './support/consoleTest.js';
import { postStory, STORY } from './support/paymentStory.js';

describe('The console: roles and phone width (Chromium)', function () {
  this.timeout(20_000);
  const t = useConsole();

  before(async function () {
    await postStory(t.app);
  });

  context('when an auditor opens the daily totals by their address', function () {
    it("shows the service's 403 and what to do, and never offered the page", async function () {
      await t.signIn(AUDITOR_TOKEN);
      expect(await t.page.getByRole('link', { name: 'Daily totals' }).count()).to.equal(0);
      await t.open('/console/reports/daily?from=2024-06-25&to=2024-06-28');
      const panel = t.page.locator('[data-status="403"]');
      await panel.waitFor();
      expect(await panel.getByRole('heading').textContent()).to.equal('Not allowed for your role');
      const text = await panel.textContent();
      expect(text).to.include('The auditor role may not do this; it needs one of: analyst, admin.');
      expect(text).to.include('You are signed in as auditor.');
      expect(text).to.include('403 forbidden');
    });
  });

  context('when an analyst, who may not read histories, opens a payment', function () {
    it('shows its current state from the read model and offers no timeline', async function () {
      await t.signIn(ANALYST_TOKEN);
      await t.open(`/console/payments/generic/${STORY.usd}`);
      await t.page.getByTestId('payment-summary').waitFor();
      expect(await t.page.getByRole('heading', { level: 2 }).allTextContents()).to.deep.equal([
        'Current state',
      ]);
    });
  });

  context('when the screen is as narrow as a phone', function () {
    it('fits every page to the width: only tables scroll sideways, inside their own region', async function () {
      await t.page.setViewportSize({ width: 360, height: 740 });
      await t.signIn(ADMIN_TOKEN);
      for (const path of [
        '/console/',
        '/console/payments',
        `/console/payments/generic/${STORY.usd}`,
        `/console/orders/${STORY.orderId}`,
        '/console/reports/daily?from=2024-06-25&to=2024-06-28',
      ]) {
        await t.open(path);
        await t.page.locator('main h2').first().waitFor();
        const overflow = await t.page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect(overflow, path).to.equal(0);
      }
    });
  });
});
