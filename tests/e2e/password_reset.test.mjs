// Passwords in Chromium: the forgot-password link, read from the outbox's
// .eml file, sets a new password that then signs in; an admin adds an agent
// with a temporary password, and the agent's first sign-in is made to choose
// a new one. Each test has a person of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mailbox } from '../support/mail.mjs';
import { fast_hash_args } from '../support/server.mjs';
import {
  catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person } from './people.mjs';

const en = catalog('en');
let server;
let browser;
let inbox;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
  inbox = mailbox(path.join(server.data_dir, 'outbox'));
});

after(() => stop_server_and_browser(server, browser));

async function choose_password(page, password) {
  await page.locator('#password').fill(password);
  await page.locator('#confirm').fill(password);
  await page.getByRole('button', { name: en['reset.submit'] }).click();
}

test('the forgot-password mail\'s link sets a new password, and the agent signs in with it', async () => {
  const agent = await add_person(server, { username: 'forgetful', display_name: 'Forgetful Agent' });
  const { company } = agent;
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: en['sign_in.forgot_password'] }).click();
    await page.waitForURL(`${server.url}/forgot/`);
    await page.getByLabel('Company', { exact: true }).fill(company);
    await page.getByLabel('Account', { exact: true }).fill(agent.account);
    await page.getByRole('button', { name: en['forgot.submit'] }).click();
    assert.equal(await visible_text(page.locator('#forgot-sent')), en['forgot.sent']);
    await expect_accessible(page, 'forgot password, link sent');
  });

  const mail = await inbox.next({ to: agent.email, subject: fill(en['mail.password.forgot_link.subject'], { product: 'Twofold' }) });
  const link = /(http:\/\/\S+\/reset\/#token=[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  assert.ok(link?.startsWith(`${server.url}/`), `a link to this server in:\n${mail.text}`);

  await with_page(browser, {}, async (page) => {
    await page.goto(link);
    await page.getByRole('heading', { name: en['reset.title'] }).waitFor();
    assert.ok(!page.url().includes('token'), 'the token left the address bar');
    await page.locator('#password').fill('one passphrase');
    await page.locator('#confirm').fill('another passphrase');
    await page.getByRole('button', { name: en['reset.submit'] }).click();
    await page.locator('#confirm-error').getByText(en['reset.mismatch']).waitFor();
    await expect_accessible(page, 'reset, the passwords differ');
    await choose_password(page, 'the agent\'s new passphrase');
    assert.equal(await visible_text(page.locator('#password-done')), en['reset.done']);
    await expect_accessible(page, 'reset, done');
    await page.getByRole('link', { name: en['reset.sign_in'] }).click();
    await page.waitForURL(`${server.url}/`);
  });

  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, { company, account: agent.account, password: 'the agent\'s new passphrase' }, '/agent/');
  });
});

test('an admin adds an agent with a temporary password; the agent\'s first sign-in chooses a new one', async () => {
  const { company, admin } = server.demo;
  await with_page(browser, { expected_failures: ['/api/admin/users'] }, async (page) => {
    await sign_in(page, server.url, { company, account: admin.account, password: admin.password }, '/admin/');
    await page.getByRole('button', { name: en['admin.add_agent'] }).click();
    await page.locator('#display_name').fill('Dana New');
    await page.locator('#username').fill('dana');
    await page.locator('#email').fill('dana@demo.example');
    await page.locator('#temporary_password').fill('short');
    await page.getByRole('button', { name: en['admin.create_submit'], exact: true }).click();
    await page.locator('#temporary_password-error')
      .getByText(fill(en['validation.too_short'], { field: en['field.temporary_password'] })).waitFor();
    await expect_accessible(page, 'People, add a person with a field error');
    await page.locator('#temporary_password').fill('violet tractor 42');
    await page.getByRole('button', { name: en['admin.create_submit'], exact: true }).click();
    assert.equal(await visible_text(page.locator('#people-status')), fill(en['admin.created'], { name: 'Dana New' }));
    await page.locator('#people-rows tr', { hasText: 'dana@demo.example' }).waitFor();
  });

  await with_page(browser, { expected_failures: ['/api/session/new-password'] }, async (page) => {
    await sign_in(page, server.url, { company, account: 'dana', password: 'violet tractor 42' }, '/new-password/');
    await page.getByText(en['new_password.intro']).waitFor();
    await expect_accessible(page, 'new password');
    await choose_password(page, 'violet tractor 42');
    await page.locator('#password-error')
      .getByText(en['validation.same_password']).waitFor();
    await expect_accessible(page, 'new password, the same password again');
    await choose_password(page, 'she chose her own');
    await page.waitForURL(`${server.url}/agent/`);
  });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, { company, account: 'dana', password: 'she chose her own' }, '/agent/');
  });
});
