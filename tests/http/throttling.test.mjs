// Repeated wrong passwords slow the attacker down: 429 with Retry-After.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {client, fast_hash_args, start_server} from '../support/server.mjs';

// Far more than any sensible number of free failures (backoff.hpp's policy).
const attempt_limit = 20;

let server;
before(async () => {
  server = await start_server({args: fast_hash_args});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test('wrong passwords for one account end in 429 too_many_attempts with Retry-After', async () => {
  const browser = client(server.url);
  const {company, admin} = server.demo;
  const wrong = {company, account: admin.account, password: 'not the password'};

  const failures = [];
  let throttled;
  while (!throttled && failures.length < attempt_limit) {
    const answer = await browser.post('/api/session', {json: wrong});
    if (answer.status === 429) throttled = answer;
    else failures.push(answer.status);
  }
  assert.ok(throttled, `no 429 after ${attempt_limit} wrong passwords`);
  assert.ok(failures.length >= 1, 'the first wrong password is an ordinary failure');
  assert.deepEqual(new Set(failures), new Set([401]));

  const retry_after = throttled.headers['retry-after'];
  assert.match(retry_after, /^[1-9]\d*$/, 'Retry-After is whole seconds');
  assert.equal(throttled.json.error.code, 'too_many_attempts');
  assert.equal(throttled.json.error.message_key, 'error.too_many_attempts');
  assert.doesNotMatch(throttled.json.error.message, /\{seconds\}/, 'the placeholder is filled in');

  // How the back-off grows, expires and holds off even the right password is
  // checked with a controllable clock in the server's unit tests, not here:
  // a one-second back-off may end between two requests.
  browser.close();
});
