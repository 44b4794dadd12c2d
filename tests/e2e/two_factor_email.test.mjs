// Two-factor authentication by email, in Chromium: set up with the code from
// the mail the server wrote to its outbox, the code page's 60-second Resend
// countdown (on Playwright's controllable clock, never by waiting), the page
// in Chinese, and turning it off. Each test has an administrator of its own,
// whose email codes are turned on over HTTP where the test is not about
// setting them up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import { outbox_of, six_digit_code } from '../support/mail.mjs';
import {
  catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_person, with_email_on } from './people.mjs';

const en = catalog('en');
const zh = catalog('zh-CN');
let server;
let browser;
let inbox;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: [...fast_hash_args, '--step-up-window', '0'] } }));
  inbox = outbox_of(server);
});

// An administrator of the test's own; with `email_on`, email codes turned on over HTTP.
async function new_admin(username, { email_on = true } = {}) {
  const admin = await add_person(server, { username, display_name: `Admin ${username}`, role: 'admin' });
  if (email_on) await with_email_on(server, admin, inbox);
  return admin;
}

after(() => stop_server_and_browser(server, browser));

function subject(key) {
  return fill(en[key], { product: en['app.name'] });
}

function method_row(page, name_key) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: en[name_key], exact: true }) });
}

async function open_security_settings(page) {
  await page.getByRole('link', { name: en['console.security_settings'] }).click();
  await page.waitForURL(`${server.url}/profile/`);
  await page.getByRole('heading', { name: en['two_factor.heading'] }).waitFor();
}

// "Resend (59 s)" while the countdown runs.
function waiting_label(seconds, catalog_texts = en) {
  return fill(catalog_texts['verify.resend_wait'], { seconds });
}

test('email codes are set up with the code from the mail', async () => {
  const admin = await new_admin('setting', { email_on: false });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, admin, '/admin/');
    await open_security_settings(page);
    const back = page.getByRole('link', { name: en['profile.back_to_admin'] });
    assert.equal(await back.getAttribute('href'), '/admin/');

    const setup_answer = page.waitForResponse(`${server.url}/api/me/two-factor/email`);
    await method_row(page, 'two_factor.email_name').getByRole('button', { name: en['two_factor.set_up'] }).click();
    const setup = await (await setup_answer).json();
    const dialog = page.getByRole('dialog', { name: en['two_factor.code_dialog_title'] });
    await dialog.getByText(fill(en['two_factor.code_dialog_email'], { email: setup.email_hint })).waitFor();
    const resend = dialog.locator('#code-resend');
    assert.equal(await resend.isDisabled(), true);
    assert.equal(await visible_text(resend), waiting_label(setup.resend_in));
    await expect_accessible(page, 'Security settings, email code dialog');

    const mail = await inbox.next({ to: admin.email, subject: subject('mail.setup_code.subject') });
    await dialog.getByRole('textbox', { name: en['verify.code_label'] }).fill(six_digit_code(mail.text));
    await dialog.getByRole('button', { name: en['two_factor.verify'] }).click();
    await page.getByText(en['two_factor.enabled'], { exact: true }).waitFor();
    assert.equal(await visible_text(page.locator('#email-status')), en['two_factor.status_active']);
    assert.equal(await page.locator('#app-set-up').isDisabled(), true);
    assert.equal(await page.locator('#new-codes-list code').count(), 10);

    await back.click();
    await page.waitForURL(`${server.url}/admin/`);
  });
});

