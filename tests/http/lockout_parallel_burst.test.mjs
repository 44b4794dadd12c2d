// Concurrency must not help an attacker: 10 wrong codes sent at once, on 10
// connections to a server with several worker threads, end exactly as 10 in
// a row would (issue 4): 5 evaluated, then locked. Ten is as many sign-ins
// as one account may leave waiting in an hour (two_factor/code_send_limit.hpp).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {client, sign_in_as} from '../support/server.mjs';
import {
  assert_error, assert_locked_out, audit_events, catalog_text, finish_second_step, max_code_failures,
  pending_sign_in, server_for_test, with_app_on, wrong_app_code,
} from '../support/two_factor.mjs';

const burst_size = 10;

// Each pending sign-in has its own client, so its own connection, kept open
// (keep-alive) from the sign-in: the 10 codes leave without connection setup
// in between.
async function pending_sign_ins(server, count) {
  const pending = [];
  for (let i = 0; i < count; ++i) pending.push((await pending_sign_in(server, 'agent')).browser);
  return pending;
}

// How many answers of each kind, e.g. {"401 code_rejected 4": 1, "403 account_locked": 46}.
function tally_of(answers) {
  const tally = new Map();
  for (const {status, json} of answers) {
    const key = `${status} ${json?.error?.code} ${json?.error?.attempts_left ?? ''}`.trim();
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  return JSON.stringify(Object.fromEntries(tally));
}

test('10 wrong codes at once on 10 connections: 5 evaluated, the account locked, the rest refused', async (t) => {
  const server = await server_for_test(t);
  const {totp, user} = await with_app_on(server, 'agent');
  const wrong = await wrong_app_code(totp);
  const browsers = await pending_sign_ins(server, burst_size);

  const answers = await Promise.all(browsers.map((browser) => finish_second_step(browser, {code: wrong})));

  // In a row, the failures 1 to 4 answer with 4 to 1 attempts left and every
  // later code finds the account locked. The burst must end the same way.
  const summary = tally_of(answers);
  const rejected = answers.filter((answer) => answer.status === 401);
  const locked = answers.filter((answer) => answer.status === 403);
  assert.equal(rejected.length + locked.length, burst_size, summary);
  for (const answer of rejected) assert_error(answer, 401, 'code_rejected', summary);
  for (const answer of locked) assert_error(answer, 403, 'account_locked', summary);
  const attempts_left = rejected.map((answer) => answer.json.error.attempts_left);
  assert.deepEqual(attempts_left.sort((a, b) => a - b), [1, 2, 3, 4], summary);
  assert.equal(locked.length, burst_size - (max_code_failures - 1), summary);

  // The database agrees: 5 codes were evaluated, one lock, one mail.
  assert.equal((await audit_events(server, 'second_step.failed')).length, max_code_failures);
  assert.equal((await audit_events(server, 'second_step.locked')).length, burst_size - max_code_failures,
    'each code the lock refused is recorded');
  const locks = await audit_events(server, 'account.locked');
  assert.equal(locks.length, 1);
  const [{id: agent_id}] = await server.rows(`SELECT id FROM users WHERE username = '${user.account}'`);
  assert.equal(locks[0].user_id, agent_id);
  const queued = await server.rows('SELECT recipient, subject FROM mail_outbox');
  const lock_subject = catalog_text('en', 'mail.account_locked.subject');
  assert.equal(queued.filter((row) => row.subject === lock_subject).length, 1, JSON.stringify(queued));

  // Afterwards even the right code is refused, in a pending sign-in from
  // before the lock and in a new sign-in with the right password.
  const survivor = browsers.find((browser, index) => answers[index].status === 401);
  const right_code = await finish_second_step(survivor, {code: await totp.next()});
  assert_locked_out(right_code, 'the right code after the burst');
  const fresh = client(server.url);
  const sign_in = await sign_in_as(fresh, server.demo, 'agent');
  // The right password of a locked account is answered as a wrong one.
  assert_error(sign_in, 401, 'sign_in_failed', 'a new sign-in after the burst');
  assert.equal((await audit_events(server, 'sign_in.locked')).length, 1, 'refused for the lock');
  assert.equal((await audit_events(server, 'second_step.failed')).length, max_code_failures, 'nothing more was evaluated');
  assert.deepEqual(await audit_events(server, 'second_step.succeeded'), [], 'and nothing succeeded');
  assert.equal((await survivor.get('/api/me')).status, 401);
  fresh.close();
  for (const browser of browsers) browser.close();
});
