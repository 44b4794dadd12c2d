// The sign-in, code, new-password and bind pages go where the answer's flow
// state says (www/js/flow.js), whatever its status code and other fields. The
// pages come from the real server; the step answers are replaced
// (page.route) by answers whose status and fields point elsewhere than
// their state, so a page that guessed from them would go astray.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalog, fill, fill_sign_in_form, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';

const en = catalog('en');
let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser());
});

after(() => stop_server_and_browser(server, browser));

function answer(status, body) {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

const misleading = { password_change: { expires_in: 600 }, second_step: { method: 'app', expires_in: 600 } };
const code_page = { ...misleading, flow: { state: 'second_factor', expires_in: 600, methods: ['app', 'backup_code'] } };

// Resolves once `page` asks for the page at `path` (it may be sent on from there).
function navigation_to(page, path) {
  return page.waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).pathname === path);
}

// The sign-in page submitted, its answer replaced by `fulfilled`.
async function sign_in_answered(page, fulfilled) {
  await page.route(`${server.url}/api/session`, (route) => route.fulfill(fulfilled));
  await fill_sign_in_form(page, server.url, admin);
  await page.getByRole('button', { name: en['sign_in.submit'] }).click();
}

for (const [state, status, extra, path] of [
  ['second_factor', 200, { home: '/admin/' }, '/verify/'],
  ['new_password', 200, { home: '/admin/' }, '/new-password/'],
  ['setup_required', 202, { home: '/admin/' }, '/profile/'],
  ['signed_in', 202, { home: '/agent/' }, '/agent/'],
]) {
  test(`the sign-in page follows the state ${state} to ${path}`, async () => {
    await with_page(browser, { expected_failures: ['/api/session/second-step', '/api/session/new-password', '/api/me'] }, async (page) => {
      const gone = navigation_to(page, path);
      await sign_in_answered(page, answer(status, { ...misleading, ...extra, flow: { state } }));
      await gone;
    });
  });
}

test('the sign-in page stays at the state password, and at locked shows the server\'s message, whatever the status', async () => {
  await with_page(browser, {}, async (page) => {
    const message = en['error.sign_in_failed'];
    await sign_in_answered(page, answer(202, { ...misleading, home: '/admin/', error: { code: 'sign_in_failed', message }, flow: { state: 'password' } }));
    assert.equal(await visible_text(page.locator('#form-alert p')), message);
    assert.equal(new URL(page.url()).pathname, '/');
  });
  await with_page(browser, {}, async (page) => {
    await sign_in_answered(page, answer(200, { ...misleading, home: '/admin/', error: { code: 'account_locked', message: 'the server\'s words' }, flow: { state: 'locked' } }));
    assert.equal(await visible_text(page.locator('#form-alert p')), 'the server\'s words');
    assert.equal(new URL(page.url()).pathname, '/');
  });
});

// The code page with its pending sign-in replaced: an app code is asked.
async function open_code_page(page, submitted) {
  await page.route(`${server.url}/api/session/second-step`, (route) => route.fulfill(
    route.request().method() === 'GET' ? answer(200, code_page) : submitted));
  await page.goto(`${server.url}/verify/`);
  await page.getByText(en['verify.app_prompt']).waitFor();
  await page.getByRole('textbox', { name: en['verify.code_label'] }).fill('123456');
  await page.getByRole('button', { name: en['verify.submit'] }).click();
}

for (const [state, status, extra, path] of [
  ['new_password', 200, { home: '/admin/' }, '/new-password/'],
  ['signed_in', 202, { home: '/agent/' }, '/agent/'],
  ['setup_required', 200, { home: '/agent/' }, '/profile/'],
]) {
  test(`the code page follows the state ${state} to ${path}`, async () => {
    await with_page(browser, { expected_failures: ['/api/session/new-password', '/api/me'] }, async (page) => {
      const gone = navigation_to(page, path);
      await open_code_page(page, answer(status, { ...misleading, ...extra, flow: { state } }));
      await gone;
    });
  });
}

test('the code page ends at the states locked and password with the message and the way back', async () => {
  for (const [state, error, shown, link] of [
    ['locked', { code: 'account_locked', message: 'the server\'s words' }, 'the server\'s words', en['nav.back_to_sign_in']],
    ['password', { code: 'second_step_expired', message: en['error.second_step_expired'] }, en['error.second_step_expired'], en['verify.sign_in_again']],
  ]) {
    await with_page(browser, { expected_failures: ['/api/session/second-step'] }, async (page) => {
      await open_code_page(page, answer(200, { ...misleading, home: '/admin/', error, flow: { state } }));
      assert.equal(await visible_text(page.locator('#form-alert p')), shown);
      await page.getByRole('link', { name: link }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: en['verify.code_label'] }).isHidden(), true);
      assert.equal(new URL(page.url()).pathname, '/verify/');
    });
  }
});

