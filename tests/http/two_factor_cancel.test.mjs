// The pending sign-in ends when it is cancelled and after five wrong codes;
// either way the old second-step cookie no longer works, even with the right code.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  assertError, clears, cookieIn, finishSecondStep, pendingSignIn, signInCookieName, serverForTest, withAppOn,
} from '../support/two_factor.mjs';


// The request a browser that kept the old cookie would send.
function withOldCookie(browser, cookie, body) {
  return browser.post('/api/session/second-step', {json: body, headers: {cookie: `${signInCookieName}=${cookie.value}`}});
}

test('a cancelled sign-in is gone: DELETE /api/session/second-step is 204, then the code is refused', async (t) => {
  const server = await serverForTest(t);
  const {backupCodes} = await withAppOn(server, 'agent');
  const {browser, answer} = await pendingSignIn(server, 'agent');
  const cookie = cookieIn(answer, signInCookieName);

  const cancelled = await browser.delete('/api/session/second-step');
  assert.equal(cancelled.status, 204, cancelled.text);
  assert.ok(clears(cookieIn(cancelled, signInCookieName)), 'the cookie is cleared');
  assertError(await finishSecondStep(browser, {backup_code: backupCodes[0]}), 401, 'second_step_expired', 'no cookie');
  assertError(await withOldCookie(browser, cookie, {backup_code: backupCodes[0]}), 401, 'second_step_expired',
              'the old cookie');
  assertError(await browser.get('/api/session/second-step', {
    headers: {cookie: `${signInCookieName}=${cookie.value}`},
  }), 401, 'second_step_expired');

  const again = await browser.delete('/api/session/second-step');
  assert.equal(again.status, 204, 'cancelling twice is fine');
  browser.close();

  // The code was not used up by the cancelled sign-in.
  const {browser: next} = await pendingSignIn(server, 'agent');
  assert.equal((await finishSecondStep(next, {backup_code: backupCodes[0]})).status, 200);
  next.close();
});
