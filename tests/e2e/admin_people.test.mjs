// The admin console's People and Security sections in Chromium: the list of
// the company's people with search, the lock mode saved on the server (and a
// field error for minutes out of range) and what a timed lock tells the
// person locked out, a phone-sized screen, and an agent who sees none of it.
// A test that counts people or changes settings has a company of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import { wrong_app_code } from '../support/two_factor.mjs';
import {
  catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import {
  add_company, add_person, open_admin_console, person_row, save_security, search_people, with_app_on,
} from './people.mjs';

const en = catalog('en');
const zh = catalog('zh-CN');
let server;
let browser;
let agent;
let admin;

before(async () => {
  ({ server, browser, agent, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

test('the People table lists the company\'s people, and search narrows it', async () => {
  const admin = await add_company(server);
  const agent = await add_person(server, { username: 'agent', display_name: 'Agent Lee', company_admin: admin });
  await with_page(browser, {}, async (page) => {
    const everyone = await open_admin_console(page, server.url, admin);
    assert.equal(everyone.total, 2, 'the company has an admin and an agent');
    const table = page.getByRole('table', { name: en['admin.table_caption'] });
    const headers = await table.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(headers, ['admin.column_name', 'admin.column_username', 'admin.column_email', 'admin.column_role',
      'admin.column_two_factor', 'admin.column_status', 'admin.column_last_sign_in', 'admin.column_actions'].map((key) => en[key]));
    assert.equal(await page.locator('#people-rows tr').count(), 2);
    assert.equal(await visible_text(page.locator('#people-page')), fill(en['admin.page_of'], { page: 1, pages: 1, total: 2 }));
    const pager = page.getByRole('navigation', { name: en['admin.pages_label'] });
    assert.equal(await pager.getByRole('button', { name: en['admin.previous'] }).isDisabled(), true);
    assert.equal(await pager.getByRole('button', { name: en['admin.next'] }).isDisabled(), true);

    // The admin has just signed in: the last sign-in is shown in local time; the agent never has.
    const admin_row = person_row(page, admin.account);
    assert.equal(await visible_text(admin_row.getByRole('cell').nth(2)), en['console.role_admin']);
    assert.equal(await visible_text(admin_row.getByRole('cell').nth(3)), en['admin.two_factor_off']);
    assert.equal(await visible_text(admin_row.locator('.status-badge')), en['admin.status_active']);
    const signed_in_at = await admin_row.locator('time').getAttribute('datetime');
    const listed_admin = everyone.users.find((user) => user.username === admin.account);
    assert.equal(signed_in_at, listed_admin.last_sign_in_at);
    const local = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(signed_in_at));
    assert.equal(await admin_row.locator('time').innerText(), local);
    assert.equal(await visible_text(person_row(page, agent.account).getByRole('cell').nth(5)), en['admin.never']);
    await expect_accessible(page, 'People');

    const agents = await search_people(page, server.url, 'agent');
    assert.equal(agents.total, 1);
    assert.equal(await page.locator('#people-rows tr').count(), 1);
    await person_row(page, agent.account).waitFor();
    assert.equal(await visible_text(page.locator('#people-page')), fill(en['admin.page_of'], { page: 1, pages: 1, total: 1 }));

    const query = 'nobody-by-this-name';
    const nobody = await search_people(page, server.url, query);
    assert.equal(nobody.total, 0);
    assert.equal(await page.locator('#people-rows tr').count(), 0);
    assert.equal(await visible_text(page.locator('#people-empty')), fill(en['admin.no_people'], { query }));
    await expect_accessible(page, 'People, nobody found');
  });
});

test('on a phone each person is a card that fits the screen', async () => {
  await with_page(browser, {}, async (page) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await open_admin_console(page, server.url, admin);
    const row = person_row(page, agent.account);
    await row.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'nothing wider than the screen');
    // The column names are shown beside each value (the header row is hidden on a phone);
    // screen readers keep the table's own column headers.
    const username = row.getByRole('cell', { name: agent.account, exact: true });
    const label = await username.evaluate((cell) => getComputedStyle(cell, '::before').content);
    assert.ok(label.startsWith(JSON.stringify(en['admin.column_username'])), label);
    assert.equal(await page.getByRole('columnheader', { name: en['admin.column_username'] }).count(), 1);
    await expect_accessible(page, 'People on a phone');
  });
});

test('the lock mode is saved on the server, and minutes out of range are refused with a field error', async () => {
  const admin = await add_company(server);
  await with_page(browser, { expected_failures: ['/api/admin/security'] }, async (page) => {
    await open_admin_console(page, server.url, admin);
    const section = page.getByRole('region', { name: en['admin.security_title'] });
    const until_unlocked = section.getByRole('radio', { name: en['admin.lock_until_unlocked'] });
    const timed = section.getByRole('radio', { name: en['admin.lock_timed'] });
    const minutes = section.getByRole('textbox', { name: en['admin.lock_minutes_label'] });
    const save = section.getByRole('button', { name: en['admin.save'], exact: true });
    await until_unlocked.waitFor();
    assert.equal(await until_unlocked.isChecked(), true, 'locked until an administrator unlocks, by default');
    assert.equal(await minutes.isDisabled(), true);
    assert.equal(await minutes.inputValue(), '5', 'a timed lock starts from the server\'s default');

    await timed.check();
    await minutes.fill('0');
    await save.click();
    const message = fill(en['validation.out_of_range'], { field: en['admin.field_lock_minutes'] });
    assert.equal(await visible_text(section.locator('#lock_minutes-error')), message);
    assert.equal(await minutes.getAttribute('aria-invalid'), 'true');
    assert.equal(await minutes.evaluate((input) => input === document.activeElement), true);
    assert.equal(await visible_text(section.getByRole('alert')), message);
    await expect_accessible(page, 'Security, minutes out of range');

    await minutes.fill('5');
    const unchanged_policy = {
      default_lock_minutes: 5,
      two_factor_policy: { skip_days: null }, require_two_factor: false,
      ask_second_factor: { every_sign_in: true, new_device: false, new_location: false },
    };
    const saved = page.waitForResponse((response) => response.url() === `${server.url}/api/admin/security` &&
      response.request().method() === 'PUT');
    await save.click();
    assert.deepEqual(await (await saved).json(), { lock_mode: 'timed', lock_minutes: 5, ...unchanged_policy });
    assert.equal(await visible_text(section.getByRole('status')), en['admin.saved']);
    assert.equal(await section.locator('#lock_minutes-error').isHidden(), true);

    const reloaded = page.waitForResponse(`${server.url}/api/admin/security`);
    await page.reload();
    assert.deepEqual(await (await reloaded).json(), { lock_mode: 'timed', lock_minutes: 5, ...unchanged_policy });
    await timed.waitFor();
    assert.equal(await timed.isChecked(), true);
    assert.equal(await minutes.inputValue(), '5');
    assert.equal(await minutes.isDisabled(), false);
  });
});

test('the agent panel shows none of it, and the admin API refuses an agent', async () => {
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/agent/');
    await page.locator('#console-overview').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#people, #security').count(), 0);
    const answer = await page.request.get(`${server.url}/api/admin/users`);
    assert.equal(answer.status(), 403);
    assert.equal((await answer.json()).error.code, 'forbidden');
  });
});

