import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { ADMIN_TOKEN } from '../support/startApp.js';
import { useConsole } from './support/consoleTest.js';
import { postStory, STORY } from './support/paymentStory.js';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A and AA rules and its best practices; the ids and places of violations. */
const AUDIT = `axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
}).then((result) => result.violations.map((violation) =>
  violation.id + ' at ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`;

describe('The console: accessibility (Chromium, axe-core)', function () {
  this.timeout(30_000);
  const t = useConsole();

  before(async function () {
    await postStory(t.app);
    // And one delivery kept in quarantine (dated two days ahead), for the quarantine page.
    const body = JSON.stringify(
      aGenericPayment({ timestamp: new Date(Date.now() + 2 * 86_400_000).toISOString() }),
    );
    const response = await t.app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
    expect(response.status).to.equal(202);
  });

  const audit = async () => {
    // Through the DevTools protocol, not a <script>: the console's CSP would refuse one.
    await t.page.evaluate(await axeSource);
    return t.page.evaluate<string[]>(AUDIT);
  };

  for (const colorScheme of ['light', 'dark'] as const) {
    context(`when the ${colorScheme} colour scheme is on`, function () {
      it('has no violation of WCAG 2.1 A and AA rules on any page, signed out or in', async function () {
        await t.page.emulateMedia({ colorScheme });
        await t.open('/console/');
        await t.page.getByLabel('API token').waitFor();
        expect(await audit(), 'sign-in').to.deep.equal([]);
        await t.signIn(ADMIN_TOKEN);
        for (const [path, ready] of [
          ['/console/', 'status-panel'],
          ['/console/payments', 'payments'],
          [`/console/payments/generic/${STORY.usd}`, 'timeline'],
          [`/console/orders/${STORY.orderId}`, 'order-totals'],
          ['/console/reports/daily?from=2024-06-25&to=2024-06-28', 'daily-table'],
          ['/console/quarantine', 'kept-delivery'],
        ] as const) {
          await t.open(path);
          await t.page.getByTestId(ready).waitFor();
          expect(await audit(), path).to.deep.equal([]);
        }
      });
    });
  }
});
