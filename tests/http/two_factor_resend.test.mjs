// Resending an email code is refused for 60 seconds after the last one (the
// core's resend countdown, enforced by the server), and app users have no
// email code to resend.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {
  assert_error, pending_sign_in, server_for_test, signed_in_client, with_app_on, with_email_on,
} from '../support/two_factor.mjs';

function assert_too_soon(answer, why) {
  assert_error(answer, 429, 'resend_too_soon', why);
  const {seconds} = answer.json.error;
  assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= 60, `${why}: seconds ${seconds}`);
  const retry_after = answer.headers['retry-after'];
  assert.match(retry_after ?? '', /^[0-9]+$/, `${why}: Retry-After ${retry_after}`);
  assert.equal(Number(retry_after), seconds, `${why}: Retry-After matches seconds`);
}

test('a resend right after signing in is refused with the seconds left', async (t) => {
  const server = await server_for_test(t);
  const inbox = outbox_of(server);
  const {user} = await with_email_on(server, 'agent', inbox);

  const {browser, answer} = await pending_sign_in(server, 'agent');
  assert.ok(answer.json.second_step.resend_in > 0 && answer.json.second_step.resend_in <= 60, answer.text);
  await inbox.next({to: user.email});  // the code sent with the 202
  assert_too_soon(await browser.post('/api/session/second-step/resend'), 'resend at once');
  const pending = await browser.get('/api/session/second-step');
  assert.equal(pending.status, 200, pending.text);
  assert.ok(pending.json.second_step.resend_in > 0, pending.text);
  browser.close();
});

test('a second email setup request right after the first is refused with the seconds left', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  const first = await browser.post('/api/me/two-factor/email');
  assert.equal(first.status, 200, first.text);
  assert_too_soon(await browser.post('/api/me/two-factor/email'), 'second setup request');
  browser.close();
});

test('app users get 409 nothing_to_resend when asking for a resend', async (t) => {
  const server = await server_for_test(t);
  await with_app_on(server, 'admin');
  const {browser} = await pending_sign_in(server, 'admin');
  assert_error(await browser.post('/api/session/second-step/resend'), 409, 'nothing_to_resend');
  browser.close();
});

test('a resend without a pending sign-in is 401 second_step_expired', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'agent');
  assert_error(await browser.post('/api/session/second-step/resend'), 401, 'second_step_expired');
  browser.close();
});
