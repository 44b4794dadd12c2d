// The language switch: every text on the page changes, <html lang> follows,
// the choice is remembered on this browser and is the language of the
// session that follows; the signed-in pages' header changes the session's
// language, and Security settings saves it as the account's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { listed_users, signed_in_client } from '../support/two_factor.mjs';
import {
  catalog, expect_accessible, fill, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person } from './people.mjs';

const catalogs = { 'en': catalog('en'), 'zh-CN': catalog('zh-CN') };
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser());
});

after(() => stop_server_and_browser(server, browser));

// Every element that names a catalog text, with the text it shows.
function translated_texts(page) {
  return page.locator('[data-i18n]').evaluateAll(
    (elements) => elements.map((element) => [element.dataset.i18n, element.textContent]));
}

function expected_texts(shown, language) {
  return shown.map(([key]) => [key, catalogs[language][key]]);
}

async function choose_language(page, language) {
  await page.getByRole('combobox').selectOption(language);
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
}

test('choosing 简体中文 translates the whole sign-in page and <html lang>', async () => {
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    const menu = page.locator('#language');
    await menu.locator('option[value="zh-CN"]').waitFor({ state: 'attached' });
    assert.deepEqual(await menu.locator('option').allInnerTexts(), ['English', '简体中文']);

    await choose_language(page, 'zh-CN');
    const zh = catalogs['zh-CN'];
    const shown = await translated_texts(page);
    assert.deepEqual(shown, expected_texts(shown, 'zh-CN'));
    assert.equal(await page.getByLabel(zh['sign_in.company'], { exact: true }).getAttribute('id'), 'company');
    assert.equal(await page.getByLabel(zh['sign_in.language'], { exact: true }).getAttribute('id'), 'language');
    assert.equal(await page.getByRole('button', { name: zh['sign_in.show_password'] }).count(), 1);
    assert.equal(await page.title(), `${zh['sign_in.title']} – ${zh['app.name']}`);

    // Messages written by the page follow the language too.
    await page.getByRole('button', { name: zh['sign_in.submit'] }).click();
    await page.getByRole('heading', { name: zh['sign_in.errors_heading'] }).waitFor();
    assert.equal(await page.locator('#company-error').innerText(),
                 zh['validation.required'].replace('{field}', zh['field.company']));
    await expect_accessible(page, 'sign-in in Chinese, field errors');

    // And back to English, errors included.
    await choose_language(page, 'en');
    const en = catalogs.en;
    const back = await translated_texts(page);
    assert.deepEqual(back, expected_texts(back, 'en'));
    assert.equal(await page.locator('#company-error').innerText(),
                 en['validation.required'].replace('{field}', en['field.company']));
  });
});

test('the chosen language is remembered for the next visit and the legal pages', async () => {
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
    await choose_language(page, 'zh-CN');

    await page.reload();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#language').inputValue(), 'zh-CN');

    const zh = catalogs['zh-CN'];
    for (const [link, title] of [['footer.terms', 'terms.title'], ['footer.privacy', 'privacy.title']]) {
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: zh[link] }).click();
      await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
      const shown = await translated_texts(page);
      assert.deepEqual(shown, expected_texts(shown, 'zh-CN'));
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), zh[title]);
    }
  });
});

test('the language chosen on the sign-in page is the session\'s: the console speaks it', async () => {
  const person = await add_person(server, { username: 'wang', display_name: 'Wang Chose' });
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
    await choose_language(page, 'zh-CN');

    const zh = catalogs['zh-CN'];
    const posted = page.waitForRequest((request) => request.url() === `${server.url}/api/session` && request.method() === 'POST');
    const me = page.waitForResponse(`${server.url}/api/me`);
    await page.getByLabel(zh['sign_in.company'], { exact: true }).fill(person.company);
    await page.getByLabel(zh['sign_in.account'], { exact: true }).fill(person.account);
    await page.getByLabel(zh['sign_in.password'], { exact: true }).fill(person.password);
    await page.getByRole('button', { name: zh['sign_in.submit'] }).click();
    assert.equal((await posted).postDataJSON().language, 'zh-CN');
    await page.waitForURL(`${server.url}/agent/`);

    assert.equal((await (await me).json()).user.language, 'zh-CN');
    await page.locator('#console-overview').waitFor({ state: 'visible' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.getByRole('button', { name: zh['console.sign_out'] }).count(), 1);
    const shown = await translated_texts(page);
    assert.deepEqual(shown, expected_texts(shown, 'zh-CN'));
    assert.equal(await page.locator('#language').inputValue(), 'zh-CN', 'the header\'s menu shows it');
  });
});

