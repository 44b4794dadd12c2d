// The pending sign-in ends when it is cancelled and after five wrong codes;
// either way the old second-step cookie no longer works, even with the right code.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  assert_error, clears, cookie_in, finish_second_step, pending_sign_in, sign_in_cookie_name, server_for_test, with_app_on,
} from '../support/two_factor.mjs';


// The request a browser that kept the old cookie would send.
function with_old_cookie(browser, cookie, body) {
  return browser.post('/api/session/second-step', {json: body, headers: {cookie: `${sign_in_cookie_name}=${cookie.value}`}});
}

test('a cancelled sign-in is gone: DELETE /api/session/second-step leads back to password, then the code is refused', async (t) => {
  const server = await server_for_test(t);
  const {backup_codes} = await with_app_on(server, 'agent');
  const {browser, answer} = await pending_sign_in(server, 'agent');
  const cookie = cookie_in(answer, sign_in_cookie_name);

  const cancelled = await browser.delete('/api/session/second-step');
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.deepEqual(cancelled.json, {flow: {state: 'password'}}, 'answered with the flow, like every step');
  assert.ok(clears(cookie_in(cancelled, sign_in_cookie_name)), 'the cookie is cleared');
  assert_error(await finish_second_step(browser, {backup_code: backup_codes[0]}), 401, 'second_step_expired', 'no cookie');
  assert_error(await with_old_cookie(browser, cookie, {backup_code: backup_codes[0]}), 401, 'second_step_expired',
              'the old cookie');
  assert_error(await browser.get('/api/session/second-step', {
    headers: {cookie: `${sign_in_cookie_name}=${cookie.value}`},
  }), 401, 'second_step_expired');

  const again = await browser.delete('/api/session/second-step');
  assert.equal(again.status, 200, 'cancelling twice is fine');
  assert.deepEqual(again.json, {flow: {state: 'password'}});
  browser.close();

  // The code was not used up by the cancelled sign-in.
  const {browser: next} = await pending_sign_in(server, 'agent');
  assert.equal((await finish_second_step(next, {backup_code: backup_codes[0]})).status, 200);
  next.close();
});
