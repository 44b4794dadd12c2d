// Accessibility of the pages and states the flow tests do not reach, in
// Chromium: every button and link is named by the text it shows (WCAG
// 2.5.3), and buttons that show the same text are told apart by their names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fastHashArgs } from '../support/server.mjs';
import { lockWithWrongCodes, pendingSignIn, withAppOn } from '../support/two_factor.mjs';
import {
  accessible_name, action_name, catalog, names_without_their_label, sign_in, start_server_and_browser,
  stop_server_and_browser, with_page,
} from './browser.mjs';
import { open_admin_console, person_row } from './people.mjs';

const en = catalog('en');
let server;
let browser;
let admin;
let agent;

// The agent has the app on and is locked out: their People row shows every
// button a row can have.
before(async () => {
  ({ server, browser, admin, agent } = await start_server_and_browser({ server: { args: fastHashArgs } }));
  const { totp } = await withAppOn(server, 'agent');
  const { browser: agent_client } = await pendingSignIn(server, 'agent');
  await lockWithWrongCodes(agent_client, totp);
  agent_client.close();
});

after(() => stop_server_and_browser(server, browser));

test('the People row\'s buttons are named by the text they show, then whose row it is', async () => {
  await with_page(browser, {}, async (page) => {
    await open_admin_console(page, server.url, admin);
    const row = person_row(page, agent.account);
    const name = 'Demo Agent';
    const buttons = row.getByRole('button');
    const shown = await buttons.allInnerTexts();
    assert.deepEqual(shown, ['admin.unlock', 'agent.edit', 'agent.disable', 'agent.delete', 'admin.reset_password',
      'admin.get_backup_code', 'admin.turn_off_two_factor', 'admin.forget_browsers'].map((key) => en[key]));
    for (const [index, label] of shown.entries()) {
      assert.equal(await accessible_name(buttons.nth(index)), `${label}, ${name}`);
    }
    assert.equal(await row.getByRole('button', { name: action_name('admin.get_backup_code', name), exact: true }).count(), 1);
    assert.deepEqual(await names_without_their_label(page), []);
  });
});

test('the two "Set up" buttons of Security settings are told apart by the method each sets up', async () => {
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, admin, '/admin/');
    await page.getByRole('link', { name: en['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    await page.locator('#app-status').getByText(en['two_factor.status_off']).waitFor();
    const set_up = page.getByRole('button', { name: en['two_factor.set_up'] });
    assert.equal(await set_up.count(), 2);
    assert.deepEqual([await accessible_name(set_up.nth(0)), await accessible_name(set_up.nth(1))],
      [`${en['two_factor.set_up']} ${en['two_factor.email_name']}`, `${en['two_factor.set_up']} ${en['two_factor.app_name']}`]);
    assert.deepEqual(await names_without_their_label(page), []);
  });
});
