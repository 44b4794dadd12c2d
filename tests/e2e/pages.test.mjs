// Every page loads cleanly under the server's Content-Security-Policy (no
// inline code, nothing from elsewhere), and the sign-in page's smaller
// parts work as a person expects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalog, demo_person, expect_accessible, served_as, sign_in, start_server_and_browser, stop_server_and_browser, visible_text,
  with_page,
} from './browser.mjs';

const en = catalog('en');
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser());
});

after(() => stop_server_and_browser(server, browser));

// A page is ready once the core's catalog has been applied: the language
// menu then lists the core's languages.
async function open_public_page(page, path) {
  const response = await page.goto(`${server.url}${path}`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
  await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
}

test('the public pages load without errors or policy violations', async () => {
  for (const [path, title] of [['/', 'sign_in.title'], ['/terms.html', 'terms.title'], ['/privacy.html', 'privacy.title']]) {
    await with_page(browser, {}, async (page, watch) => {
      await open_public_page(page, path);
      assert.equal(await visible_text(page.getByRole('heading', { level: 1 })), en[title]);
      await expect_accessible(page, path);
      // Nothing was asked of another origin.
      const foreign = watch.requests.filter((url) => url.origin !== server.url);
      assert.deepEqual(foreign, []);
    });
  }
});

// Every page of the site, and the pages before sign-in (with the footer).
const every_page = ['/', '/verify/', '/new-password/', '/bind/', '/forgot/', '/reset/', '/terms.html', '/privacy.html',
  '/profile/', '/admin/', '/agent/'];
const before_sign_in = new Set(['/', '/verify/', '/new-password/', '/bind/', '/forgot/', '/reset/', '/terms.html',
  '/privacy.html']);

test('every page has the shared head and header, its own title and script, and the footer before sign-in', async () => {
  await with_page(browser, {}, async (page) => {
    await open_public_page(page, '/terms.html');
    for (const path of every_page) {
      const answer = await page.request.get(`${server.url}${path}`);
      assert.equal(answer.status(), 200, path);
      const html = await answer.text();
      assert.doesNotMatch(html, /#include/, `${path}: every include is expanded`);
      // The served page, parsed as the browser parses it (the signed-in pages
      // would move on to the sign-in page if opened).
      const found = await page.evaluate((source) => {
        const parsed = new DOMParser().parseFromString(source, 'text/html');
        const head = parsed.head;
        return {
          first_in_head: head.firstElementChild?.outerHTML,
          viewport: head.querySelector('meta[name="viewport"]')?.getAttribute('content'),
          icon: head.querySelectorAll('link[rel="icon"]').length,
          stylesheets: [...head.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.getAttribute('href')),
          core: [...head.querySelectorAll('script:not([type])')].map((script) => script.getAttribute('src')),
          title: head.querySelector('title')?.textContent,
          modules: head.querySelectorAll('script[type="module"]').length,
          brand: parsed.querySelector('body > header.site-header > a.brand')?.textContent.trim(),
          language_menu: parsed.querySelectorAll('body > header #language option').length,
          sign_out: parsed.querySelectorAll('body > header #session-controls #sign-out').length,
          main: parsed.querySelectorAll('body > main').length,
          footer_links: [...parsed.querySelectorAll('body > footer.site-footer a')].map((link) => link.getAttribute('href')),
        };
      }, html);
      assert.equal(found.first_in_head, '<meta charset="utf-8">', `${path}: the charset comes first`);
      assert.equal(found.viewport, 'width=device-width, initial-scale=1', path);
      assert.equal(found.icon, 1, path);
      assert.equal(found.stylesheets.length, 1, path);
      assert.match(found.stylesheets[0], served_as('/css/app.css'), path);
      assert.equal(found.core.length, 1, path);
      assert.match(found.core[0], served_as('/core/twofold_core.js'), path);
      assert.match(found.title, / – Twofold$/, path);
      assert.ok(found.modules >= 1, `${path} has its page script`);
      assert.equal(found.brand, en['app.name'], path);
      assert.equal(found.language_menu, 2, path);
      assert.equal(found.sign_out, 1, path);
      assert.equal(found.main, 1, path);
      assert.deepEqual(found.footer_links, before_sign_in.has(path) ? ['/terms.html', '/privacy.html'] : [], path);
    }
  });
});

test('the signed-in pages load without errors or policy violations', async () => {
  for (const [role, landing] of [['admin', '/admin/'], ['agent', '/agent/']]) {
    await with_page(browser, {}, async (page) => {
      await sign_in(page, server.url, demo_person(server, role), landing);
      await page.locator('#console-overview').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#console-loading').isHidden(), true);
    });
  }
});

test('"Forgot password?" is a link to the forgot-password page', async () => {
  await with_page(browser, {}, async (page) => {
    await open_public_page(page, '/');
    await page.getByRole('link', { name: en['sign_in.forgot_password'] }).click();
    await page.waitForURL('**/forgot/');
    await page.getByRole('heading', { name: en['forgot.title'] }).waitFor();
  });
});

test('the footer links lead to the Terms of Service and the Privacy Policy', async () => {
  await with_page(browser, {}, async (page) => {
    for (const [link, path, title] of [['footer.terms', '/terms.html', 'terms.title'],
                                       ['footer.privacy', '/privacy.html', 'privacy.title']]) {
      await open_public_page(page, '/');
      await page.getByRole('link', { name: en[link] }).click();
      await page.waitForURL(`${server.url}${path}`);
      assert.equal(await visible_text(page.getByRole('heading', { level: 1 })), en[title]);
      await page.getByRole('link', { name: en['nav.back_to_sign_in'] }).click();
      await page.waitForURL(`${server.url}/`);
    }
  });
});

test('the layout fits a 320 px phone without sideways scrolling', async () => {
  await with_page(browser, {}, async (page) => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/', '/terms.html']) {
      await open_public_page(page, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `${path} is wider than the screen`);
    }
  });
});
