// The language switch: every text on the page changes, <html lang> follows,
// the choice is remembered on this browser, and after sign-in the console
// speaks the signed-in person's language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, expect_accessible, start_server_and_browser, stop_server_and_browser, with_page } from './browser.mjs';

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

test("after sign-in the console speaks the user's language, not the one chosen before", async () => {
  await with_page(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
    await choose_language(page, 'zh-CN');

    const me = page.waitForResponse(`${server.url}/api/me`);
    const zh = catalogs['zh-CN'];
    await page.getByLabel(zh['sign_in.company'], { exact: true }).fill(server.demo.company);
    await page.getByLabel(zh['sign_in.account'], { exact: true }).fill(server.demo.admin.account);
    await page.getByLabel(zh['sign_in.password'], { exact: true }).fill(server.demo.admin.password);
    await page.getByRole('button', { name: zh['sign_in.submit'] }).click();
    await page.waitForURL(`${server.url}/admin/`);

    const { user } = await (await me).json();
    const language = user.language in catalogs ? user.language : 'en';
    await page.locator('#console-overview').waitFor({ state: 'visible' });
    assert.equal(await page.locator('html').getAttribute('lang'), language);
    assert.equal(await page.getByRole('button', { name: catalogs[language]['console.sign_out'] }).count(), 1);
    const shown = await translated_texts(page);
    assert.deepEqual(shown, expected_texts(shown, language));
  });
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
