// The main flows with the keyboard alone, in Chromium: no clicks, no
// focus() from the test, only Tab, Shift+Tab, Enter, Space and typing.
// Signing in, setting up the authenticator app, the code page, and an
// administrator unlocking an account.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign_in_person } from '../support/people.mjs';
import { client, fast_hash_args } from '../support/server.mjs';
import { app_codes, finish_second_step, lock_with_wrong_codes, turn_on_app } from '../support/two_factor.mjs';
import {
  accessible_name, action_name, catalog, fill, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person } from './people.mjs';

const en = catalog('en');
let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

// Presses Tab (Shift+Tab when `backwards`) until the focused element has
// the accessible name `name` (and role `role`); fails after `limit` presses.
async function tab_to(page, role, name, { backwards = false, limit = 60 } = {}) {
  const target = page.getByRole(role, { name, exact: true });
  for (let presses = 0; presses < limit; ++presses) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
  }
  assert.fail(`Tab never reached the ${role} "${name}"`);
}

// The focused element's accessible name, as a screen reader would say it.
function focused_name(page) {
  return accessible_name(page.locator('*:focus'));
}

// Types into the focused field of the sign-in page, from the company field on.
async function type_sign_in(page, person) {
  await page.locator('#company:focus').waitFor();  // the page puts the focus there
  await page.keyboard.type(person.company);
  await page.keyboard.press('Tab');
  await page.keyboard.type(person.account);
  await page.keyboard.press('Tab');
  await page.keyboard.type(person.password);
  await page.keyboard.press('Enter');
}

test('signing in, setting up the authenticator app and the code page, with the keyboard alone', async () => {
  const person = await add_person(server, { username: 'kim', display_name: 'Kim Keys' });
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    await type_sign_in(page, person);
    await page.waitForURL(`${server.url}/agent/`);

    await tab_to(page, 'link', en['console.security_settings']);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/profile/`);
    await page.locator('#app-status').getByText(en['two_factor.status_off']).waitFor();

    // Space presses a button as Enter does.
    await tab_to(page, 'button', `${en['two_factor.set_up']} ${en['two_factor.app_name']}`);
    await page.keyboard.press('Space');
    const secret = (await visible_text(page.locator('#totp-secret'))).replace(/\s+/g, '');
    assert.equal(await focused_name(page), en['two_factor.app_setup_heading'], 'focus moves to the setup');
    const totp = app_codes(secret);
    await tab_to(page, 'button', en['two_factor.next']);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: en['two_factor.code_dialog_title'] }).waitFor();
    assert.equal(await focused_name(page), en['verify.code_label'], 'focus moves into the dialog\'s field');
    await page.keyboard.type(await totp.next());
    await page.keyboard.press('Enter');
    await page.getByText(en['two_factor.enabled'], { exact: true }).waitFor();
    await page.locator('#new-codes-list code').first().waitFor();

    await tab_to(page, 'button', en['console.sign_out'], { backwards: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/`);

    // Signing in again takes a code: the code page has the focus in its field.
    await type_sign_in(page, person);
    await page.waitForURL(`${server.url}/verify/`);
    await page.locator('#code:focus').waitFor();
    await page.keyboard.type(await totp.next());
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/agent/`);
    await page.getByRole('heading', { name: en['console.agent_title'] }).waitFor();
  });
});

test('an administrator unlocks a locked account with the keyboard alone', async () => {
  const person = await add_person(server, { username: 'lou', display_name: 'Lou Locked' });
  const session = client(server.url);
  await sign_in_person(session, person);
  const { totp } = await turn_on_app(session);
  await session.delete('/api/session');
  const pending = await session.post('/api/session', { json: { company: person.company, account: person.account, password: person.password } });
  assert.equal(pending.status, 202, pending.text);
  await lock_with_wrong_codes(session, totp);
  session.close();

  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    await type_sign_in(page, admin);
    await page.waitForURL(`${server.url}/admin/`);
    await page.locator('#people-table[aria-busy="false"]').waitFor({ state: 'attached' });

    const unlock = action_name('admin.unlock', person.display_name);
    await tab_to(page, 'button', unlock);
    await page.keyboard.press('Enter');
    const said = fill(en['admin.unlocked'], { name: person.display_name });
    await page.locator('#people-status').getByText(said).waitFor();
    assert.equal(await focused_name(page), person.display_name, 'focus is on the person\'s row');
    assert.equal(await page.getByRole('button', { name: unlock }).count(), 0);
  });

  // The account takes codes again.
  const again = client(server.url);
  const started = await again.post('/api/session', { json: { company: person.company, account: person.account, password: person.password } });
  assert.equal(started.status, 202, started.text);
  assert.equal((await finish_second_step(again, { code: await totp.next() })).status, 200);
  again.close();
});
