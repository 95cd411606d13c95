import { expect } from 'chai';
import { ADMIN_TOKEN, AUDITOR_TOKEN } from '../support/startApp.js';
import { useConsole } from './support/consoleTest.js';

describe('The console: signing in (Chromium)', function () {
  this.timeout(20_000);
  const t = useConsole();

  const navigation = () => t.page.getByRole('navigation', { name: 'Console' }).getByRole('link');

  context('when the token is not one of API_KEYS', function () {
    it('says the token is not accepted and stays on the sign-in form', async function () {
      await t.open('/console/');
      await t.page.getByLabel('API token').fill('not-a-configured-token-000');
      await t.page.getByRole('button', { name: 'Sign in' }).click();
      expect(await t.page.getByRole('alert').textContent()).to.equal(
        'This token is not accepted. Check it against the API_KEYS the service runs with.',
      );
      expect(await t.page.getByLabel('API token').getAttribute('aria-invalid')).to.equal('true');
      expect(await t.page.evaluate<number>('sessionStorage.length')).to.equal(0);
    });
  });

  context('when an auditor signs in', function () {
    it('offers only the pages an auditor may read, and keeps the token in this tab alone', async function () {
      await t.signIn(AUDITOR_TOKEN);
      expect(await navigation().allTextContents()).to.deep.equal(['Overview', 'Payments']);
      expect(await t.page.getByTestId('role').textContent()).to.equal('auditor');
      const stored = await t.page.evaluate<string | null>(
        "sessionStorage.getItem('payledger.session')",
      );
      expect(JSON.parse(stored ?? 'null')).to.deep.equal({ token: AUDITOR_TOKEN, role: 'auditor' });

      const otherTab = await t.page.context().newPage();
      await otherTab.goto(`${t.app.url}/console/`);
      await otherTab.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await otherTab.close();
    });
  });

  context('when an admin signs in and then out', function () {
    it('offers every page, then forgets the token', async function () {
      await t.signIn(ADMIN_TOKEN);
      expect(await navigation().allTextContents()).to.deep.equal([
        'Overview',
        'Payments',
        'Orders',
        'Daily totals',
        'Quarantine',
      ]);
      await t.page.getByRole('button', { name: 'Sign out' }).click();
      await t.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(await t.page.evaluate<number>('sessionStorage.length')).to.equal(0);
    });
  });

  context('when the service stops accepting the token of a session', function () {
    it('ends the session and says why', async function () {
      await t.open('/console/');
      const removed = { token: 'a-token-since-removed-0000', role: 'admin' };
      await t.page.evaluate(
        `sessionStorage.setItem('payledger.session', '${JSON.stringify(removed)}')`,
      );
      await t.open('/console/reports/daily');
      await t.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(await t.page.getByRole('status').textContent()).to.equal(
        'The service no longer accepts this token. Sign in again.',
      );
      expect(await t.page.evaluate<number>('sessionStorage.length')).to.equal(0);
    });
  });

  context('when used by keyboard alone', function () {
    it('signs in with Tab and Enter, then moves focus to each new page heading', async function () {
      await t.open('/console/');
      await t.page.keyboard.press('Tab');
      expect(await t.page.locator(':focus').textContent()).to.equal('Skip to content');
      await t.page.getByLabel('API token').focus();
      await t.page.keyboard.type(ADMIN_TOKEN);
      await t.page.keyboard.press('Enter');
      await t.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      expect(await t.page.locator(':focus').getAttribute('id')).to.equal('page-heading');

      await t.page.getByRole('link', { name: 'Daily totals', exact: true }).focus();
      await t.page.keyboard.press('Enter');
      await t.page.getByRole('heading', { level: 1, name: 'Daily totals' }).waitFor();
      expect(await t.page.locator(':focus').textContent()).to.equal('Daily totals');
      expect(await t.page.title()).to.equal('Daily totals · payledger console');
    });
  });
});
