// Counts read right, in Chromium: the pages pass numbers to the catalog's
// plural forms (formatted by the core), so English says "1 login attempt"
// and "2 login attempts", and Chinese counts without plural forms. The
// expected texts are written out here, not taken from the catalog.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { client, fast_hash_args } from '../support/server.mjs';
import { wrong_app_code } from '../support/two_factor.mjs';
import { catalog, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page } from './browser.mjs';
import { add_company, add_person, open_admin_console, with_app_on } from './people.mjs';

const catalogs = { 'en': catalog('en'), 'zh-CN': catalog('zh-CN') };
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

// Signs `person` in on the sign-in page in `language`, up to the code page.
async function code_page_in(page, person, language) {
  const texts = catalogs[language];
  await page.goto(`${server.url}/`);
  await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
  await page.locator('#language').selectOption(language);
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
  await page.getByLabel(texts['sign_in.company'], { exact: true }).fill(person.company);
  await page.getByLabel(texts['sign_in.account'], { exact: true }).fill(person.account);
  await page.getByLabel(texts['sign_in.password'], { exact: true }).fill(person.password);
  await page.getByRole('button', { name: texts['sign_in.submit'] }).click();
  await page.waitForURL(`${server.url}/verify/`);
}

// The code page's warnings after the 3rd and 4th wrong code, in `language`.
async function lock_warnings(person, language) {
  const texts = catalogs[language];
  const { totp } = await with_app_on(server, person);
  const wrong = await wrong_app_code(totp);
  const warnings = [];
  await with_page(browser, { expected_failures: ['/api/session/second-step'] }, async (page) => {
    await code_page_in(page, person, language);
    for (let attempt = 1; attempt <= 4; ++attempt) {
      const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/session/second-step` &&
        response.request().method() === 'POST');
      await page.getByRole('textbox', { name: texts['verify.code_label'] }).fill(wrong);
      await page.getByRole('button', { name: texts['verify.submit'], exact: true }).click();
      assert.equal((await answered).status(), 401);
      const shown = await visible_text(page.locator('#form-alert p'));
      if (attempt >= 3) warnings.push(shown);
    }
  });
  return warnings;
}

test('the lock warning says "2 login attempts", then "1 login attempt"', async () => {
  const person = await add_person(server, { username: 'counting', display_name: 'Counting Agent' });
  assert.deepEqual(await lock_warnings(person, 'en'), [
    'The code is incorrect or has expired. You have 2 login attempts before your account is locked.',
    'The code is incorrect or has expired. You have 1 login attempt before your account is locked.',
  ]);
});

test('the lock warning counts in Chinese', async () => {
  const person = await add_person(server, { username: 'jishu', display_name: 'Ji Shu' });
  assert.deepEqual(await lock_warnings(person, 'zh-CN'), [
    '验证码不正确或已过期。您还有 2 次登录尝试机会，之后账号将被锁定。',
    '验证码不正确或已过期。您还有 1 次登录尝试机会，之后账号将被锁定。',
  ]);
});

test('the People table counts "1 person" and "2 people"', async () => {
  const admin = await add_company(server);
  await with_page(browser, {}, async (page) => {
    await open_admin_console(page, server.url, admin);
    assert.equal(await visible_text(page.locator('#people-page')), 'Page 1 of 1, 1 person in all');
  });
  await add_person(server, { username: 'second', display_name: 'Second Person', company_admin: admin });
  await with_page(browser, {}, async (page) => {
    await open_admin_console(page, server.url, admin);
    assert.equal(await visible_text(page.locator('#people-page')), 'Page 1 of 1, 2 people in all');
  });
});

// Signs `person` in with `backup_codes[0]` in `language`, then uses the
// codes up to `unused` left over HTTP; resolves on their Security settings.
async function backup_codes_left(page, person, backup_codes, unused, language) {
  const texts = catalogs[language];
  await code_page_in(page, person, language);
  await page.getByRole('button', { name: texts['verify.use_backup_code'] }).click();
  await page.getByRole('textbox', { name: texts['verify.backup_code_label'] }).fill(backup_codes[0]);
  await page.getByRole('button', { name: texts['verify.submit'], exact: true }).click();
  await page.waitForURL(`${server.url}/agent/`);
  for (const code of backup_codes.slice(1, backup_codes.length - unused)) {
    const elsewhere = client(server.url);
    const { company, account, password } = person;
    assert.equal((await elsewhere.post('/api/session', { json: { company, account, password } })).status, 202);
    assert.equal((await elsewhere.post('/api/session/second-step', { json: { backup_code: code } })).status, 200);
    elsewhere.close();
  }
  await page.goto(`${server.url}/profile/`);
  await page.locator('#codes-summary').filter({ hasText: /\S/ }).waitFor();
}

test('Security settings tell how many backup codes are unused, and warn of "1 code" and "2 codes" left', async () => {
  for (const [unused, summary, warning] of [
    [9, '9 of 10 codes unused', null],
    [2, '2 of 10 codes unused', 'Only 2 unused backup codes left. Generate new ones.'],
    [1, '1 of 10 codes unused', 'Only 1 unused backup code left. Generate new ones.'],
  ]) {
    const person = await add_person(server, { username: `left${unused}`, display_name: `Left ${unused}` });
    const { backup_codes } = await with_app_on(server, person);
    await with_page(browser, {}, async (page) => {
      await backup_codes_left(page, person, backup_codes, unused, 'en');
      assert.equal(await visible_text(page.locator('#codes-summary')), summary);
      if (warning) assert.equal(await visible_text(page.locator('#backup-low-text')), warning);
      else assert.equal(await page.locator('#backup-low').isHidden(), true, `${unused} left are plenty`);
    });
  }
});

test('Security settings count the backup codes in Chinese', async () => {
  const person = await add_person(server, { username: 'beiyong', display_name: 'Bei Yong' });
  const { backup_codes } = await with_app_on(server, person);
  await with_page(browser, {}, async (page) => {
    await backup_codes_left(page, person, backup_codes, 2, 'zh-CN');
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    assert.equal(await visible_text(page.locator('#codes-summary')), '共 10 个验证码，2 个未使用');
    assert.equal(await visible_text(page.locator('#backup-low-text')), '仅剩 2 个未使用的备用验证码，请生成新的验证码。');
  });
});
