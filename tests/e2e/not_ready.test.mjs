// The forms that send a password or an account (sign in, forgot password,
// reset, new password) cannot be sent before their page's script is ready:
// a native submission would show the API's raw JSON, or put the password in
// the address. The page's script is held back (route interception) while
// the test presses Enter and clicks the button; nothing may leave the page.
// Once the script arrives, the form works.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, served_as, start_server_and_browser, stop_server_and_browser, with_page } from './browser.mjs';

const en = catalog('en');
const password = 'a password that must stay put';
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser());
});

after(() => stop_server_and_browser(server, browser));

// [page, its script, its form's fields (the password ones get `password`),
// its submit text, what the ready page asks and is refused (no sign-in is under way)]
const forms = [
  ['/', '/js/sign_in_page.js', ['company', 'account', 'password'], en['sign_in.submit'], []],
  ['/forgot/', '/js/forgot_page.js', ['company', 'account'], en['forgot.submit'], []],
  ['/reset/#token=not-a-real-token', '/js/reset_page.js', ['password', 'confirm'], en['reset.submit'], []],
  ['/new-password/', '/js/new_password_page.js', ['password', 'confirm'], en['reset.submit'], ['/api/session/new-password']],
];

for (const [path, script, fields, submit_text, expected_failures] of forms) {
  test(`${path}: Enter and a click before the page is ready send nothing; once ready the form works`, async () => {
    await with_page(browser, { expected_failures }, async (page) => {
      // Every submit event and every navigation away, seen from inside the page.
      await page.addInitScript(() => {
        window.submissions = 0;
        window.leaving = 0;
        addEventListener('submit', () => { window.submissions += 1; }, true);
        addEventListener('beforeunload', () => { window.leaving += 1; });
      });
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route(served_as(script), async (route) => {
        await held;
        await route.continue();
      });
      // Navigations and anything sent to the API (asking, GET, is not sending).
      const sent = [];
      page.on('request', (request) => {
        const to_api = new URL(request.url()).pathname.startsWith('/api/') && request.method() !== 'GET';
        if (request.isNavigationRequest() || to_api) sent.push(`${request.method()} ${request.url()}`);
      });

      // The page's module script is deferred: no load event until it runs.
      await page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
      await page.locator(`#${fields.at(-1)}`).waitFor();
      const start_url = page.url();
      sent.length = 0;
      for (const field of fields) {
        await page.locator(`#${field}`).fill(['password', 'confirm'].includes(field) ? password : 'demo');
      }
      const button = page.getByRole('button', { name: submit_text });
      assert.equal(await button.isDisabled(), true, 'the button waits for the script');
      await page.locator(`#${fields.at(-1)}`).press('Enter');
      await button.click({ force: true });  // a click on the disabled button, as a person may try

      const seen = await page.evaluate(() => ({ submissions: window.submissions, leaving: window.leaving }));
      assert.deepEqual(seen, { submissions: 0, leaving: 0 }, 'the form was not submitted');
      assert.deepEqual(sent, [], 'nothing was requested');
      assert.equal(page.url(), start_url);
      assert.equal(new URL(page.url()).search, '', 'no form fields in the address');
      assert.ok(!decodeURIComponent(page.url().replace(/\+/g, ' ')).includes(password), 'no password in the address');
      assert.doesNotMatch(await page.locator('body').innerText(), /\{"error"/);

      // The script arrives: it takes the form over and enables the button (the
      // new-password page then hides its form: no sign-in is under way).
      release();
      await page.locator('button[type="submit"]:enabled').waitFor({ state: 'attached' });
      assert.equal(new URL(page.url()).pathname, new URL(start_url).pathname);
      assert.deepEqual(sent, []);
    });
  });
}
