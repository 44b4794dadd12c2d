// The rule for new passwords in Chromium: what the core knows (length, spaces
// only, the account's own words) is shown beside the field before anything is
// sent; a common password, which only the server's blocklist knows, comes
// back as a field error shown in the catalog's words, never as raw JSON.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';

const en = catalog('en');
const zh = catalog('zh-CN');
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

// The POSTs the page sent to `path`.
function watch_posts(page, path) {
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === path) posts.push(request);
  });
  return posts;
}

async function choose_password(page, password) {
  await page.locator('#password').fill(password);
  await page.locator('#confirm').fill(password);
  await page.getByRole('button', { name: en['reset.submit'] }).click();
}

test('the reset page tells a blank or short password before sending, and a common one from the server\'s answer', async () => {
  await with_page(browser, { expected_failures: ['/api/password/reset'] }, async (page) => {
    const posts = watch_posts(page, '/api/password/reset');
    await page.goto(`${server.url}/reset/#token=a-token-from-a-mail`);
    await page.getByRole('heading', { name: en['reset.title'] }).waitFor();
    const error = page.locator('#password-error');

    await choose_password(page, ' '.repeat(10));
    await error.getByText(fill(en['validation.whitespace_only'], { field: en['field.password'] })).waitFor();
    await choose_password(page, 'abc1234');
    await error.getByText(fill(en['validation.too_short'], { field: en['field.password'] })).waitFor();
    assert.equal(posts.length, 0, 'nothing was sent');
    await expect_accessible(page, 'reset, a password the core refuses');

    await choose_password(page, 'qwertyuiop');
    await error.getByText(fill(en['validation.common_password'], { field: en['field.password'] })).waitFor();
    assert.equal(posts.length, 1, 'only the server knows the blocklist');
    assert.ok(!(await visible_text(page.locator('main'))).includes('common_password'), 'no code or JSON shown');
  });
});

test('adding a person, the temporary password may not hold their username or email name, in English and Chinese', async () => {
  const { company, admin } = server.demo;
  await with_page(browser, { expected_failures: ['/api/admin/users'] }, async (page) => {
    const posts = watch_posts(page, '/api/admin/users');
    await sign_in(page, server.url, { company, account: admin.account, password: admin.password }, '/admin/');
    await page.getByRole('button', { name: en['admin.add_agent'] }).click();
    await page.locator('#display_name').fill('Priya Shah');
    await page.locator('#username').fill('priya.s');
    await page.locator('#email').fill('pshah@demo.example');
    await page.locator('#temporary_password').fill('Priya-2024-x');
    await page.getByRole('button', { name: en['admin.create_submit'], exact: true }).click();
    const error = page.locator('#temporary_password-error');
    await error.getByText(fill(en['validation.contains_account_details'], { field: en['field.temporary_password'] })).waitFor();
    await page.locator('#temporary_password').fill('pshah rules ok');
    await page.getByRole('button', { name: en['admin.create_submit'], exact: true }).click();
    await error.getByText(fill(en['validation.contains_account_details'], { field: en['field.temporary_password'] })).waitFor();
    assert.equal(posts.length, 0, 'nothing was sent');
    await expect_accessible(page, 'People, a temporary password with the person\'s name');

    await page.locator('#temporary_password').fill('password1');
    await page.getByRole('button', { name: en['admin.create_submit'], exact: true }).click();
    await error.getByText(fill(en['validation.common_password'], { field: en['field.temporary_password'] })).waitFor();
    assert.equal(posts.length, 1, 'only the server knows the blocklist');

    await page.locator('#language').selectOption('zh-CN');
    await error.getByText(fill(zh['validation.common_password'], { field: zh['field.temporary_password'] })).waitFor();
  });
});
