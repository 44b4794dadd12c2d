// The audit log's Detail column in Chromium: what the server recorded with
// each event reads as text from the catalog, in English and in Chinese, and
// a field the page does not know is shown as "name: value", never as JSON.
// The events come from requests over HTTP before the tests: a wrong
// password, and a wrong code from the agent's authenticator app; and one
// from the operator's command on the server machine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { client, fast_hash_args, repo_root, server_binary } from '../support/server.mjs';
import { finish_second_step, pending_sign_in, with_app_on, wrong_app_code } from '../support/two_factor.mjs';
import {
  catalog, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person, open_admin_console } from './people.mjs';

const catalogs = { 'en': catalog('en'), 'zh-CN': catalog('zh-CN') };
let server;
let browser;
let admin;
let chinese_admin;  // an administrator who speaks Chinese

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
  const stranger = client(server.url);
  const { company, account } = admin;
  const refused = await stranger.post('/api/session', { json: { company, account, password: 'not the password' } });
  assert.equal(refused.status, 401);
  stranger.close();

  const { totp } = await with_app_on(server, 'agent');
  const { browser: agent } = await pending_sign_in(server, 'agent');
  assert.equal((await finish_second_step(agent, { code: await wrong_app_code(totp) })).status, 401);
  agent.close();

  chinese_admin = await add_person(server, { username: 'zhang', display_name: 'Zhang Admin', role: 'admin', language: 'zh-CN' });
});

after(() => stop_server_and_browser(server, browser));

// "Name: value" in `texts`' language.
function field(texts, name_key, value) {
  return fill(texts['audit.detail.field'], { name: texts[name_key], value });
}

// Filters the log by `event` and resolves to the detail cells' texts.
async function details_of(page, event, texts) {
  const section = page.locator('#audit-log');
  await section.getByLabel(texts['field.event'], { exact: true }).selectOption(event);
  const answered = page.waitForResponse((response) => response.url().startsWith(`${server.url}/api/admin/audit-events?`));
  await section.getByRole('button', { name: texts['audit.filter'] }).click();
  assert.equal((await answered).status(), 200);
  await page.locator('#audit-table[aria-busy="false"]').waitFor({ state: 'attached' });
  await section.locator('tbody tr').first().waitFor();
  return section.locator('tbody td[data-label]:last-child').allInnerTexts();
}

function expected_details(texts) {
  return {
    wrong_password: field(texts, 'audit.detail.reason', texts['audit.detail.reason_wrong_password']),
    wrong_code: [
      field(texts, 'audit.detail.method', texts['audit.detail.method_app']),
      field(texts, 'audit.detail.kind', texts['audit.detail.kind_code']),
      fill(texts['audit.detail.attempts_left'], { count: 4 }),
    ].join(' · '),
  };
}

test('the Detail column tells a wrong password and a wrong code in words', async () => {
  const en = catalogs.en;
  await with_page(browser, {}, async (page) => {
    await open_admin_console(page, server.url, admin);
    const expected = expected_details(en);
    assert.deepEqual(await details_of(page, 'sign_in.failed', en), [expected.wrong_password]);
    assert.deepEqual(await details_of(page, 'second_step.failed', en), [expected.wrong_code]);
    assert.equal(expected.wrong_code, 'Method: authenticator app · Code: authentication code · 4 attempts left');
  });
});

test('the Detail column speaks Chinese in a Chinese console', async () => {
  const zh = catalogs['zh-CN'];
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, chinese_admin, '/admin/', { language: 'zh-CN' });
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await page.getByRole('heading', { name: zh['audit.title'] }).waitFor();
    const expected = expected_details(zh);
    assert.deepEqual(await details_of(page, 'sign_in.failed', zh), [expected.wrong_password]);
    assert.deepEqual(await details_of(page, 'second_step.failed', zh), [expected.wrong_code]);
  });
});

test('no detail is shown as JSON, and a field the page does not know reads "name: value"', async () => {
  const en = catalogs.en;
  await with_page(browser, {}, async (page) => {
    // The server's real answer, with fields no page knows added to its newest event.
    await page.route((url) => url.pathname === '/api/admin/audit-events', async (route) => {
      const answer = await route.fetch();
      const body = await answer.json();
      body.events[0].detail = { ...body.events[0].detail, sky: 'blue', window: { width: 3, open: true }, tags: ['a', 'b'] };
      await route.fulfill({ response: answer, json: body });
    });
    await open_admin_console(page, server.url, admin);
    const rows = page.locator('#audit-rows tr');
    await rows.first().waitFor();
    const details = await page.locator('#audit-rows td[data-label]:last-child').allInnerTexts();
    assert.ok(details.length >= 5, `the log has events: ${details.length}`);
    for (const detail of details) assert.doesNotMatch(detail, /[{}[\]"]/, `no JSON in "${detail}"`);
    assert.ok(details[0].endsWith(['sky: blue', 'window.width: 3', `window.open: ${en['audit.detail.yes']}`, 'tags: a, b']
      .join(' · ')), details[0]);
    assert.equal(await visible_text(rows.first().getByRole('cell').nth(0)), en['audit.event.sign_in.succeeded']);
  });
});

test('what the operator did on the server machine reads "Operator" in the By column, in English and Chinese', async () => {
  await promisify(execFile)(server_binary(),
    ['user', 'unlock', '--company', admin.company, '--user', 'agent', '--data-dir', server.data_dir,
      ...server.database_args], { cwd: repo_root });
  for (const [language, person] of [['en', admin], ['zh-CN', chinese_admin]]) {
    const texts = catalogs[language];
    await with_page(browser, {}, async (page) => {
      await sign_in(page, server.url, person, '/admin/', { language });
      await page.getByRole('heading', { name: texts['audit.title'] }).waitFor();
      const [detail] = await details_of(page, 'account.unlocked', texts);
      const row = page.locator('#audit-log tbody tr').first();
      assert.equal(await visible_text(row.locator(`td[data-label="${texts['audit.column_actor']}"]`)), texts['audit.operator']);
      assert.equal(detail, texts['audit.detail.was_not_locked'], 'the By column names the operator, the detail does not');
    });
  }
});
