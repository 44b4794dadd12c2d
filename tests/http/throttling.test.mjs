// Repeated wrong passwords slow the attacker down: 429 with Retry-After.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {client, fast_hash_args, start_server} from '../support/server.mjs';
import {audit_events} from '../support/two_factor.mjs';

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

test('a burst of throttled sign-ins writes one audit row per back-off window, carrying the count', async () => {
  const browser = client(server.url);
  const {company, agent} = server.demo;
  const wrong = {company, account: agent.account, password: 'not the password'};
  const burst = 40;

  // Fail until refused, then keep going: each run of 429s that follows an
  // evaluated attempt is one back-off window (a one-second window may end
  // within the burst, and the next wrong password opens another).
  let windows = 0;
  let refused = 0;
  let last_status = 0;
  let retry_after = 0;
  for (let sent = 0; refused < burst && sent < burst + attempt_limit; ++sent) {
    const answer = await browser.post('/api/session', {json: wrong});
    if (answer.status === 429) {
      if (last_status !== 429) ++windows;
      ++refused;
      retry_after = Number(answer.headers['retry-after']);
    }
    last_status = answer.status;
  }
  assert.equal(refused, burst);
  const [{id}] = await server.rows(`SELECT id FROM users WHERE username = 'agent'`);
  const agents_rows = async () => (await audit_events(server, 'sign_in.throttled')).filter((row) => row.user_id === id);
  const rows = await agents_rows();
  assert.equal(rows.length, windows, `${refused} refusals in ${windows} windows`);
  assert.ok(rows.every((row) => row.detail.count >= 1));

  // The last window ends with the next attempt evaluated after it: its count is then written.
  await new Promise((resolve) => setTimeout(resolve, (retry_after + 1) * 1000));
  const after = await browser.post('/api/session', {json: {...wrong, password: agent.password}});
  assert.notEqual(after.status, 429, after.text);
  const settled = await agents_rows();
  assert.equal(settled.length, windows);
  assert.equal(settled.reduce((sum, row) => sum + row.detail.count, 0), refused, 'every refusal counted, none written alone');
  browser.close();
});
