// Security settings > Single sign-on in Chromium, against a Microsoft-like
// authority on loopback (a tenant behind "common": its login asks which
// account, then the tenant's own login, as login.microsoftonline.com does):
// connecting Office 365 from the profile and disconnecting it after the
// confirmation and the password (this server asks for it at once:
// --step-up-window 0); and an account connected to someone else refused
// in words.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  accessible_name, catalog, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person } from './people.mjs';
import {
  adele, configure_sso, megan, provider_page_failures, sign_in_at_provider, start_microsoft_like,
} from './sso_providers.mjs';

const en = catalog('en');
let server;
let browser;
let admin;
let microsoft;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({
    server: { args: [...fast_hash_args, '--step-up-window', '0'] },
  }));
  microsoft = await start_microsoft_like(server, admin);
  await configure_sso(server, admin, { microsoft: microsoft.settings() });
});

after(async () => {
  await microsoft?.close();
  await stop_server_and_browser(server, browser);
});

const office = 'Office 365';

// Signs `person` in with their password and opens Security settings, once
// its single sign-on panel is shown.
async function open_security_settings(page, person) {
  await sign_in(page, server.url, person, '/agent/');
  await page.getByRole('link', { name: en['console.security_settings'] }).click();
  await page.waitForURL(`${server.url}/profile/`);
  return sso_row(page);
}

// Office 365's row in the single sign-on panel.
function sso_row(page) {
  const panel = page.getByRole('region', { name: en['sso.heading'] });
  return panel.getByRole('listitem').filter({ has: page.getByRole('heading', { name: office, exact: true }) });
}

// Connect, the login forms at the authority as `login` (which account,
// then the tenant's own; the tenant skips its form once it knows the
// browser), and back.
async function connect_office(page, row, login, { forms = 2 } = {}) {
  await row.getByRole('button', { name: fill(en['a11y.action_for'], { action: en['sso.connect'], name: office }) }).click();
  await sign_in_at_provider(page, microsoft, login, { forms });
  await page.waitForURL((url) => url.origin === server.url && url.pathname === '/profile/');
}

test('connecting Office 365 from Security settings, then disconnecting it with the confirmation and the password', async () => {
  const person = await add_person(server, { username: 'olga', display_name: 'Olga Office' });
  await with_page(browser, { expected_failures: [...provider_page_failures, '/api/me/sso'] }, async (page) => {
    const row = await open_security_settings(page, person);
    assert.equal(await visible_text(row.locator('.status-badge')), en['sso.status_not_connected']);

    await connect_office(page, row, adele.sub);
    assert.equal(await visible_text(page.locator('#sso-status')), en['sso.connected']);
    assert.equal(page.url(), `${server.url}/profile/`, 'the result leaves the address');
    assert.equal(await focused_name(page), en['sso.heading'], 'the panel has the focus');
    assert.equal(await visible_text(row.locator('.status-badge')), en['sso.status_connected']);
    const today = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date());
    assert.equal(await visible_text(row.locator('.hint')), fill(en['sso.connected_as'], {
      who: fill(en['sso.identity'], { name: adele.name, email: adele.email }), date: today,
    }));

    const disconnect = fill(en['a11y.action_for'], { action: en['sso.disconnect'], name: office });
    await row.getByRole('button', { name: disconnect }).click();
    const dialog = page.getByRole('dialog', { name: fill(en['sso.disconnect_title'], { provider: office }) });
    await dialog.waitFor();
    assert.equal(await visible_text(dialog.locator('#confirm-text')), fill(en['sso.disconnect_text'], { provider: office }));
    // This server wants the password for every change of this kind.
    const password = dialog.getByLabel(en['field.password'], { exact: true });
    await password.waitFor();
    assert.equal(await focused_name(page), en['field.password']);

    await password.fill(`${person.password}-not-it`);
    await dialog.getByRole('button', { name: en['sso.disconnect'], exact: true }).click();
    assert.equal(await visible_text(dialog.locator('#confirm-alert p')), en['error.password_rejected']);
    assert.equal(await visible_text(row.locator('.status-badge')), en['sso.status_connected'], 'still connected');

    await password.fill(person.password);
    await dialog.getByRole('button', { name: en['sso.disconnect'], exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await visible_text(page.locator('#sso-status')), fill(en['sso.disconnected'], { provider: office }));
    assert.equal(await visible_text(row.locator('.status-badge')), en['sso.status_not_connected']);
    assert.equal(await row.locator('.hint').count(), 0);
    assert.equal(await focused_name(page), fill(en['a11y.action_for'], { action: en['sso.connect'], name: office }),
      'the focus stays on the provider\'s row');

    // Cancel in the dialog changes nothing: connected again, then kept.
    await connect_office(page, row, adele.sub, { forms: 1 });
    await row.getByRole('button', { name: disconnect }).click();
    await dialog.getByRole('button', { name: en['two_factor.cancel'], exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    assert.equal(await visible_text(row.locator('.status-badge')), en['sso.status_connected']);
  });
});

test('an Office 365 account connected to someone else is refused on the profile, in words', async () => {
  const first = await add_person(server, { username: 'fay', display_name: 'Fay First' });
  const second = await add_person(server, { username: 'sam', display_name: 'Sam Second' });
  await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
    await connect_office(page, await open_security_settings(page, first), megan.sub);
    await page.locator('#sso-status').getByText(en['sso.connected'], { exact: true }).waitFor();
  });
  await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
    const row = await open_security_settings(page, second);
    await connect_office(page, row, megan.sub);
    assert.equal(await visible_text(page.locator('#sso-alert p')), en['error.sso_already_linked']);
    assert.equal(page.url(), `${server.url}/profile/`);
    assert.equal(await visible_text(row.locator('.status-badge')), en['sso.status_not_connected']);
    assert.doesNotMatch(await page.locator('body').innerText(), /[{}]|sso_error/);
  });
});

// The focused element's accessible name, as a screen reader would say it.
function focused_name(page) {
  return accessible_name(page.locator('*:focus'));
}
