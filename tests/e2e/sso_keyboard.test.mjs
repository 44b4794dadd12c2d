// Single sign-on with the keyboard alone, in Chromium, against real
// providers on loopback: no clicks and no focus() from the test on
// Twofold's pages, only Tab, Shift+Tab, arrows, Enter, Space, Escape and
// typing (the providers' own login pages are used as sign_in_at_provider
// does). The sign-in page's buttons, Security settings' Connect and
// Disconnect with its dialog, and the admin console's single sign-on
// settings, saved as typed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  accessible_name, action_name, catalog, fill, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_company, add_person } from './people.mjs';
import {
  adele, configure_sso, dee, provider_page_failures, sign_in_at_provider, start_google_like, start_microsoft_like,
} from './sso_providers.mjs';

const en = catalog('en');
let server;
let browser;
let admin;
let google;
let microsoft;

// Google and Office 365 for the demo company; this server asks for the
// password before any disconnect (--step-up-window 0).
before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({
    server: { args: [...fast_hash_args, '--step-up-window', '0'] },
  }));
  [google, microsoft] = await Promise.all([start_google_like(server, admin), start_microsoft_like(server, admin)]);
  await configure_sso(server, admin, { google: google.settings(), microsoft: microsoft.settings() });
});

after(async () => {
  await google?.close();
  await microsoft?.close();
  await stop_server_and_browser(server, browser);
});

// Presses Tab until `target` (a locator of one element) has the focus;
// fails after `limit` presses.
async function tab_to(page, target, { limit = 80 } = {}) {
  for (let presses = 0; presses < limit; ++presses) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
  }
  assert.fail(`Tab never reached ${target}`);
}

// The focused element's accessible name, as a screen reader would say it.
function focused_name(page) {
  return accessible_name(page.locator('*:focus'));
}

function focused_id(page) {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

// Signs `person` in at the sign-in page by typing, and waits for `landing`.
async function type_sign_in(page, person, landing) {
  await page.goto(`${server.url}/`);
  await page.locator('#company:focus').waitFor();  // the page puts the focus there
  await page.keyboard.type(person.company);
  await page.keyboard.press('Tab');
  await page.keyboard.type(person.account);
  await page.keyboard.press('Tab');
  await page.keyboard.type(person.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.url}${landing}`);
}

test('the sign-in page\'s single sign-on buttons with the keyboard alone: after the form, started with Enter', async () => {
  const person = await add_person(server, { username: 'dora', display_name: 'Dora Keys' });
  await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
    await page.goto(`${server.url}/`);
    await page.locator('#company:focus').waitFor();
    await page.keyboard.type(server.demo.company);
    const with_google = page.getByRole('button', { name: fill(en['sso.sign_in_with'], { provider: 'Google' }), exact: true });
    await with_google.waitFor();

    await tab_to(page, with_google);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused_name(page), en['sign_in.submit'], 'the buttons come right after the form\'s own');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await focused_name(page), fill(en['sso.sign_in_with'], { provider: 'Office 365' }));
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await sign_in_at_provider(page, google, dee.sub);

    // The bind page: the company filled in, the focus in the account's field.
    await page.waitForURL(`${server.url}/bind/`);
    await page.locator('#account:focus').waitFor();
    await page.keyboard.type(person.account);
    await page.keyboard.press('Tab');
    await page.keyboard.type(person.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/agent/`);
  });
});