test('the code page stays at the state second_factor, whatever the status', async () => {
  await with_page(browser, {}, async (page) => {
    const error = { code: 'code_rejected', attempts_left: 4, message: en['error.code_rejected'] };
    await open_code_page(page, answer(200, { ...misleading, home: '/admin/', error, flow: { state: 'second_factor' } }));
    assert.equal(await visible_text(page.locator('#form-alert p')), en['error.code_rejected']);
    assert.equal(await page.getByRole('textbox', { name: en['verify.code_label'] }).isVisible(), true);
  });
});

test('the new-password page shows its form at the state new_password and follows signed_in home', async () => {
  await with_page(browser, { expected_failures: ['/api/me', '/api/session/new-password'] }, async (page) => {
    await page.route(`${server.url}/api/session/new-password`, (route) => route.fulfill(route.request().method() === 'GET'
      ? answer(401, { error: { code: 'new_password_expired', message: 'no' }, flow: { state: 'new_password', expires_in: 600 } })
      : answer(400, { ...misleading, home: '/agent/', flow: { state: 'signed_in' } })));
    await page.goto(`${server.url}/new-password/`);
    await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
    await page.locator('#password').fill('a new passphrase');
    await page.locator('#confirm').fill('a new passphrase');
    const gone = navigation_to(page, '/agent/');
    await page.getByRole('button', { name: en['reset.submit'] }).click();
    await gone;
  });
});

test('the sign-in page follows the state bind to the bind page', async () => {
  await with_page(browser, { expected_failures: ['/api/session/bind'] }, async (page) => {
    const gone = navigation_to(page, '/bind/');
    await sign_in_answered(page, answer(200, { ...misleading, home: '/admin/', flow: { state: 'bind' } }));
    await gone;
  });
});

const bind_step = {
  bind: { provider: 'google', provider_name: 'Google', name: 'Ann Example', company: 'Demo' },
  flow: { state: 'bind', expires_in: 600, methods: ['password'] },
};

// The bind page with its bind step replaced: every GET answers that it
// still waits (bind_step), so a page that asked the server again
// instead of following the state of Connect's answer would go on as if it
// still waited. Connect is pressed and answered `submitted`. Resolves to
// {gets() (the number of GETs so far), pages (the paths of the pages the
// browser was sent to)}.
async function open_bind_page(page, submitted) {
  let gets = 0;
  const pages = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest()) pages.push(new URL(request.url()).pathname);
  });
  await page.route(`${server.url}/api/session/bind`, (route) => {
    if (route.request().method() !== 'GET') return route.fulfill(submitted);
    gets += 1;
    return route.fulfill(answer(200, bind_step));
  });
  await page.goto(`${server.url}/bind/`);
  await page.locator('#bind-intro').waitFor();
  await page.getByLabel(en['sign_in.account'], { exact: true }).fill(admin.account);
  await page.getByLabel(en['sign_in.password'], { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: en['bind.submit'], exact: true }).click();
  return { gets: () => gets, pages };
}

for (const [state, status, extra, path] of [
  ['second_factor', 200, { home: '/admin/' }, '/verify/'],
  ['new_password', 200, { home: '/admin/' }, '/new-password/'],
  ['setup_required', 202, { home: '/admin/' }, '/profile/'],
  ['signed_in', 202, { home: '/agent/' }, '/agent/'],
]) {
  test(`the bind page follows the state ${state} to ${path}`, async () => {
    await with_page(browser, { expected_failures: ['/api/session/second-step', '/api/session/new-password', '/api/me'] }, async (page) => {
      const gone = navigation_to(page, path);
      await open_bind_page(page, answer(status, { ...misleading, ...extra, flow: { state } }));
      await gone;
    });
  });
}

// The bind page after a refusal it shows (its alert already read): the form
// is there, ready for another try; no other page was asked for, nor the
// bind step again.
async function assert_bind_page_waits(page, opened) {
  assert.equal(await page.getByRole('button', { name: en['bind.submit'], exact: true }).isEnabled(), true);
  assert.equal(await page.locator('#bind-form').isVisible(), true);
  assert.equal(await page.locator('#bind-next').isHidden(), true);
  assert.deepEqual(opened.pages, ['/bind/']);
  assert.equal(opened.gets(), 1, 'the page asked the server nothing more');
}

