// Email codes end to end through a real SMTP server (aiosmtpd on loopback):
// setup, the code mail, sign-in in two steps, and what the mail looks like.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {addresses_in, six_digit_code} from '../support/mail.mjs';
import {start_smtp_sink} from '../support/smtp_sink.mjs';
import {
  assert_error, catalog_text, clears, cookie_in, finish_second_step, pending_sign_in, sign_in_cookie_name, server_for_test,
  session_cookie_name, signed_in_client, sign_out,
} from '../support/two_factor.mjs';

// The demo users have no language of their own: the company's, English.
const user_language = 'en';
// A browser asking for another language must not change the mail's.
const browser_language = {'accept-language': 'zh-CN'};

async function smtp_server(t) {
  const sink = await start_smtp_sink();
  t.after(() => sink.stop());
  const server = await server_for_test(t, {args: ['--mail-transport', 'smtp', '--smtp-url', sink.url]});
  return {sink, server};
}

function assert_code_mail(mail, user, subject_key) {
  assert.deepEqual(addresses_in(mail.to), [user.email.toLowerCase()], `To: ${mail.to}`);
  assert.deepEqual(mail.envelope.rcpt_tos.map((address) => address.toLowerCase()), [user.email.toLowerCase()]);
  assert.equal(mail.content_type, 'multipart/alternative');
  assert.equal(mail.subject, catalog_text(user_language, subject_key));
  assert.notEqual(mail.subject, catalog_text('zh-CN', subject_key));
  assert.ok(mail.text !== null, 'a text/plain part');
  assert.ok(mail.html !== null, 'a text/html part');
  const code = six_digit_code(mail.text);
  assert.equal(six_digit_code(mail.html), code, 'the HTML part shows the same code');
  assert.ok(mail.text.includes(catalog_text(user_language, 'mail.code.expires', {minutes: 10})), mail.text);
  return code;
}

test('email codes: setup and sign-in through a real SMTP server', async (t) => {
  const {sink, server} = await smtp_server(t);
  const user = server.demo.admin;

  // Setup: a code by SMTP, confirmed, 10 backup codes.
  const browser = await signed_in_client(server, 'admin');
  const setup = await browser.post('/api/me/two-factor/email', {headers: browser_language});
  assert.equal(setup.status, 200, setup.text);
  assert.ok(setup.json.resend_in > 0 && setup.json.resend_in <= 60, setup.text);
  assert.ok(setup.json.expires_in > 590 && setup.json.expires_in <= 600, 'codes live 10 minutes');
  assert.ok(setup.json.email_hint.endsWith(user.email.slice(user.email.indexOf('@'))), setup.json.email_hint);
  assert.notEqual(setup.json.email_hint, user.email, 'the hint hides part of the address');
  const setup_mail = await sink.inbox.next({to: user.email});
  const setup_code = assert_code_mail(setup_mail, user, 'mail.setup_code.subject');
  assert.ok(setup_mail.text.includes(catalog_text(user_language, 'mail.setup_code.body', {company: server.demo.company})),
            setup_mail.text);

  const confirmed = await browser.post('/api/me/two-factor/confirm', {json: {code: setup_code}});
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.json.method, 'email');
  assert.equal(confirmed.json.backup_codes.codes.length, 10);
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'email');
  const turned_on = await sink.inbox.next({to: user.email});
  assert.equal(turned_on.subject, catalog_text(user_language, 'mail.notice.two_factor_on.subject'),
               'the notice that 2FA is on, through the relay too');
  await sign_out(browser);
  browser.close();

  // Sign-in: 202, and the code is mailed without being asked for.
  const {browser: signing_in, answer} = await pending_sign_in(server, 'admin', {headers: browser_language});
  assert.equal(answer.json.second_step.method, 'email');
  assert.equal(answer.json.second_step.attempts_left, 5);
  assert.ok(answer.json.second_step.expires_in > 0 && answer.json.second_step.expires_in <= 600);
  const pending_cookie = cookie_in(answer, sign_in_cookie_name);
  assert.equal(pending_cookie.attributes.httponly, true);
  assert.equal(pending_cookie.attributes.samesite, 'Strict');
  assert.equal(pending_cookie.attributes.path, '/');
  assert.equal(pending_cookie.attributes['max-age'], '600');

  const sign_in_mail = await sink.inbox.next({to: user.email});
  const code = assert_code_mail(sign_in_mail, user, 'mail.sign_in_code.subject');
  assert.notEqual(sign_in_mail.message_id, setup_mail.message_id);

  const wrong_code = code === '000000' ? '000001' : '000000';
  const wrong = await finish_second_step(signing_in, {code: wrong_code});
  assert_error(wrong, 401, 'code_rejected');
  assert.equal(wrong.json.error.attempts_left, 4);
  assert.equal((await signing_in.get('/api/me')).status, 401, 'a wrong code signs nobody in');

  const right = await finish_second_step(signing_in, {code});
  assert.equal(right.status, 200, right.text);
  assert.equal(right.json.user.username, user.account);
  assert.match(cookie_in(right, session_cookie_name)?.value ?? '', /^[A-Za-z0-9_-]{43}$/, 'a session cookie');
  assert.ok(clears(cookie_in(right, sign_in_cookie_name)), 'the second-step cookie is cleared');
  const me = await signing_in.get('/api/me');
  assert.equal(me.status, 200, me.text);
  const {flow, ...signed_in} = right.json;
  assert.deepEqual(flow, {state: 'signed_in'});
  assert.deepEqual(me.json, signed_in);

  // The code worked once: the pending sign-in is over.
  const pending_again = await signing_in.post('/api/session/second-step', {
    json: {code}, headers: {cookie: `${sign_in_cookie_name}=${pending_cookie.value}`},
  });
  assert_error(pending_again, 401, 'second_step_expired');
  signing_in.close();
});
