// Accessibility in Chromium of the pages and states the flow tests do not
// reach (those check theirs where they reach them): axe-core finds no
// violation, in English and in Chinese (whose texts differ in length), and
// every button and link is named by the text it shows (WCAG 2.5.3), with
// same-looking buttons told apart by their names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign_in_person } from '../support/people.mjs';
import { client, fast_hash_args } from '../support/server.mjs';
import { lock_with_wrong_codes, pending_sign_in, turn_on_app, with_app_on } from '../support/two_factor.mjs';
import {
  accessible_name, action_name, catalog, expect_accessible, names_without_their_label, sign_in,
  start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person, open_admin_console, person_row } from './people.mjs';

const catalogs = { 'en': catalog('en'), 'zh-CN': catalog('zh-CN') };
const en = catalogs.en;
let server;
let browser;
let admin;
let agent;
let carol;          // an agent with the app on: the code page
let zhang;          // an administrator, signing in in Chinese
let li;             // an agent, signing in in Chinese

// The demo agent has the app on and is locked out: their People row shows
// every button a row can have.
before(async () => {
  ({ server, browser, admin, agent } = await start_server_and_browser({ server: { args: fast_hash_args } }));
  const { totp } = await with_app_on(server, 'agent');
  const { browser: agent_client } = await pending_sign_in(server, 'agent');
  await lock_with_wrong_codes(agent_client, totp);
  agent_client.close();
  carol = await add_person(server, { username: 'carol', display_name: 'Carol Code' });
  zhang = await add_person(server, { username: 'zhang', display_name: '张伟', role: 'admin', language: 'zh-CN' });
  li = await add_person(server, { username: 'li', display_name: '李娜', language: 'zh-CN' });
  const session = client(server.url);
  await sign_in_person(session, carol);
  await turn_on_app(session);
  session.close();
});

after(() => stop_server_and_browser(server, browser));

async function choose_language(page, language) {
  await page.locator('#language').selectOption(language);
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
}

// The page at `path` once its catalog is applied (its language menu is filled).
async function open_public_page(page, path) {
  await page.goto(`${server.url}${path}`);
  await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
}

test('the pages before sign-in, empty and with errors, in English and Chinese', async () => {
  await with_page(browser, { expected_failures: ['/api/session/new-password'] }, async (page) => {
    for (const language of ['en', 'zh-CN']) {
      const texts = catalogs[language];
      await open_public_page(page, '/');
      await choose_language(page, language);
      await expect_accessible(page, `sign-in (${language})`);
      await page.getByRole('button', { name: texts['sign_in.submit'] }).click();
      await page.locator('#company-error').waitFor();
      await expect_accessible(page, `sign-in with field errors (${language})`);

      await open_public_page(page, '/forgot/');
      await expect_accessible(page, `forgot password (${language})`);
      await page.getByRole('button', { name: texts['forgot.submit'] }).click();
      await page.locator('#company-error').waitFor();
      await expect_accessible(page, `forgot password with field errors (${language})`);

      await open_public_page(page, '/reset/#token=a-token-from-a-mail');
      await expect_accessible(page, `reset (${language})`);
      await page.locator('#password').fill('one passphrase');
      await page.locator('#confirm').fill('another one');
      await page.getByRole('button', { name: texts['reset.submit'] }).click();
      await page.locator('#confirm-error').waitFor();
      await expect_accessible(page, `reset with a mismatch (${language})`);

      await open_public_page(page, '/reset/');
      await page.locator('#ask-again').waitFor();
      await expect_accessible(page, `reset without a link (${language})`);

      await open_public_page(page, '/new-password/');
      await page.locator('#password-next').waitFor();
      await expect_accessible(page, `new password without a sign-in (${language})`);

      for (const path of ['/terms.html', '/privacy.html']) {
        await open_public_page(page, path);
        await expect_accessible(page, `${path} (${language})`);
      }
    }
  });
});

test('the code page: the app\'s prompt, the backup-code field and a field error, in English and Chinese', async () => {
  await with_page(browser, {}, async (page) => {
    for (const language of ['en', 'zh-CN']) {
      const texts = catalogs[language];
      await sign_in(page, server.url, carol, '/verify/');
      await page.locator('#code').waitFor();
      await choose_language(page, language);
      await expect_accessible(page, `code page, app (${language})`);
      await page.getByRole('textbox', { name: texts['verify.code_label'] }).fill('12a456');
      await page.getByRole('button', { name: texts['verify.submit'], exact: true }).click();
      await page.locator('#code-error').waitFor();
      await expect_accessible(page, `code page, field error (${language})`);
      await page.getByRole('button', { name: texts['verify.use_backup_code'] }).click();
      await expect_accessible(page, `code page, backup code (${language})`);
      await page.getByRole('button', { name: texts['verify.cancel'] }).click();
      await page.waitForURL(`${server.url}/`);
      await choose_language(page, 'en');
    }
  });
});

