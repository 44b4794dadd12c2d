// How the sign-in page and the consoles behave when things go wrong between the browser and
// the server. The real server runs behind the page; only the one answer a
// test is about is replaced (page.route), since a real throttle or outage
// cannot be produced on demand without waiting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalog, demo_person, fill_sign_in_form, served_as, sign_in, start_server_and_browser, stop_server_and_browser, visible_text,
  with_page,
} from './browser.mjs';

const en = catalog('en');
const zh = catalog('zh-CN');
let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser());
});

after(() => stop_server_and_browser(server, browser));

function error_answer(status, error, headers = {}) {
  return { status, headers, contentType: 'application/json', body: JSON.stringify({ error }) };
}

test('a throttled sign-in shows the server message with the seconds to wait', async () => {
  const message = en['error.too_many_attempts'].replace('{seconds}', '37');
  await with_page(browser, { expected_failures: ['/api/session'] }, async (page) => {
    await page.route('**/api/session', (route) => route.fulfill(error_answer(429,
      { code: 'too_many_attempts', message_key: 'error.too_many_attempts', message }, { 'Retry-After': '37' })));
    await fill_sign_in_form(page, server.url, admin);
    await page.getByRole('button', { name: en['sign_in.submit'] }).click();
    assert.equal(await visible_text(page.getByRole('alert')), message);
    assert.equal(new URL(page.url()).pathname, '/');
  });
});

test('an unreachable server shows the network message', async () => {
  await with_page(browser, { expected_failures: ['/api/session'] }, async (page) => {
    await page.route('**/api/session', (route) => route.abort('internetdisconnected'));
    await fill_sign_in_form(page, server.url, admin);
    await page.getByRole('button', { name: en['sign_in.submit'] }).click();
    assert.equal(await visible_text(page.getByRole('alert')), en['error.network']);
    assert.equal(await page.getByRole('button', { name: en['sign_in.submit'] }).isEnabled(), true);
  });
});

test('field errors found by the server are shown beside the fields', async () => {
  await with_page(browser, { expected_failures: ['/api/session'] }, async (page) => {
    await page.route('**/api/session', (route) => route.fulfill(error_answer(400, {
      code: 'validation_failed', message_key: 'error.validation_failed', message: en['error.validation_failed'],
      fields: [{ field: 'account', code: 'too_long', message_key: 'validation.too_long' }],
    })));
    await fill_sign_in_form(page, server.url, admin);
    await page.getByRole('button', { name: en['sign_in.submit'] }).click();
    const account_error = en['validation.too_long'].replace('{field}', en['field.account']);
    assert.equal(await visible_text(page.locator('#account-error')), account_error);
    assert.equal(await page.getByLabel('Account', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'account');
  });
});

test('while a sign-in is on its way the button is disabled and nothing is sent twice', async () => {
  await with_page(browser, {}, async (page) => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let posts = 0;
    await page.route('**/api/session', async (route) => {
      posts += 1;
      await held;
      await route.continue();
    });
    await fill_sign_in_form(page, server.url, admin);
    await page.getByLabel('Password', { exact: true }).press('Enter');

    const busy_button = page.getByRole('button', { name: en['sign_in.submitting'] });
    await busy_button.waitFor();
    assert.equal(await busy_button.isDisabled(), true);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.locator('#sign-in-form').evaluate((form) => form.requestSubmit());

    release();
    await page.waitForURL(`${server.url}/admin/`);
    assert.equal(posts, 1);
  });
});

test('without the wasm core the page still answers, with the network message', async () => {
  await with_page(browser, { expected_failures: [served_as('/core/twofold_core.js')] }, async (page) => {
    await page.route(served_as('/core/twofold_core.js'), (route) => route.abort('internetdisconnected'));
    await fill_sign_in_form(page, server.url, admin);
    await page.getByRole('button', { name: en['sign_in.submit'] }).click();
    assert.equal(await visible_text(page.getByRole('alert')), en['error.network']);
  });
});

test('a console whose server fails says so instead of showing an empty page', async () => {
  const message = en['error.internal'];
  await with_page(browser, { expected_failures: ['/api/me'] }, async (page) => {
    await page.route('**/api/me', (route) => route.fulfill(error_answer(500,
      { code: 'internal', message_key: 'error.internal', message })));
    await page.goto(`${server.url}/admin/`);
    assert.equal(await visible_text(page.getByRole('alert')), message);
    assert.equal(await page.locator('#console-loading').isHidden(), true);
    assert.equal(await page.locator('#console-overview').isHidden(), true);
    assert.equal(new URL(page.url()).pathname, '/admin/');
  });
});

test('a console that cannot reach the server says so in the language the page then shows', async () => {
  await with_page(browser, { expected_failures: ['/api/me'], locale: 'zh-CN' }, async (page) => {
    await page.route('**/api/me', (route) => route.abort('internetdisconnected'));
    await page.goto(`${server.url}/admin/`);
    assert.equal(await visible_text(page.getByRole('alert')), zh['error.network']);
    assert.equal(await page.locator('#console-overview').isHidden(), true);
  });
});

test('an answer that succeeded without what the page needs is the generic error, never an empty alert', async () => {
  await with_page(browser, { expected_failures: ['/api/admin/security'] }, async (page) => {
    await page.route('**/api/admin/security', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }));
    await sign_in(page, server.url, admin, '/admin/');
    const section = page.getByRole('region', { name: en['admin.security_title'] });
    assert.equal(await visible_text(section.getByRole('alert')), en['error.internal']);
  });
});

test('a sign-out that cannot reach the server keeps the console and says why', async () => {
  await with_page(browser, { expected_failures: ['/api/session'] }, async (page) => {
    await sign_in(page, server.url, demo_person(server, 'agent'), '/agent/');
    await page.route('**/api/session', (route) => route.abort('internetdisconnected'));
    const sign_out = page.getByRole('button', { name: en['console.sign_out'], exact: true });
    await sign_out.click();
    assert.equal(await visible_text(page.getByRole('alert')), en['error.network']);
    assert.equal(await sign_out.isEnabled(), true);
    assert.equal(new URL(page.url()).pathname, '/agent/');
  });
});