test('on the code page Resend waits 60 seconds after the code was sent', async () => {
  const admin = await new_admin('waiting');
  await with_page(browser, { expected_failures: ['/api/session/second-step/resend'] }, async (page) => {
    // The page's clock stands still until the test moves it.
    const start = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    await page.clock.install({ time: start - 1000 });
    await page.clock.pauseAt(start);

    const pending = page.waitForResponse(`${server.url}/api/session/second-step`);
    await sign_in(page, server.url, admin, '/verify/');
    const { second_step } = await (await pending).json();
    assert.equal(second_step.method, 'email');
    assert.ok(second_step.resend_in >= 58 && second_step.resend_in <= 60, `resend_in ${second_step.resend_in}`);
    await page.getByText(fill(en['verify.email_sent'], { email: second_step.email_hint })).waitFor();

    // The server counts from when it sent the code; the page from what the server said.
    const resend = page.locator('#resend');
    const sent_seconds_ago = 60 - second_step.resend_in;
    assert.equal(await visible_text(resend), waiting_label(60 - sent_seconds_ago));
    assert.equal(await resend.isDisabled(), true);

    await page.clock.runFor((59 - sent_seconds_ago) * 1000);
    assert.equal(await resend.innerText(), waiting_label(1));
    assert.equal(await resend.isDisabled(), true, 'still disabled 59 s after sending');

    await page.clock.runFor(1000);
    await page.getByRole('button', { name: en['verify.resend'], exact: true }).waitFor();
    assert.equal(await resend.isDisabled(), false, 'enabled 60 s after sending');

    // Only the page's clock moved: the server, on real time, refuses, and
    // the page starts counting again from the seconds the server names.
    const refused = page.waitForResponse(`${server.url}/api/session/second-step/resend`);
    await resend.click();
    const answer = await refused;
    assert.equal(answer.status(), 429);
    const { error } = await answer.json();
    assert.equal(error.code, 'resend_too_soon');
    await page.getByRole('alert').getByText(fill(en['error.resend_too_soon'], { seconds: error.seconds })).waitFor();
    assert.equal(await visible_text(resend), waiting_label(error.seconds));
    assert.equal(await resend.isDisabled(), true);

    const mail = await inbox.next({ to: admin.email, subject: subject('mail.sign_in_code.subject') });
    await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(six_digit_code(mail.text));
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/admin/`);
  });
});

test('the code page speaks the chosen language, and Cancel returns to sign in', async () => {
  const admin = await new_admin('chinese');
  await with_page(browser, {}, async (page) => {
    const pending = page.waitForResponse(`${server.url}/api/session/second-step`);
    await sign_in(page, server.url, admin, '/verify/');
    const { second_step } = await (await pending).json();
    await page.getByText(fill(en['verify.email_sent'], { email: second_step.email_hint })).waitFor();
    await expect_accessible(page, 'code page, email');

    await page.locator('#language').selectOption('zh-CN');
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    const shown = await page.locator('[data-i18n]').evaluateAll(
      (elements) => elements.map((element) => [element.dataset.i18n, element.textContent]));
    assert.deepEqual(shown, shown.map(([key]) => [key, zh[key]]));
    assert.equal(await page.title(), `${zh['verify.title']} – ${zh['app.name']}`);
    await page.getByText(fill(zh['verify.email_sent'], { email: second_step.email_hint })).waitFor();
    await expect_accessible(page, 'code page, email (zh-CN)');
    assert.match(await page.locator('#resend').innerText(), new RegExp(`^${fill(zh['verify.resend_wait'], { seconds: '\\d+' })
      .replace(/[()（）]/g, '\\$&')}$`));

    await page.getByRole('button', { name: zh['verify.cancel'] }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: zh['sign_in.title'] }).waitFor();
    await inbox.next({ to: admin.email, subject: subject('mail.sign_in_code.subject') });
  });
});

test('a lost connection is told, the third and fourth wrong codes warn of the lock, and the right code still signs in', async () => {
  const admin = await new_admin('warned');
  await with_page(browser, { expected_failures: ['/api/session/second-step'] }, async (page) => {
    await sign_in(page, server.url, admin, '/verify/');
    const mail = await inbox.next({ to: admin.email, subject: subject('mail.sign_in_code.subject') });
    const wrong = String((Number(six_digit_code(mail.text)) + 1) % 1_000_000).padStart(6, '0');
    const code = page.getByRole('textbox', { name: en['verify.code_label'] });
    const verify = page.getByRole('button', { name: en['verify.submit'] });
    const alert = page.locator('#form-alert p');

    await page.route(`${server.url}/api/session/second-step`, (route) => route.abort('internetdisconnected'));
    await code.fill(wrong);
    await verify.click();
    assert.equal(await visible_text(alert), en['error.network']);
    await page.unroute(`${server.url}/api/session/second-step`);

    // Five wrong codes lock the account (tests/e2e/lockout.test.mjs); four only warn.
    for (const attempts_left of [4, 3, 2, 1]) {
      await code.fill(wrong);
      await verify.click();  // empties the alert until the answer is shown
      const warning = attempts_left <= 2 ? ` ${fill(en['error.lock_warning'], { count: attempts_left })}` : '';
      assert.equal(await visible_text(alert), `${en['error.code_rejected']}${warning}`);
      if (attempts_left === 1) await expect_accessible(page, 'code page, the lock warning');
    }
    await code.fill(six_digit_code(mail.text));
    await verify.click();
    await page.waitForURL(`${server.url}/admin/`);
  });
});

test('turning email codes off asks for confirmation, and for the password when the server wants it', async () => {
  const admin = await new_admin('turning');
  await with_page(browser, { expected_failures: ['/api/me/two-factor'] }, async (page) => {
    await sign_in(page, server.url, admin, '/verify/');
    const mail = await inbox.next({ to: admin.email, subject: subject('mail.sign_in_code.subject') });
    await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(six_digit_code(mail.text));
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/admin/`);
    await open_security_settings(page);

    // This server asks for the password at once (--step-up-window 0).
    const email = method_row(page, 'two_factor.email_name');
    await email.getByRole('button', { name: en['two_factor.turn_off'] }).click();
    const confirm = page.getByRole('dialog', { name: en['two_factor.turn_off_title'] });
    const turn_off = confirm.getByRole('button', { name: en['two_factor.turn_off'] });
    await turn_off.click();
    await confirm.getByRole('alert').getByText(en['error.step_up_required']).waitFor();
    const password = confirm.getByLabel(en['field.password'], { exact: true });
    await password.fill(`${admin.password}-wrong`);
    await turn_off.click();
    await confirm.getByRole('alert').getByText(en['error.password_rejected']).waitFor();
    await expect_accessible(page, 'Security settings, turn off asking for the password');
    assert.equal(await visible_text(page.locator('#email-status')), en['two_factor.status_active']);

    await password.fill(admin.password);
    await turn_off.click();
    await page.getByText(en['two_factor.disabled'], { exact: true }).waitFor();
    assert.equal(await visible_text(page.locator('#email-status')), en['two_factor.status_off']);
    assert.equal(await page.locator('#app-set-up').isEnabled(), true);
    await inbox.next({ to: admin.email, subject: subject('mail.notice.two_factor_off.subject') });

    await page.getByRole('button', { name: en['console.sign_out'], exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await sign_in(page, server.url, admin, '/admin/');
  });
});
