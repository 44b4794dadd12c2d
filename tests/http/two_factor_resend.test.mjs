// Resending an email code is refused for 60 seconds after the last one (the
// core's resend countdown, enforced by the server), and app users have no
// email code to resend.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf} from '../support/mail.mjs';
import {
  assertError, pendingSignIn, serverForTest, signedInClient, withAppOn, withEmailOn,
} from '../support/two_factor.mjs';

function assertTooSoon(answer, why) {
  assertError(answer, 429, 'resend_too_soon', why);
  const {seconds} = answer.json.error;
  assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= 60, `${why}: seconds ${seconds}`);
  const retryAfter = answer.headers['retry-after'];
  assert.match(retryAfter ?? '', /^[0-9]+$/, `${why}: Retry-After ${retryAfter}`);
  assert.equal(Number(retryAfter), seconds, `${why}: Retry-After matches seconds`);
}

test('a resend right after signing in is refused with the seconds left', async (t) => {
  const server = await serverForTest(t);
  const inbox = outboxOf(server);
  const {user} = await withEmailOn(server, 'agent', inbox);

  const {browser, answer} = await pendingSignIn(server, 'agent');
  assert.ok(answer.json.second_step.resend_in > 0 && answer.json.second_step.resend_in <= 60, answer.text);
  await inbox.next({to: user.email});  // the code sent with the 202
  assertTooSoon(await browser.post('/api/session/second-step/resend'), 'resend at once');
  const pending = await browser.get('/api/session/second-step');
  assert.equal(pending.status, 200, pending.text);
  assert.ok(pending.json.second_step.resend_in > 0, pending.text);
  browser.close();
});

test('a second email setup request right after the first is refused with the seconds left', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'admin');
  const first = await browser.post('/api/me/two-factor/email');
  assert.equal(first.status, 200, first.text);
  assertTooSoon(await browser.post('/api/me/two-factor/email'), 'second setup request');
  browser.close();
});

test('app users get 409 not_email_method when asking for a resend', async (t) => {
  const server = await serverForTest(t);
  await withAppOn(server, 'admin');
  const {browser} = await pendingSignIn(server, 'admin');
  assertError(await browser.post('/api/session/second-step/resend'), 409, 'not_email_method');
  browser.close();
});

test('a resend without a pending sign-in is 401 second_step_expired', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'agent');
  assertError(await browser.post('/api/session/second-step/resend'), 401, 'second_step_expired');
  browser.close();
});
