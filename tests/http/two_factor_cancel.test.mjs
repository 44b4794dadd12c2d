// The pending sign-in ends when it is cancelled and after five wrong codes;
// either way the old second-step cookie no longer works, even with the right code.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {codeOfNoneOf, currentStep} from '../support/totp.mjs';
import {
  assertError, clears, cookieIn, finishSecondStep, pendingSignIn, secondStepCookieName, serverForTest, withAppOn,
} from '../support/two_factor.mjs';

const attemptsPerSignIn = 5;

// The request a browser that kept the old cookie would send.
function withOldCookie(browser, cookie, body) {
  return browser.post('/api/session/second-step', {json: body, headers: {cookie: `${secondStepCookieName}=${cookie.value}`}});
}

test('a cancelled sign-in is gone: DELETE /api/session/second-step is 204, then the code is refused', async (t) => {
  const server = await serverForTest(t);
  const {backupCodes} = await withAppOn(server, 'agent');
  const {browser, answer} = await pendingSignIn(server, 'agent');
  const cookie = cookieIn(answer, secondStepCookieName);

  const cancelled = await browser.delete('/api/session/second-step');
  assert.equal(cancelled.status, 204, cancelled.text);
  assert.ok(clears(cookieIn(cancelled, secondStepCookieName)), 'the cookie is cleared');
  assertError(await finishSecondStep(browser, {backup_code: backupCodes[0]}), 401, 'second_step_expired', 'no cookie');
  assertError(await withOldCookie(browser, cookie, {backup_code: backupCodes[0]}), 401, 'second_step_expired',
              'the old cookie');
  assertError(await browser.get('/api/session/second-step', {
    headers: {cookie: `${secondStepCookieName}=${cookie.value}`},
  }), 401, 'second_step_expired');

  const again = await browser.delete('/api/session/second-step');
  assert.equal(again.status, 204, 'cancelling twice is fine');
  browser.close();

  // The code was not used up by the cancelled sign-in.
  const {browser: next} = await pendingSignIn(server, 'agent');
  assert.equal((await finishSecondStep(next, {backup_code: backupCodes[0]})).status, 200);
  next.close();
});

test('five wrong codes discard the pending sign-in: the sixth attempt is 401 second_step_expired', async (t) => {
  const server = await serverForTest(t);
  const {totp, backupCodes} = await withAppOn(server, 'admin');
  const {browser, answer} = await pendingSignIn(server, 'admin');
  const cookie = cookieIn(answer, secondStepCookieName);
  const now = currentStep();
  const wrongCode = await codeOfNoneOf(totp.secret, [now - 1, now, now + 1, now + 2]);

  for (let attempt = 1; attempt < attemptsPerSignIn; ++attempt) {
    const wrong = await finishSecondStep(browser, {code: wrongCode});
    assertError(wrong, 401, 'code_rejected', `attempt ${attempt}`);
    assert.equal(wrong.json.error.attempts_left, attemptsPerSignIn - attempt, `attempt ${attempt}`);
  }
  const fifth = await finishSecondStep(browser, {code: wrongCode});
  assert.equal(fifth.status, 401, fifth.text);
  assert.ok(['code_rejected', 'second_step_expired'].includes(fifth.json.error.code), fifth.text);
  if (fifth.json.error.code === 'code_rejected') assert.equal(fifth.json.error.attempts_left, 0, fifth.text);

  // Even a right code no longer helps.
  assertError(await withOldCookie(browser, cookie, {backup_code: backupCodes[0]}), 401, 'second_step_expired',
              'sixth attempt');
  assertError(await withOldCookie(browser, cookie, {code: await totp.next()}), 401, 'second_step_expired',
              'seventh attempt');
  assert.equal((await browser.get('/api/me')).status, 401);
  browser.close();
});
