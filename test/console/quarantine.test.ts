import { expect } from 'chai';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { ADMIN_TOKEN, ANALYST_TOKEN, AUDITOR_TOKEN } from '../support/startApp.js';
import { useConsole } from './support/consoleTest.js';

const DAY_MS = 86_400_000;

// The steps build on each other: a delivery is quarantined, dry-run, then replayed.
describe('The console: quarantined deliveries and their replay (Chromium)', function () {
  this.timeout(20_000);
  /** The service's clock: the test moves it on to make the quarantined delivery usable. */
  let now = Date.now();
  const t = useConsole({ app: { clock: () => new Date(now) } });
  const paymentId = 'pay_console_early';

  before(async function () {
    // Dated two days ahead of the service's clock: quarantined, for now.
    const body = JSON.stringify(
      aGenericPayment({ paymentId, timestamp: new Date(now + 2 * DAY_MS).toISOString() }),
    );
    const response = await t.app.post('/webhooks/generic', body, {
      ...signStandardWebhook(body, { timestamp: Math.floor(now / 1000) }),
    });
    expect(response.status).to.equal(202);
  });

  const deliveries = () => t.page.getByTestId('kept-delivery');

  context('when an admin opens the quarantine', function () {
    it('lists the delivery with its reason and bytes, and a dry run says it still cannot be used', async function () {
      await t.signIn(ADMIN_TOKEN);
      await t.page.getByRole('link', { name: 'Quarantine', exact: true }).click();
      await deliveries().first().waitFor();
      expect(await deliveries().count()).to.equal(1);
      const text = await deliveries().first().textContent();
      expect(text).to.include('quarantined');
      expect(text).to.include(paymentId);
      await t.page.getByRole('button', { name: 'Dry run' }).click();
      await t.page
        .getByText(/^Today's code still cannot use it \(invalid: .+\); it stays open\.$/)
        .waitFor();
    });
  });

  context('when the cause is gone and the admin replays it', function () {
    it('asks to confirm, appends the payment event once, and links to its timeline', async function () {
      now += 3 * DAY_MS;
      await t.signIn(ADMIN_TOKEN);
      await t.open('/console/quarantine');
      await t.page.getByRole('button', { name: 'Replay…' }).click();
      await t.page.getByRole('button', { name: 'Replay now' }).click();
      await t.page
        .getByText(/^Replayed: appended as event [0-9a-f-]{36}, and the delivery is resolved\./)
        .waitFor();
      await t.page.getByRole('link', { name: 'Open the payment' }).click();
      await t.page
        .getByRole('heading', { level: 1, name: `Payment ${paymentId} on generic` })
        .waitFor();
      const timeline = t.page.getByTestId('timeline');
      await timeline.getByRole('heading', { level: 3, name: '#0 PaymentCaptured' }).waitFor();
      expect(await timeline.locator('.timeline-event:not(.timeline-delivery) h3').count()).to.equal(
        1,
      );
      const kept = timeline.getByTestId('kept-delivery');
      expect(await kept.count()).to.equal(1);
      expect(await kept.textContent()).to.include('Resolvedaccepted as event');
      expect(await kept.getByRole('button').count()).to.equal(0);

      await t.open('/console/quarantine');
      await t.page.getByText('No delivery matches.').waitFor();
      await t.open('/console/quarantine?state=resolved');
      await deliveries().first().waitFor();
      expect(await deliveries().count()).to.equal(1);
    });
  });

  context('when an auditor reads the timeline of a payment with a kept delivery', function () {
    it('shows the delivery beside the events, without a replay', async function () {
      await t.signIn(AUDITOR_TOKEN);
      await t.open(`/console/payments/generic/${paymentId}`);
      await t.page.getByTestId('kept-delivery').waitFor();
      expect(await t.page.getByRole('button', { name: /Replay|Dry run/ }).count()).to.equal(0);
    });
  });

  context('when an analyst opens the quarantine by its address', function () {
    it("is not offered it and sees the service's 403", async function () {
      await t.signIn(ANALYST_TOKEN);
      expect(await t.page.getByRole('link', { name: 'Quarantine' }).count()).to.equal(0);
      await t.open('/console/quarantine');
      await t.page.locator('[data-status="403"]').waitFor();
      expect(await t.page.locator('[data-status="403"]').textContent()).to.include(
        'The analyst role may not do this; it needs one of: admin.',
      );
    });
  });
});
