// Concurrency must not help an attacker: 50 wrong codes sent at once, on 50
// connections to a server with several worker threads, end exactly as 50 in
// a row would (issue 4): 5 evaluated, then locked.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {client, signInAs} from '../support/server.mjs';
import {
  assertError, assertLockedOut, auditEvents, catalogText, databaseRows, finishSecondStep, maxCodeFailures,
  pendingSignIn, serverForTest, withAppOn, wrongAppCode,
} from '../support/two_factor.mjs';

const burstSize = 50;

// Each pending sign-in has its own client, so its own connection, kept open
// (keep-alive) from the sign-in: the 50 codes leave without connection setup
// in between.
async function pendingSignIns(server, count) {
  const pending = [];
  for (let i = 0; i < count; ++i) pending.push((await pendingSignIn(server, 'agent')).browser);
  return pending;
}

// How many answers of each kind, e.g. {"401 code_rejected 4": 1, "403 account_locked": 46}.
function tallyOf(answers) {
  const tally = new Map();
  for (const {status, json} of answers) {
    const key = `${status} ${json?.error?.code} ${json?.error?.attempts_left ?? ''}`.trim();
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  return JSON.stringify(Object.fromEntries(tally));
}

test('50 wrong codes at once on 50 connections: 5 evaluated, the account locked, the rest refused', async (t) => {
  const server = await serverForTest(t);
  const {totp, user} = await withAppOn(server, 'agent');
  const wrong = await wrongAppCode(totp);
  const browsers = await pendingSignIns(server, burstSize);

  const answers = await Promise.all(browsers.map((browser) => finishSecondStep(browser, {code: wrong})));

  // In a row, the failures 1 to 4 answer with 4 to 1 attempts left and every
  // later code finds the account locked. The burst must end the same way.
  const summary = tallyOf(answers);
  const rejected = answers.filter((answer) => answer.status === 401);
  const locked = answers.filter((answer) => answer.status === 403);
  assert.equal(rejected.length + locked.length, burstSize, summary);
  for (const answer of rejected) assertError(answer, 401, 'code_rejected', summary);
  for (const answer of locked) assertError(answer, 403, 'account_locked', summary);
  const attemptsLeft = rejected.map((answer) => answer.json.error.attempts_left);
  assert.deepEqual(attemptsLeft.sort((a, b) => a - b), [1, 2, 3, 4], summary);
  assert.equal(locked.length, burstSize - (maxCodeFailures - 1), summary);

  // The database agrees: 5 codes were evaluated, one lock, one mail.
  assert.equal((await auditEvents(server, 'second_step.failed')).length, maxCodeFailures);
  assert.equal((await auditEvents(server, 'second_step.locked')).length, burstSize - maxCodeFailures,
    'each code the lock refused is recorded');
  const locks = await auditEvents(server, 'account.locked');
  assert.equal(locks.length, 1);
  const [{id: agentId}] = await databaseRows(server, `SELECT id FROM users WHERE username = '${user.account}'`);
  assert.equal(locks[0].user_id, agentId);
  const queued = await databaseRows(server, 'SELECT recipient, subject FROM mail_outbox');
  const lockSubject = catalogText('en', 'mail.account_locked.subject');
  assert.equal(queued.filter((row) => row.subject === lockSubject).length, 1, JSON.stringify(queued));

  // Afterwards even the right code is refused, in a pending sign-in from
  // before the lock and in a new sign-in with the right password.
  const survivor = browsers.find((browser, index) => answers[index].status === 401);
  const rightCode = await finishSecondStep(survivor, {code: await totp.next()});
  assertLockedOut(rightCode, 'the right code after the burst');
  const fresh = client(server.url);
  const signIn = await signInAs(fresh, server.demo, 'agent');
  assertError(signIn, 403, 'account_locked', 'a new sign-in after the burst');
  assert.equal((await auditEvents(server, 'second_step.failed')).length, maxCodeFailures, 'nothing more was evaluated');
  assert.deepEqual(await auditEvents(server, 'second_step.succeeded'), [], 'and nothing succeeded');
  assert.equal((await survivor.get('/api/me')).status, 401);
  fresh.close();
  for (const browser of browsers) browser.close();
});