test('the bind page stays at the state bind and shows the refusal there, whatever the status and other fields', async () => {
  for (const [status, error] of [
    [401, { code: 'sign_in_failed', message: en['error.sign_in_failed'] }],
    [200, { code: 'too_many_attempts', retry_after: 30, message: 'the server\'s words' }],
  ]) {
    await with_page(browser, { expected_failures: ['/api/session/bind'] }, async (page) => {
      const opened = await open_bind_page(page, answer(status, { ...misleading, home: '/admin/', error, flow: { state: 'bind' } }));
      assert.equal(await visible_text(page.locator('#form-alert p')), error.message);
      await assert_bind_page_waits(page, opened);
    });
  }
  await with_page(browser, { expected_failures: ['/api/session/bind'] }, async (page) => {
    const fields = [{ field: 'account', code: 'too_long', message_key: 'validation.too_long' }];
    const opened = await open_bind_page(page, answer(202, { ...misleading, home: '/admin/', error: { code: 'validation_failed', message: 'no', fields }, flow: { state: 'bind' } }));
    const message = fill(en['validation.too_long'], { field: en['field.account'] });
    assert.equal(await visible_text(page.locator('#account-error')), message);
    assert.equal(await page.getByLabel(en['sign_in.account'], { exact: true }).getAttribute('aria-invalid'), 'true');
    await assert_bind_page_waits(page, opened);
  });
});

test('the bind page ends at the states password and locked, without asking again, with the message and the way back', async () => {
  for (const [status, error, shown] of [
    // The bind step is gone (expired, cancelled or used in another tab).
    [200, { code: 'bind_expired', message: 'expired, in the server\'s words' }, en['error.bind_expired']],
    [401, { code: 'sign_in_failed', message: 'the server\'s words' }, 'the server\'s words'],
  ]) {
    await with_page(browser, { expected_failures: ['/api/session/bind'] }, async (page) => {
      const opened = await open_bind_page(page, answer(status, { ...misleading, home: '/admin/', error, flow: { state: 'password' } }));
      await assert_dead_end(page, shown);
      assert.equal(opened.gets(), 1, 'the page did not ask whether the bind step still waits');
    });
  }
  await with_page(browser, { expected_failures: ['/api/session/bind'] }, async (page) => {
    const error = { code: 'account_locked', message: 'the server\'s words' };
    const opened = await open_bind_page(page, answer(200, { ...misleading, home: '/admin/', error, flow: { state: 'locked' } }));
    await assert_dead_end(page, error.message);
    assert.equal(opened.gets(), 1);
  });
});

// The bind page's dead end: `shown` in the alert, the form gone, the way
// back to the company's sign-in page focused.
async function assert_dead_end(page, shown) {
  assert.equal(await visible_text(page.locator('#form-alert p')), shown);
  const back = page.getByRole('link', { name: en['nav.back_to_sign_in'] });
  assert.equal(await back.getAttribute('href'), '/?company=Demo');
  assert.equal(await back.evaluate((link) => link === document.activeElement), true);
  assert.equal(await page.locator('#bind-form').isHidden(), true);
  assert.equal(new URL(page.url()).pathname, '/bind/');
}

// Opened (from the provider's redirect, the Back button or by hand), the
// bind page asks for the bind step and goes where its state says.
for (const [state, status, extra, path] of [
  ['second_factor', 200, { home: '/admin/' }, '/verify/'],
  ['new_password', 401, { home: '/admin/' }, '/new-password/'],
  ['setup_required', 200, { home: '/admin/' }, '/profile/'],
  ['signed_in', 401, { home: '/agent/' }, '/agent/'],
]) {
  test(`the bind page, opened at the state ${state}, goes to ${path}`, async () => {
    await with_page(browser, { expected_failures: ['/api/session/bind', '/api/session/second-step', '/api/session/new-password', '/api/me'] }, async (page) => {
      await page.route(`${server.url}/api/session/bind`, (route) => route.fulfill(
        answer(status, { ...misleading, ...extra, ...bind_step, flow: { state } })));
      const gone = navigation_to(page, path);
      await page.goto(`${server.url}/bind/`);
      await gone;
    });
  });
}

test('the bind page, opened at the states password and locked, shows the message and the way back, whatever the status', async () => {
  for (const [state, status, error, shown] of [
    ['password', 200, { code: 'bind_expired', message: 'expired, in the server\'s words' }, en['error.bind_expired']],
    ['locked', 200, { code: 'account_locked', message: 'the server\'s words' }, 'the server\'s words'],
  ]) {
    await with_page(browser, { expected_failures: ['/api/session/bind'] }, async (page, watch) => {
      await page.route(`${server.url}/api/session/bind`, (route) => route.fulfill(
        answer(status, { ...misleading, home: '/admin/', ...bind_step, error, flow: { state } })));
      await page.goto(`${server.url}/bind/`);
      assert.equal(await visible_text(page.locator('#form-alert p')), shown);
      const back = page.getByRole('link', { name: en['nav.back_to_sign_in'] });
      assert.equal(await back.evaluate((link) => link === document.activeElement), true);
      assert.equal(await page.locator('#bind-form').isHidden(), true);
      assert.equal(watch.requests.filter((url) => url.pathname === '/api/session/bind').length, 1);
      assert.equal(new URL(page.url()).pathname, '/bind/');
    });
  }
});