test('the sign-in page of a locked account, in Chinese', async () => {
  const zh = catalogs['zh-CN'];
  await with_page(browser, { expected_failures: ['/api/session'] }, async (page) => {
    await open_public_page(page, '/');
    await choose_language(page, 'zh-CN');
    await page.getByLabel(zh['sign_in.company'], { exact: true }).fill(agent.company);
    await page.getByLabel(zh['sign_in.account'], { exact: true }).fill(agent.account);
    await page.getByLabel(zh['sign_in.password'], { exact: true }).fill(agent.password);
    await page.getByRole('button', { name: zh['sign_in.submit'] }).click();
    // A locked account's right password is answered as a wrong one.
    assert.equal(await visible_text(page.locator('#form-alert p')), zh['error.sign_in_failed']);
    await expect_accessible(page, 'sign-in, account locked (zh-CN)');
  });
});

// The admin console as `person` sees it: every section, each dialog of the
// locked agent's row, the forms of the People section with their errors.
async function walk_admin_console(page, person, language) {
  const texts = catalogs[language];
  const where = (state) => `admin console, ${state} (${language})`;
  await open_admin_console(page, server.url, person, { language });
  await page.locator('#audit-rows tr').first().waitFor();
  await page.locator('#security-form input:checked').first().waitFor({ state: 'attached' });
  await expect_accessible(page, where('People, Security and Audit log'));

  const row = person_row(page, agent.account);
  const name = await visible_text(row.getByRole('rowheader'));
  const dialogs = [
    ['agent.edit', texts['agent.edit_title']],
    ['agent.delete', null],
    ['admin.get_backup_code', null],
    ['admin.turn_off_two_factor', null],
  ];
  for (const [key, title] of dialogs) {
    await row.getByRole('button', { name: action_name(key, name, texts) }).click();
    const dialog = page.getByRole('dialog', title ? { name: title } : {});
    await dialog.waitFor();
    await expect_accessible(page, where(`${texts[key]} dialog`));
    if (key === 'admin.get_backup_code') {
      await dialog.getByRole('button', { name: texts['admin.generate_code'] }).click();
      await dialog.getByRole('textbox').waitFor();
      await expect_accessible(page, where('a backup code shown'));
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }

  await row.getByRole('button', { name: action_name('admin.reset_password', name, texts) }).click();
  await page.locator('#reset-password').waitFor();
  await expect_accessible(page, where('reset password form'));
  await page.locator('#reset-password-cancel').click();

  await page.getByRole('button', { name: texts['admin.add_agent'] }).click();
  await page.getByRole('button', { name: texts['admin.create_submit'], exact: true }).click();
  await page.locator('#create-agent-alert').getByRole('heading').waitFor();
  await expect_accessible(page, where('add a person, with field errors'));
}

test('the admin console in English: every section, each row dialog and form', async () => {
  await with_page(browser, { expected_failures: ['/api/admin/users'] }, async (page) => {
    await walk_admin_console(page, admin, 'en');
  });
});

test('the admin console in Chinese: every section, each row dialog and form', async () => {
  await with_page(browser, { expected_failures: ['/api/admin/users'] }, async (page) => {
    await walk_admin_console(page, zhang, 'zh-CN');
  });
});

test('Security settings and the agent panel in Chinese', async () => {
  const zh = catalogs['zh-CN'];
  await with_page(browser, {}, async (page) => {
    // An administrator without 2FA: both methods to set up.
    await sign_in(page, server.url, zhang, '/admin/', { language: 'zh-CN' });
    await page.getByRole('link', { name: zh['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    await page.locator('#app-status').getByText(zh['two_factor.status_off']).waitFor();
    await expect_accessible(page, 'Security settings (zh-CN)');
    await page.locator('#app-set-up').click();
    await page.locator('#totp-secret').filter({ hasText: /\S/ }).waitFor();
    await expect_accessible(page, 'Security settings, app setup with its QR Code (zh-CN)');
    await page.getByRole('button', { name: zh['two_factor.next'] }).click();
    await page.getByRole('dialog', { name: zh['two_factor.code_dialog_title'] }).waitFor();
    await expect_accessible(page, 'Security settings, code dialog (zh-CN)');
  });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, li, '/agent/', { language: 'zh-CN' });
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await page.getByRole('heading', { name: zh['console.agent_title'] }).waitFor();
    await expect_accessible(page, 'agent panel (zh-CN)');
  });
});

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

test('the three "Set up" buttons of Security settings are told apart by the method each sets up', async () => {
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, admin, '/admin/');
    await page.getByRole('link', { name: en['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    await page.locator('#app-status').getByText(en['two_factor.status_off']).waitFor();
    const set_up = page.getByRole('button', { name: en['two_factor.set_up'] });
    assert.equal(await set_up.count(), 3);
    assert.deepEqual(await Promise.all([0, 1, 2].map((i) => accessible_name(set_up.nth(i)))),
      ['two_factor.email_name', 'two_factor.app_name', 'two_factor.sms_name'].map((name) => `${en['two_factor.set_up']} ${en[name]}`));
    assert.deepEqual(await names_without_their_label(page), []);
  });
});