// Signs `person` in through the English sign-in page.
async function sign_in_in_english(page, person, landing) {
  await page.goto(`${server.url}/`);
  await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
  await choose_language(page, 'en');
  await page.getByLabel('Company', { exact: true }).fill(person.company);
  await page.getByLabel('Account', { exact: true }).fill(person.account);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: catalogs.en['sign_in.submit'] }).click();
  await page.waitForURL(`${server.url}${landing}`);
}

// The language an account is saved with (null: the company's), as the admin console lists it.
async function account_language(username) {
  const admin = await signed_in_client(server, 'admin');
  try {
    return (await listed_users(admin, username)).find((user) => user.username === username).language;
  } finally {
    admin.close();
  }
}

// Chooses `language` in the signed-in page's header and resolves to the PUT it sent.
async function change_session_language(page, language) {
  const changed = page.waitForResponse((response) => response.url() === `${server.url}/api/me/language`);
  await page.locator('#language').selectOption(language);
  const answer = await changed;
  assert.equal(answer.status(), 200, await answer.text());
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
  return answer.request().postDataJSON();
}

test('the header\'s menu changes the session\'s language, not the account\'s', async () => {
  const person = await add_person(server, { username: 'zhou', display_name: 'Zhou Switch' });
  const zh = catalogs['zh-CN'];
  await with_page(browser, {}, async (page) => {
    await sign_in_in_english(page, person, '/agent/');
    await page.locator('#console-overview').waitFor({ state: 'visible' });
    assert.deepEqual(await change_session_language(page, 'zh-CN'), { language: 'zh-CN', save: false });
    const shown = await translated_texts(page);
    assert.deepEqual(shown, expected_texts(shown, 'zh-CN'));
    assert.equal(await page.locator('#signed-in-as').innerText(), fill(zh['console.signed_in_as'], { name: 'Zhou Switch' }));
    assert.equal(await page.locator('#profile-role').innerText(), zh['console.role_agent']);

    // The session keeps it.
    await page.reload();
    await page.locator('#console-overview').waitFor({ state: 'visible' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  });
  assert.equal(await account_language('zhou'), null, 'the account keeps its own');
});

test('Security settings saves the session\'s language as the account\'s', async () => {
  const person = await add_person(server, { username: 'zhao', display_name: 'Zhao Saves' });
  const zh = catalogs['zh-CN'];
  await with_page(browser, {}, async (page) => {
    await sign_in_in_english(page, person, '/agent/');
    await page.getByRole('link', { name: catalogs.en['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    await page.getByRole('heading', { name: catalogs.en['profile.language_heading'] }).waitFor();
    await change_session_language(page, 'zh-CN');
    const section = page.getByRole('region', { name: zh['profile.language_heading'] });
    const saved = page.waitForRequest((request) => request.url() === `${server.url}/api/me/language`);
    await section.getByRole('button', { name: fill(zh['profile.language_save'], { language: '简体中文' }) }).click();
    assert.deepEqual((await saved).postDataJSON(), { language: 'zh-CN', save: true });
    assert.equal(await visible_text(section.getByRole('status')), fill(zh['profile.language_saved'], { language: '简体中文' }));
  });
  assert.equal(await account_language('zhao'), 'zh-CN');
});

test("without a stored choice the page starts in the browser's preferred language", async () => {
  await with_page(browser, { locale: 'zh-CN' }, async (page) => {
    await page.goto(`${server.url}/`);
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#language').inputValue(), 'zh-CN');
    const shown = await translated_texts(page);
    assert.deepEqual(shown, expected_texts(shown, 'zh-CN'));
  });
});