test('with a lock of five minutes, the fifth wrong code locks for five minutes, and the pages say so', async () => {
  const admin = await add_company(server);
  await save_security(server, admin, {
    lock_mode: 'timed', lock_minutes: 5, two_factor_policy: { skip_days: null }, require_two_factor: false,
  });
  const agent = await add_person(server, { username: 'timed', display_name: 'Timed Lock', company_admin: admin });
  const { totp } = await with_app_on(server, agent);
  const timed = fill(en['error.account_locked_timed'], { minutes: 5 });
  await with_page(browser, { expected_failures: ['/api/session/second-step', '/api/session'] }, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    const code = page.getByRole('textbox', { name: en['verify.code_label'] });
    const wrong = await wrong_app_code(totp);
    for (let attempt = 1; attempt <= 5; ++attempt) {
      const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/session/second-step` &&
        response.request().method() === 'POST');
      await code.fill(wrong);
      await page.getByRole('button', { name: en['verify.submit'] }).click();
      assert.equal((await answered).status(), attempt < 5 ? 401 : 403);
      await page.locator('#form-alert p').waitFor();  // the page has shown the answer and takes the next code
    }
    assert.equal(await visible_text(page.locator('#form-alert p')), timed);
    await page.getByRole('link', { name: en['nav.back_to_sign_in'] }).click();
    await page.waitForURL(`${server.url}/`);

    // The sign-in page answers the right password as a wrong one (the lock
    // is told by mail, never to whoever types the password), here in Chinese.
    await page.getByLabel(en['sign_in.language']).selectOption('zh-CN');
    await page.getByRole('heading', { name: zh['sign_in.title'] }).waitFor();
    await page.getByLabel(zh['sign_in.company'], { exact: true }).fill(agent.company);
    await page.getByLabel(zh['sign_in.account'], { exact: true }).fill(agent.account);
    await page.getByLabel(zh['sign_in.password'], { exact: true }).fill(agent.password);
    await page.getByRole('button', { name: zh['sign_in.submit'] }).click();
    assert.equal(await visible_text(page.locator('#form-alert p')), zh['error.sign_in_failed']);
  });

  // The admin sees the lock too.
  await with_page(browser, {}, async (page) => {
    await open_admin_console(page, server.url, admin);
    assert.equal(await visible_text(person_row(page, agent.account).locator('.status-badge')), en['admin.status_locked']);
  });
});
