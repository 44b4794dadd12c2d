// Signing in through the real page, server and wasm core, as a person would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalog, demo_person, expect_accessible, launch_browser, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';

const en = catalog('en');
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser());
});

after(() => stop_server_and_browser(server, browser));

test('the demo admin signs in and lands on the admin console with their name', async () => {
  await with_page(browser, {}, async (page) => {
    const me = page.waitForResponse(`${server.url}/api/me`);
    await sign_in(page, server.url, demo_person(server, 'admin'), '/admin/');
    const { user } = await (await me).json();

    assert.equal(await visible_text(page.getByRole('heading', { level: 1 })), en['console.admin_title']);
    assert.equal(await visible_text(page.locator('#signed-in-as')),
                 en['console.signed_in_as'].replace('{name}', user.display_name || user.username));
    assert.equal(await visible_text(page.locator('#profile-role')), en['console.role_admin']);
    assert.equal(await visible_text(page.locator('#profile-company')),
                 en['console.company'].replace('{company}', server.demo.company));
    await page.locator('#audit-rows tr').first().waitFor();
    await expect_accessible(page, 'admin console');
  });
});

test('the demo agent signs in and lands on the agent panel', async () => {
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, demo_person(server, 'agent'), '/agent/');
    assert.equal(await visible_text(page.getByRole('heading', { level: 1 })), en['console.agent_title']);
    assert.equal(await visible_text(page.locator('#profile-role')), en['console.role_agent']);
    await expect_accessible(page, 'agent panel');
  });
});

test('a wrong password shows the one generic refusal and stays on the sign-in page', async () => {
  await with_page(browser, { expected_failures: ['/api/session'] }, async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Company', { exact: true }).fill(server.demo.company);
    await page.getByLabel('Account', { exact: true }).fill(server.demo.admin.account);
    await page.getByLabel('Password', { exact: true }).fill(`${server.demo.admin.password}-wrong`);
    const answer = page.waitForResponse(`${server.url}/api/session`);
    await page.getByRole('button', { name: en['sign_in.submit'] }).click();
    assert.equal((await answer).status(), 401);

    assert.equal(await visible_text(page.getByRole('alert')), en['error.sign_in_failed']);
    assert.equal(new URL(page.url()).pathname, '/');
    // The button is usable again for the next try.
    await page.getByRole('button', { name: en['sign_in.submit'] }).waitFor();
    assert.equal(await page.getByRole('button', { name: en['sign_in.submit'] }).isEnabled(), true);
    await expect_accessible(page, 'sign-in, wrong password');
  });
});

test('empty fields are reported by the wasm core without any request to the API', async () => {
  await with_page(browser, {}, async (page, watch) => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Account', { exact: true }).fill(server.demo.admin.account);
    await page.getByRole('button', { name: en['sign_in.submit'] }).click();

    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: en['sign_in.errors_heading'] }).waitFor();
    const company_error = en['validation.required'].replace('{field}', en['field.company']);
    const password_error = en['validation.required'].replace('{field}', en['field.password']);
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [company_error, password_error]);

    const company = page.getByLabel('Company', { exact: true });
    assert.equal(await company.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#company-error').innerText(), company_error);
    assert.match(await company.getAttribute('aria-describedby'), /\bcompany-error\b/);
    assert.equal(await page.getByLabel('Account', { exact: true }).getAttribute('aria-invalid'), null);
    assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'company', 'focus is on the first invalid field');
    await expect_accessible(page, 'sign-in, field errors');

    // A summary link takes the keyboard to its field.
    await summary.getByRole('link', { name: password_error }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');

    assert.deepEqual(watch.requests.filter((url) => url.pathname.startsWith('/api/')), []);
  });
});

test('signing in works with the keyboard alone', async () => {
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    // The company field has the focus from the start.
    await page.locator('#company:focus').waitFor();
    await page.keyboard.type(server.demo.company);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'account');
    await page.keyboard.type(server.demo.agent.account);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
    await page.keyboard.type(server.demo.agent.password);

    // The next stops are the show-password toggle and the button, each with a visible focus ring.
    for (const id of ['show-password', 'sign-in-submit']) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return { id: document.activeElement.id, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.equal(focused.id, id);
      assert.notEqual(focused.outline, 'none');
      assert.ok(focused.width >= 2, `focus ring of ${id} is ${focused.width}px wide`);
    }

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/agent/`);
  });
});

test('the password can be pasted, shown and hidden again', async () => {
  await with_page(browser, {}, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(`${server.url}/`);
    await page.evaluate(() => navigator.clipboard.writeText('correct horse battery staple'));
    const password = page.getByLabel('Password', { exact: true });
    await password.focus();
    await page.keyboard.press('Control+V');
    assert.equal(await password.inputValue(), 'correct horse battery staple');

    const toggle = page.getByRole('button', { name: en['sign_in.show_password'] });
    assert.equal(await password.getAttribute('type'), 'password');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await password.getAttribute('type'), 'text');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await password.getAttribute('type'), 'password');
  });
});

test('going Back to the sign-in page after signing in finds it ready, without the password', async (t) => {
  const caching_browser = await launch_browser({ back_forward_cache: true });
  t.after(() => caching_browser.close());
  await with_page(caching_browser, {}, async (page) => {
    await sign_in(page, server.url, demo_person(server, 'admin'), '/admin/');
    await page.locator('#console-overview').waitFor({ state: 'visible' });
    await page.goBack({ waitUntil: 'commit' });  // a page from the cache fires no load event
    assert.equal(page.url(), `${server.url}/`);

    const button = page.getByRole('button', { name: en['sign_in.submit'] });
    await button.waitFor();
    assert.equal(await button.isEnabled(), true);
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.equal(await page.getByLabel('Account', { exact: true }).inputValue(), server.demo.admin.account);
  });
});

test('the form tells password managers what each field is', async () => {
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    const autocomplete = await page.locator('#sign-in-form input').evaluateAll(
      (inputs) => inputs.map((input) => [input.id, input.getAttribute('autocomplete')]));
    assert.deepEqual(autocomplete, [['company', 'organization'], ['account', 'username'], ['password', 'current-password']]);
  });
});
