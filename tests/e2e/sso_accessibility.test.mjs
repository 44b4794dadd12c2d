// Accessibility in Chromium of single sign-on's pages and states, in
// English and in Chinese: axe-core finds no violation, and every button and
// link is named by the text it shows (WCAG 2.5.3). The sign-in page with
// the company's buttons and with a refused sign-on; the bind page with its
// form, its field errors and its dead end; Security settings' panel with a
// provider connected and one not, and its Disconnect dialog asking for the
// password; the admin console's form with its field errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  catalog, expect_accessible, fill, names_without_their_label, sign_in, start_server_and_browser, stop_server_and_browser,
  visible_text, with_page,
} from './browser.mjs';
import { add_person, open_admin_console } from './people.mjs';
import {
  ann, ben, cai, configure_sso, provider_page_failures, sign_in_at_provider, start_google_like, start_microsoft_like,
} from './sso_providers.mjs';

const catalogs = { 'en': catalog('en'), 'zh-CN': catalog('zh-CN') };
const languages = ['en', 'zh-CN'];
let server;
let browser;
let admin;
let google;
let microsoft;

// Google and Office 365 for the demo company; this server asks for the
// password before any disconnect (--step-up-window 0), so the dialog's
// password field shows.
before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({
    server: { args: [...fast_hash_args, '--step-up-window', '0'] },
  }));
  [google, microsoft] = await Promise.all([start_google_like(server, admin), start_microsoft_like(server, admin)]);
  await configure_sso(server, admin, { google: google.settings(), microsoft: microsoft.settings() });
});

after(async () => {
  await google?.close();
  await microsoft?.close();
  await stop_server_and_browser(server, browser);
});

async function choose_language(page, language) {
  await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
  await page.locator('#language').selectOption(language);
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
}

function sign_in_with(language, provider) {
  return { name: fill(catalogs[language]['sso.sign_in_with'], { provider }) };
}

test('the sign-in page with the company\'s buttons and with a refused sign-on, in English and Chinese', async () => {
  await with_page(browser, {}, async (page) => {
    for (const language of languages) {
      await page.goto(`${server.url}/?company=${server.demo.company}`);
      await choose_language(page, language);
      await page.getByRole('button', sign_in_with(language, 'Office 365')).waitFor();
      assert.equal(await page.locator('#sso-buttons button').count(), 2);
      await expect_accessible(page, `sign-in with single sign-on buttons (${language})`);
      assert.deepEqual(await names_without_their_label(page), []);

      await page.goto(`${server.url}/?company=${server.demo.company}&sso_error=failed`);
      assert.equal(await visible_text(page.locator('#form-alert p')), catalogs[language]['error.sso_failed']);
      await page.getByRole('button', sign_in_with(language, 'Google')).waitFor();
      await expect_accessible(page, `sign-in after a failed single sign-on (${language})`);
    }
  });
});

test('the bind page: its form, its field errors and its dead end, in English and Chinese', async () => {
  await with_page(browser, { expected_failures: [...provider_page_failures, '/api/session/bind'] }, async (page) => {
    await page.goto(`${server.url}/?company=${server.demo.company}`);
    await page.getByRole('button', sign_in_with('en', 'Google')).click();
    await sign_in_at_provider(page, google, ben.sub);
    await page.waitForURL(`${server.url}/bind/`);
    for (const language of languages) {
      const texts = catalogs[language];
      await choose_language(page, language);
      const intro = fill(texts['bind.intro'], { provider: 'Google', who: ben.name });
      await page.locator('#bind-intro').getByText(intro, { exact: true }).waitFor();
      await expect_accessible(page, `bind page (${language})`);
      assert.deepEqual(await names_without_their_label(page), []);
      await page.getByRole('button', { name: texts['bind.submit'], exact: true }).click();
      await page.locator('#account-error').waitFor();
      await expect_accessible(page, `bind page with field errors (${language})`);
    }
    // Cancelled: the page is a dead end with the way back.
    await page.getByRole('button', { name: catalogs['zh-CN']['bind.cancel'], exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    for (const language of languages) {
      await page.goto(`${server.url}/bind/`);
      await choose_language(page, language);
      await page.getByRole('link', { name: catalogs[language]['nav.back_to_sign_in'] }).waitFor();
      assert.equal(await visible_text(page.locator('#form-alert p')), catalogs[language]['error.bind_expired']);
      await expect_accessible(page, `bind page, expired (${language})`);
    }
  });
});

test('Security settings\' single sign-on panel and its Disconnect dialog, in English and Chinese', async () => {
  const people = {
    'en': [await add_person(server, { username: 'ally', display_name: 'Ally Access' }), ann],
    'zh-CN': [await add_person(server, { username: 'wang', display_name: '王芳', language: 'zh-CN' }), cai],
  };
  for (const language of languages) {
    const texts = catalogs[language];
    const [person, at_google] = people[language];
    await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
      await sign_in(page, server.url, person, '/agent/', { language });
      await page.getByRole('link', { name: texts['console.security_settings'] }).click();
      await page.waitForURL(`${server.url}/profile/`);
      const panel = page.getByRole('region', { name: texts['sso.heading'] });
      const connect = (provider) => fill(texts['a11y.action_for'], { action: texts['sso.connect'], name: provider });
      await panel.getByRole('button', { name: connect('Google') }).click();
      await sign_in_at_provider(page, google, at_google.sub);
      await page.waitForURL(`${server.url}/profile/`);
      await panel.locator('#sso-status').getByText(texts['sso.connected']).waitFor();
      await panel.getByRole('button', { name: connect('Office 365') }).waitFor();
      await expect_accessible(page, `Security settings, one provider connected (${language})`);
      assert.deepEqual(await names_without_their_label(page), []);

      const disconnect = fill(texts['a11y.action_for'], { action: texts['sso.disconnect'], name: 'Google' });
      await panel.getByRole('button', { name: disconnect }).click();
      const dialog = page.getByRole('dialog', { name: fill(texts['sso.disconnect_title'], { provider: 'Google' }) });
      await dialog.getByLabel(texts['field.password'], { exact: true }).waitFor();
      await expect_accessible(page, `Security settings, Disconnect dialog with the password (${language})`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });
  }
});

test('the admin console\'s single sign-on form with its field errors, in English and Chinese', async () => {
  for (const language of languages) {
    const texts = catalogs[language];
    const person = language === 'en' ? admin
      : await add_person(server, { username: 'zhao', display_name: '赵敏', role: 'admin', language: 'zh-CN' });
    await with_page(browser, { expected_failures: ['/api/admin/sso'] }, async (page) => {
      await open_admin_console(page, server.url, person, { language });
      const section = page.getByRole('region', { name: texts['admin.sso_title'] });
      const oidc = section.getByRole('group', { name: texts['admin.sso_provider_oidc'], exact: true });
      await oidc.getByRole('checkbox', { name: texts['admin.sso_enabled'] }).check();
      await oidc.getByLabel(texts['admin.sso_issuer'], { exact: true }).fill('ftp://idp.example.com');
      await section.getByRole('button', { name: fill(texts['a11y.action_for'], { action: texts['admin.save'], name: texts['admin.sso_title'] }) }).click();
      await section.locator('#sso-oidc-issuer-error').waitFor();
      await expect_accessible(page, `admin console, single sign-on with field errors (${language})`);
      assert.deepEqual(await names_without_their_label(page), []);
    });
  }
});
