// "Don't ask again" in Chromium: an administrator lets agents skip 2FA for
// 30 days in the console's Security section; the agent signs in with a code
// from oathtool, ticks "Don't ask again for 30 days", signs out and signs in
// again with the password alone; a fresh browser (context) is asked for the
// code again. Later sign-ins use backup codes, each once, so that no test
// waits for the clock. Each test has a company of its own, whose agent's
// app is turned on over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  action_name, catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_company, add_person, person_row, save_security, with_app_on } from './people.mjs';

const en = catalog('en');
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

// A company of the test's own whose agents may skip 2FA for 30 days, and its
// agent with the app on: {admin, agent, second_factor: {totp, backup_codes}}.
async function company_trusting_for_30_days() {
  const admin = await add_company(server);
  await save_security(server, admin, { lock_mode: 'until_unlocked', two_factor_policy: { skip_days: 30 }, require_two_factor: false });
  const agent = await add_person(server, { username: 'agent', display_name: 'Trusting Agent', company_admin: admin });
  return { admin, agent, second_factor: await with_app_on(server, agent) };
}

after(() => stop_server_and_browser(server, browser));

async function sign_out(page) {
  await page.getByRole('button', { name: en['console.sign_out'], exact: true }).click();
  await page.waitForURL(`${server.url}/`);
}

test('the admin lets agents skip 2FA for 30 days', async () => {
  const admin = await add_company(server);
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, admin, '/admin/');
    const section = page.getByRole('region', { name: en['admin.security_title'] });
    const every_login = section.getByRole('radio', { name: en['admin.policy_every_login'] });
    await every_login.waitFor();
    assert.equal(await every_login.isChecked(), true, 'every login is the default');
    await section.getByText(en['admin.policy_hint']).waitFor();
    await section.getByRole('radio', { name: fill(en['admin.policy_skip_days'], { days: 30 }) }).check();
    const saved = page.waitForResponse((response) => response.url() === `${server.url}/api/admin/security` &&
      response.request().method() === 'PUT');
    await section.getByRole('button', { name: en['admin.save'], exact: true }).click();
    const answer = await saved;
    assert.equal(answer.status(), 200);
    assert.deepEqual((await answer.json()).two_factor_policy, { skip_days: 30 });
    assert.equal(await visible_text(section.getByRole('status')), en['admin.saved']);
  });
});

test('"Don\'t ask again for 30 days" lets the agent sign in again without a code; a fresh browser is asked', async () => {
  const { agent, second_factor } = await company_trusting_for_30_days();
  const remember_label = fill(en['verify.remember'], { days: 30 });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    const remember = page.getByRole('checkbox', { name: remember_label });
    await remember.waitFor();
    assert.equal(await remember.isChecked(), false, 'not ticked unless the agent ticks it');
    await expect_accessible(page, 'code page, "Don\'t ask again"');
    // The step after the one that turned the app on: the server takes it
    // at once, being at most one step ahead of its clock (RFC 6238 §5.2).
    await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(await second_factor.totp.next());
    await remember.check();
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/agent/`);
    const cookies = await page.context().cookies();
    const trusted = cookies.find((cookie) => cookie.name === 'twofold_trusted_browser');
    assert.ok(trusted, 'the browser keeps the trusted-browser cookie');
    assert.equal(trusted.httpOnly, true);
    assert.equal(trusted.sameSite, 'Strict');

    // Security settings list this browser.
    await page.getByRole('link', { name: en['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    const trusted_section = page.getByRole('region', { name: en['trusted.heading'] });
    await trusted_section.getByText(en['trusted.this_browser'], { exact: false }).waitFor();
    await expect_accessible(page, 'Security settings, trusted browsers');
    await page.goto(`${server.url}/agent/`);

    await sign_out(page);
    await sign_in(page, server.url, agent, '/agent/');  // no code page on the way
    await page.getByRole('heading', { name: en['console.agent_title'] }).waitFor();
    await sign_out(page);
  });

  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    await page.getByRole('textbox', { name: en['verify.code_label'] }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: remember_label }).isVisible(), true);
  });
});

// Signs `agent` in with a backup code not used before, ticking "Don't ask
// again", on `page`.
async function sign_in_remembered(page, agent, second_factor) {
  await sign_in(page, server.url, agent, '/verify/');
  await page.getByRole('button', { name: en['verify.use_backup_code'] }).click();
  await page.getByRole('textbox', { name: en['verify.backup_code_label'] }).fill(second_factor.backup_codes.shift());
  await page.getByRole('checkbox', { name: fill(en['verify.remember'], { days: 30 }) }).check();
  const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/session/second-step` &&
    response.request().method() === 'POST');
  await page.getByRole('button', { name: en['verify.submit'] }).click();
  const answer = await answered;
  assert.equal(answer.status(), 200, answer.status() === 200 ? '' : await answer.text());
  await page.waitForURL(`${server.url}/agent/`);
}

test('the agent forgets the trusted browsers in Security settings: the next sign-in asks for a code', async () => {
  const { agent, second_factor } = await company_trusting_for_30_days();
  await with_page(browser, {}, async (page) => {
    await sign_in_remembered(page, agent, second_factor);
    await page.getByRole('link', { name: en['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    const section = page.getByRole('region', { name: en['trusted.heading'] });
    await section.getByText(en['trusted.this_browser'], { exact: false }).waitFor();
    await section.getByRole('button', { name: en['trusted.forget_all'] }).click();
    assert.equal(await visible_text(section.getByRole('status')), en['trusted.forgotten']);
    await expect_accessible(page, 'Security settings, trusted browsers forgotten');
    await section.getByText(en['trusted.none']).waitFor();
    await page.getByRole('button', { name: en['console.sign_out'], exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await sign_in(page, server.url, agent, '/verify/');
  });
});

test('an administrator forgets the agent\'s trusted browsers from the People table', async () => {
  const { admin, agent, second_factor } = await company_trusting_for_30_days();
  await with_page(browser, {}, async (agent_page) => {
    await sign_in_remembered(agent_page, agent, second_factor);
    await sign_out(agent_page);
    await with_page(browser, {}, async (admin_page) => {
      await sign_in(admin_page, server.url, admin, '/admin/');
      const row = person_row(admin_page, agent.account);
      const name = await visible_text(row.getByRole('rowheader'));
      const forget = row.getByRole('button', { name: action_name('admin.forget_browsers', name) });
      await forget.click();
      const status = admin_page.locator('#people-status');
      assert.equal(await visible_text(status), fill(en['admin.browsers_forgotten'], { name }));
    });
    await sign_in(agent_page, server.url, agent, '/verify/');
  });
});
