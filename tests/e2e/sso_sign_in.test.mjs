// Single sign-on from the sign-in page, in Chromium, against a real OpenID
// provider on loopback (oidc-provider, its own login page used as a person
// would): a company's link shows its buttons, the first sign-in binds the
// external account to a Twofold account on the bind page, and the next one
// takes one click; a wrong password keeps the bind page, Cancel links
// nothing, a failed or refused sign-on says so in words, and the bind form
// works with the keyboard alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  accessible_name, catalog, fill, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person } from './people.mjs';
import {
  ann, ben, cai, cancel_at_provider, configure_sso, dee, is_login_page, provider_page_failures, sign_in_at_provider,
  start_google_like,
} from './sso_providers.mjs';

const en = catalog('en');
let server;
let browser;
let admin;
let google;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
  google = await start_google_like(server, admin);
  await configure_sso(server, admin, { google: google.settings() });
});

after(async () => {
  await google?.close();
  await stop_server_and_browser(server, browser);
});

// The focused element's accessible name, as a screen reader would say it.
function focused_name(page) {
  return accessible_name(page.locator('*:focus'));
}

const google_button = () => ({ name: fill(en['sso.sign_in_with'], { provider: 'Google' }) });

// The sign-in page of the demo company's own link, once it shows the buttons.
async function open_company_link(page) {
  await page.goto(`${server.url}/?company=${encodeURIComponent(server.demo.company)}`);
  await page.getByRole('button', google_button()).waitFor();
}

// From the company's link through the provider's login page as `login`, to
// wherever Twofold sends the browser (`landing`).
async function sign_in_with_google(page, login, landing) {
  await open_company_link(page);
  await page.getByRole('button', google_button()).click();
  await sign_in_at_provider(page, google, login);
  await page.waitForURL(`${server.url}${landing}`);
}

// Fills the bind page's form (company as prefilled) and presses Connect.
async function bind_as(page, person) {
  await page.getByLabel(en['sign_in.account'], { exact: true }).fill(person.account);
  await page.getByLabel(en['sign_in.password'], { exact: true }).fill(person.password);
  await page.getByRole('button', { name: en['bind.submit'], exact: true }).click();
}

test('a company\'s link offers its providers, and the buttons follow the company typed', async () => {
  await with_page(browser, {}, async (page) => {
    await open_company_link(page);
    const company = page.getByLabel(en['sign_in.company'], { exact: true });
    assert.equal(await company.inputValue(), server.demo.company);
    assert.ok(await page.getByLabel(en['sign_in.account'], { exact: true }).evaluate((input) => input === document.activeElement),
      'the account comes next');
    assert.deepEqual(await page.locator('#sso-buttons button').allInnerTexts(), [fill(en['sso.sign_in_with'], { provider: 'Google' })]);

    // A company without single sign-on: no buttons; the demo company again: its button.
    await company.fill('Nowhere');
    await page.locator('#sso').waitFor({ state: 'hidden' });
    await company.fill('');
    await page.keyboard.type(server.demo.company.toLowerCase());
    await page.getByRole('button', google_button()).waitFor();
  });
});

test('the first sign-in with Google binds the account on the bind page; the next takes one click', async () => {
  const person = await add_person(server, { username: 'annie', display_name: 'Annie Agent' });
  await with_page(browser, { expected_failures: provider_page_failures }, async (page, watch) => {
    await sign_in_with_google(page, ann.sub, '/bind/');
    const who = fill(en['sso.identity'], { name: ann.name, email: ann.email });
    assert.equal(await visible_text(page.locator('#bind-intro')), fill(en['bind.intro'], { provider: 'Google', who }));
    assert.equal(await page.getByLabel(en['sign_in.company'], { exact: true }).inputValue(), server.demo.company);
    await bind_as(page, person);
    await page.waitForURL(`${server.url}/agent/`);
    await page.getByRole('heading', { name: en['console.agent_title'] }).waitFor();
    assert.equal(await visible_text(page.locator('#signed-in-as')), fill(en['console.signed_in_as'], { name: person.display_name }));

    await page.getByRole('button', { name: en['console.sign_out'] }).click();
    await page.waitForURL(`${server.url}/`);

    // Again, with the company typed: the provider still knows this browser,
    // so no login page, and no bind page: straight into the agent panel.
    const before_click = watch.requests.length;
    await page.getByLabel(en['sign_in.company'], { exact: true }).fill(server.demo.company);
    await page.getByRole('button', google_button()).click();
    await page.waitForURL(`${server.url}/agent/`);
    await page.getByRole('heading', { name: en['console.agent_title'] }).waitFor();
    const since = watch.requests.slice(before_click);
    assert.ok(since.some((url) => url.origin === google.origin), 'through the provider');
    assert.deepEqual(since.filter((url) => is_login_page(url, google) || url.pathname === '/bind/'), [],
      'no login page and no bind page the second time');
  });
});

