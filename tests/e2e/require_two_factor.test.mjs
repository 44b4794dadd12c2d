// "Require 2FA for all users" in Chromium: an administrator (with the app on)
// turns the switch on in the console; an agent without 2FA is sent to the
// Security settings right after the password, told why, cannot reach the
// agent panel, and gets it back once the authenticator app is on. Each test
// has a company of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  catalog, expect_accessible, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_company, add_person, save_security, set_up_app_here, turn_on_app } from './people.mjs';

const en = catalog('en');
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

test('the admin, with the app on, requires 2FA for all users', async () => {
  const admin = await add_company(server);
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, admin, '/admin/');
    await turn_on_app(page, server.url, '/admin/');
    const section = page.getByRole('region', { name: en['admin.security_title'] });
    const required = section.getByRole('checkbox', { name: en['admin.require_two_factor'] });
    await required.waitFor();
    assert.equal(await required.isChecked(), false, 'off by default');
    await required.check();
    const saved = page.waitForResponse((response) => response.url() === `${server.url}/api/admin/security` &&
      response.request().method() === 'PUT');
    await section.getByRole('button', { name: en['admin.save'], exact: true }).click();
    assert.equal((await (await saved).json()).require_two_factor, true);
    assert.equal(await visible_text(section.getByRole('status')), en['admin.saved']);
  });
});

test('an agent without 2FA lands in Security settings, told to set it up, until the app is on', async () => {
  const admin = await add_company(server);
  await save_security(server, admin, {
    lock_mode: 'until_unlocked', two_factor_policy: { skip_days: null }, require_two_factor: true,
  });
  const agent = await add_person(server, { username: 'required', display_name: 'Required Agent', company_admin: admin });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/profile/');
    assert.equal(await visible_text(page.locator('#setup-required')), en['security.setup_required']);
    assert.equal(await page.getByRole('link', { name: en['profile.back_to_agent'] }).isVisible(), false);
    await page.locator('#app-status').getByText(en['two_factor.status_off']).waitFor();
    await expect_accessible(page, 'Security settings, 2FA required');

    // The agent panel sends them back here.
    await page.goto(`${server.url}/agent/`);
    await page.waitForURL(`${server.url}/profile/`);

    await set_up_app_here(page);

    const back = page.getByRole('link', { name: en['profile.back_to_agent'] });
    await back.waitFor();
    assert.equal(await page.getByText(en['security.setup_required']).isVisible(), false);
    await back.click();
    await page.waitForURL(`${server.url}/agent/`);
    await page.getByRole('heading', { name: en['console.agent_title'] }).waitFor();
  });
});
