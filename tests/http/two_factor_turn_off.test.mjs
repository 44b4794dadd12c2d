// Turning two-factor authentication off: allowed without the password right
// after signing in, checked against the password when one is sent; it
// deletes the method and its backup codes, and the user is told by email.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of, six_digit_code} from '../support/mail.mjs';
import {
  assert_error, assert_signed_in_as, catalog_text, finish_second_step, pending_sign_in, server_for_test,
  signed_in_client, sign_out, with_app_on, with_email_on,
} from '../support/two_factor.mjs';

const turned_off_subject = catalog_text('en', 'mail.notice.two_factor_off.subject');

async function assert_off(browser) {
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.status, 200, status.text);
  assert.equal(status.json.method, null, status.text);
  assert.equal(status.json.backup_codes ?? null, null, 'the backup codes are gone');
  assert_error(await browser.get('/api/me/backup-codes'), 409, 'two_factor_off', 'backup codes after turning off');
}

async function assert_one_step_sign_in(server, role) {
  const browser = await signed_in_client(server, role);
  await assert_signed_in_as(browser, server, role);
  browser.close();
}

function assert_turned_off_mail(mail, server, role) {
  const {company} = server.demo;
  assert.equal(mail.subject, turned_off_subject);
  assert.ok(mail.text.includes(server.demo[role].account) || mail.text.includes(server.demo[role].email), mail.text);
  assert.ok(mail.text.includes(company), mail.text);
  assert.ok(mail.html !== null, 'an HTML part');
  for (const said of [catalog_text('en', 'mail.notice.ip', {ip: '127.0.0.1'}), '/profile/#security']) {
    assert.ok(mail.text.includes(said), `it says ${said}: ${mail.text}`);
  }
}

test('right after signing in with a TOTP code, 2FA turns off without the password', async (t) => {
  const server = await server_for_test(t);
  const inbox = outbox_of(server);
  const {user, totp} = await with_app_on(server, 'agent');
  const {browser} = await pending_sign_in(server, 'agent');
  assert.equal((await finish_second_step(browser, {code: await totp.next()})).status, 200);

  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.step_up_required, false, 'a recent sign-in needs no password');
  const off = await browser.delete('/api/me/two-factor');
  assert.equal(off.status, 204, off.text);
  await assert_off(browser);
  assert_error(await browser.delete('/api/me/two-factor'), 409, 'two_factor_off', 'turning off twice');
  await sign_out(browser);
  browser.close();

  await assert_one_step_sign_in(server, 'agent');
  assert_turned_off_mail(await inbox.next({to: user.email, subject: turned_off_subject}), server, 'agent');
});

test('with a password sent, a wrong one is 401 password_rejected and the right one turns 2FA off', async (t) => {
  const server = await server_for_test(t);
  const inbox = outbox_of(server);
  const {user} = await with_email_on(server, 'admin', inbox);
  const {browser} = await pending_sign_in(server, 'admin');
  const code = six_digit_code((await inbox.next({to: user.email})).text);
  assert.equal((await finish_second_step(browser, {code})).status, 200);

  const wrong = await browser.delete('/api/me/two-factor', {json: {password: `${user.password}x`}});
  assert_error(wrong, 401, 'password_rejected');
  const still = await browser.get('/api/me/two-factor');
  assert.equal(still.json.method, 'email', 'a rejected password changes nothing');
  assert.equal((await browser.get('/api/me')).status, 200, 'a wrong password does not end the session');

  const right = await browser.delete('/api/me/two-factor', {json: {password: user.password}});
  assert.equal(right.status, 204, right.text);
  await assert_off(browser);
  await sign_out(browser);
  browser.close();

  await assert_one_step_sign_in(server, 'admin');
  assert_turned_off_mail(await inbox.next({to: user.email, subject: turned_off_subject}), server, 'admin');
});

test('turning off needs a session and the CSRF header', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'admin');
  const {browser} = await pending_sign_in(server, 'admin');
  assert_error(await browser.delete('/api/me/two-factor'), 401, 'not_signed_in', 'a pending sign-in is no session');
  assert.equal((await finish_second_step(browser, {code: await totp.next()})).status, 200);
  assert_error(await browser.delete('/api/me/two-factor', {csrf: false}), 403, 'csrf_failed');
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'app', 'still on');
  browser.close();
});

test('once the step-up window has passed, turning off and new backup codes need the password', async (t) => {
  const server = await server_for_test(t, {args: ['--step-up-window', '0']});
  const {user, totp} = await with_app_on(server, 'agent');
  const {browser} = await pending_sign_in(server, 'agent');
  assert.equal((await finish_second_step(browser, {code: await totp.next()})).status, 200);

  assert.equal((await browser.get('/api/me/two-factor')).json.step_up_required, true);
  assert_error(await browser.delete('/api/me/two-factor'), 403, 'step_up_required', 'turning off without a password');
  assert_error(await browser.post('/api/me/backup-codes'), 403, 'step_up_required', 'new codes without a password');
  const renewed = await browser.post('/api/me/backup-codes', {json: {password: user.password}});
  assert.equal(renewed.status, 200, renewed.text);
  const off = await browser.delete('/api/me/two-factor', {json: {password: user.password}});
  assert.equal(off.status, 204, off.text);
  await assert_off(browser);
  browser.close();
});
