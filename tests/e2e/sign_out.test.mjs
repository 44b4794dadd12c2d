// Signing out ends the session on the server, and the signed-in pages let
// in only the signed-in person whose page it is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalog, demo_person, launch_browser, sign_in, start_server_and_browser, stop_server_and_browser, with_page,
} from './browser.mjs';

const en = catalog('en');
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser());
});

after(() => stop_server_and_browser(server, browser));

test('sign out returns to the sign-in page and the console is closed afterwards', async () => {
  await with_page(browser, { expected_failures: ['/api/me'] }, async (page) => {
    await sign_in(page, server.url, demo_person(server, 'admin'), '/admin/');
    const sign_out = page.getByRole('button', { name: en['console.sign_out'], exact: true });
    await sign_out.waitFor();

    const answer = page.waitForResponse((response) => response.request().method() === 'DELETE');
    await sign_out.click();
    assert.equal((await answer).status(), 204);
    await page.waitForURL(`${server.url}/`);

    const cookies = await page.context().cookies(server.url);
    assert.deepEqual(cookies.filter((cookie) => cookie.name.includes('twofold_session')), []);

    await page.goto(`${server.url}/admin/`);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: en['sign_in.title'] }).waitFor();
  });
});

test("after sign out the browser's Back button does not bring the console back", async (t) => {
  const caching_browser = await launch_browser({ back_forward_cache: true });
  t.after(() => caching_browser.close());
  await with_page(caching_browser, { expected_failures: ['/api/me'] }, async (page) => {
    await sign_in(page, server.url, demo_person(server, 'admin'), '/admin/');
    await page.locator('#console-overview').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: en['console.sign_out'], exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: en['sign_in.title'] }).waitFor();

    const me = page.waitForResponse(`${server.url}/api/me`);
    await page.goBack({ waitUntil: 'commit' });  // a page from the cache fires no load event
    assert.equal((await me).status(), 401);
    await page.waitForURL(`${server.url}/`);
  });
});

test('a visitor who is not signed in is sent from either console to the sign-in page', async () => {
  await with_page(browser, { expected_failures: ['/api/me'] }, async (page) => {
    for (const console_path of ['/admin/', '/agent/']) {
      await page.goto(`${server.url}${console_path}`);
      await page.waitForURL(`${server.url}/`);
      await page.getByRole('heading', { name: en['sign_in.title'] }).waitFor();
    }
  });
});

test('each role is sent to its own page', async () => {
  for (const [role, own, other] of [['agent', '/agent/', '/admin/'], ['admin', '/admin/', '/agent/']]) {
    await with_page(browser, {}, async (page) => {
      await sign_in(page, server.url, demo_person(server, role), own);
      await page.goto(`${server.url}${other}`);
      await page.waitForURL(`${server.url}${own}`);
      await page.locator('#console-overview').waitFor({ state: 'visible' });
    });
  }
});