test('Security settings\' Connect and Disconnect with the keyboard alone, the dialog closed with Escape first', async () => {
  const person = await add_person(server, { username: 'kent', display_name: 'Kent Keys' });
  const connect = action_name('sso.connect', 'Office 365');
  const disconnect = action_name('sso.disconnect', 'Office 365');
  await with_page(browser, { expected_failures: [...provider_page_failures, '/api/me/sso'] }, async (page) => {
    await type_sign_in(page, person, '/agent/');
    await tab_to(page, page.getByRole('link', { name: en['console.security_settings'] }));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/profile/`);

    await tab_to(page, page.getByRole('button', { name: connect, exact: true }));
    await page.keyboard.press('Enter');
    await sign_in_at_provider(page, microsoft, adele.sub, { forms: 2 });
    await page.waitForURL(`${server.url}/profile/`);
    assert.equal(await visible_text(page.locator('#sso-status')), en['sso.connected']);
    await page.locator('#sso-title:focus').waitFor();

    // From the panel's heading, the next stop is the provider's Disconnect.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await focused_name(page), disconnect);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused_name(page), action_name('sso.connect', 'Google'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: fill(en['sso.disconnect_title'], { provider: 'Office 365' }) });
    await dialog.waitFor();
    assert.equal(await focused_name(page), en['field.password'], 'the dialog opens at the password');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await focused_name(page), disconnect, 'Escape goes back to the button that opened the dialog');

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type(`${person.password}-not-it`);
    await page.keyboard.press('Enter');
    assert.equal(await visible_text(dialog.locator('#confirm-alert p')), en['error.password_rejected']);
    assert.equal(await focused_name(page), en['field.password'], 'a wrong password: the field again');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(person.password);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    // The dialog closes before the panel has loaded the providers again and told the outcome.
    const told = page.locator('#sso-status').filter({ hasNotText: en['sso.connected'] });
    assert.equal(await visible_text(told), fill(en['sso.disconnected'], { provider: 'Office 365' }));
    assert.equal(await focused_name(page), connect, 'the focus stays on the provider\'s row');
  });
});

test('the admin console\'s single sign-on settings with the keyboard alone, saved as typed', async () => {
  const company_admin = await add_company(server);
  await with_page(browser, {}, async (page) => {
    await type_sign_in(page, company_admin, '/admin/');
    const section = page.getByRole('region', { name: en['admin.sso_title'] });
    await section.waitFor();

    await tab_to(page, section.getByRole('checkbox', { name: en['admin.sso_two_factor_after'] }));
    await page.keyboard.press('Space');
    // The form's order: Google's fields, then Office 365's.
    const order = [];
    for (let field = 0; field < 5; ++field) {
      await page.keyboard.press('Tab');
      order.push(await focused_id(page));
    }
    assert.deepEqual(order, [
      'sso-google-enabled', 'sso-google-client_id', 'sso-google-client_secret', 'sso-google-issuer', 'sso-microsoft-enabled',
    ]);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('00000000-aaaa-bbbb-cccc-000000000001');
    await page.keyboard.press('Tab');
    await page.keyboard.type('a secret of Office 365');
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://login.partner.example');
    // The tenant: the radio group is one stop, its arrows choose; the
    // tenant's field takes the focus only once it counts.
    await page.keyboard.press('Tab');
    assert.equal(await focused_id(page), 'sso-tenant-common');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused_name(page), en['admin.sso_tenant_single']);
    await page.keyboard.press('Tab');
    assert.equal(await focused_name(page), en['admin.sso_tenant']);
    await page.keyboard.type('contoso.onmicrosoft.com');

    const saved = page.waitForRequest((request) => request.url() === `${server.url}/api/admin/sso` && request.method() === 'PUT');
    await tab_to(page, section.getByRole('button', { name: action_name('admin.save', en['admin.sso_title']), exact: true }));
    await page.keyboard.press('Enter');
    const body = (await saved).postDataJSON();
    assert.equal(await visible_text(section.locator('#sso-status')), en['admin.saved']);
    assert.equal(body.two_factor_after_sso, true);
    assert.deepEqual(body.providers.find((provider) => provider.id === 'microsoft'), {
      id: 'microsoft', enabled: true, client_id: '00000000-aaaa-bbbb-cccc-000000000001',
      client_secret: 'a secret of Office 365', issuer: 'https://login.partner.example', tenant: 'contoso.onmicrosoft.com',
    });

    // Stored: the console shows it again, the secret as set only.
    await page.reload();
    await section.waitFor();
    assert.equal(await section.getByRole('checkbox', { name: en['admin.sso_two_factor_after'] }).isChecked(), true);
    const office = section.getByRole('group', { name: en['admin.sso_provider_microsoft'], exact: true });
    assert.equal(await office.getByRole('radio', { name: en['admin.sso_tenant_single'] }).isChecked(), true);
    assert.equal(await office.getByLabel(en['admin.sso_tenant'], { exact: true }).inputValue(), 'contoso.onmicrosoft.com');
    assert.equal(await office.getByLabel(en['admin.sso_issuer_override'], { exact: true }).inputValue(), 'https://login.partner.example');
    assert.equal(await office.getByLabel(en['admin.sso_client_secret'], { exact: true }).inputValue(), '');
    assert.equal(await visible_text(office.locator('#sso-microsoft-client_secret-hint')), en['admin.sso_secret_set']);

    // The company's sign-in page offers it.
    await page.goto(`${server.url}/?company=${encodeURIComponent(company_admin.company)}`);
    await page.getByRole('button', { name: fill(en['sso.sign_in_with'], { provider: 'Office 365' }), exact: true }).waitFor();
  });
});