test('a wrong password keeps the bind page with the sign-in\'s message; the right one then connects', async () => {
  const person = await add_person(server, { username: 'benny', display_name: 'Benny Agent' });
  await with_page(browser, { expected_failures: [...provider_page_failures, '/api/session/bind'] }, async (page) => {
    await sign_in_with_google(page, ben.sub, '/bind/');
    // Ben's address is not vouched for: the page names him only.
    assert.equal(await visible_text(page.locator('#bind-intro')), fill(en['bind.intro'], { provider: 'Google', who: ben.name }));

    await bind_as(page, { ...person, password: `${person.password}-not-it` });
    assert.equal(await visible_text(page.locator('#form-alert p')), en['error.sign_in_failed']);
    assert.equal(new URL(page.url()).pathname, '/bind/');
    await page.getByRole('button', { name: en['bind.submit'], exact: true }).waitFor();

    await bind_as(page, person);
    await page.waitForURL(`${server.url}/agent/`);
  });
});

test('Cancel on the bind page goes back to the company\'s sign-in page and links nothing', async () => {
  await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
    await sign_in_with_google(page, cai.sub, '/bind/');
    await page.getByRole('button', { name: en['bind.cancel'], exact: true }).click();
    await page.waitForURL(`${server.url}/?company=${server.demo.company}`);
    await page.getByRole('button', google_button()).waitFor();

    // Cai is still nobody's: signing in with Google asks to bind again
    // (the provider remembers Cai, so no login page this time).
    await page.getByRole('button', google_button()).click();
    await page.waitForURL(`${server.url}/bind/`);
    await page.locator('#bind-intro').waitFor();
  });
});

test('a single sign-on cancelled at the provider comes back to one clear message, never JSON', async () => {
  await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
    await open_company_link(page);
    await page.getByRole('button', google_button()).click();
    await cancel_at_provider(page, google);
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/');
    assert.equal(await visible_text(page.locator('#form-alert p')), en['error.sso_failed']);
    // The address keeps the company and drops the error: a reload tells nothing again.
    assert.equal(page.url(), `${server.url}/?company=${server.demo.company}`);
    const shown = await page.locator('body').innerText();
    assert.doesNotMatch(shown, /[{}]|sso_error|"error"/);
    assert.equal(await page.getByLabel(en['sign_in.company'], { exact: true }).inputValue(), server.demo.company);
    await page.reload();
    await page.getByRole('button', google_button()).waitFor();
    assert.equal(await page.locator('#form-alert').innerText(), '');
  });
});

test('the sign-in page tells each way a single sign-on can come back refused, in the page\'s language', async () => {
  const zh = catalog('zh-CN');
  await with_page(browser, {}, async (page) => {
    for (const [error, key] of [['locked', 'error.sso_locked'], ['failed', 'error.sso_failed'], ['whatever', 'error.sso_failed']]) {
      await page.goto(`${server.url}/?company=${server.demo.company}&sso_error=${error}`);
      assert.equal(await visible_text(page.locator('#form-alert p')), en[key], error);
    }
    await page.goto(`${server.url}/?sso_error=locked`);
    assert.equal(await visible_text(page.locator('#form-alert p')), en['error.sso_locked']);
    assert.equal(page.url(), `${server.url}/`);
    await page.locator('#language').selectOption('zh-CN');
    await page.locator('#form-alert p').getByText(zh['error.sso_locked'], { exact: true }).waitFor();
  });
});

test('the bind form with the keyboard alone', async () => {
  const person = await add_person(server, { username: 'kbd', display_name: 'Kay Board' });
  await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
    await sign_in_with_google(page, dee.sub, '/bind/');
    // The company is filled in: the focus waits in the account's field.
    await page.locator('#account:focus').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#account-error').waitFor();
    assert.equal(await focused_name(page), en['sign_in.account'], 'the field in error has the focus');

    await page.keyboard.type(person.account);
    await page.keyboard.press('Tab');
    assert.equal(await focused_name(page), en['sign_in.password']);
    await page.keyboard.type(person.password);
    await page.keyboard.press('Tab');
    assert.equal(await focused_name(page), en['sign_in.show_password']);
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#password').getAttribute('type'), 'text', 'Space shows the password');
    await page.keyboard.press('Tab');
    assert.equal(await focused_name(page), en['bind.submit']);
    await page.keyboard.press('Tab');
    assert.equal(await focused_name(page), en['bind.cancel']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/agent/`);
    await page.getByRole('heading', { name: en['console.agent_title'] }).waitFor();
  });
});
