// Wrong codes at the second step are counted per account, across pending
// sign-ins and browsers: the 3rd and 4th failure warn, the 5th locks the
// account until an administrator unlocks it, and a locked account tells only
// someone with the right password that it is locked (issue 4).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf, sixDigitCode} from '../support/mail.mjs';
import {assertDocumented} from '../support/openapi_schema.mjs';
import {client, signInAs} from '../support/server.mjs';
import {
  assertError, assertLockedOut, assertSignedInAs, auditEvents, catalogText, clears, cookieIn, databaseRows,
  finishSecondStep, lockWithWrongCodes, maxCodeFailures, pendingSignIn, signInCookieName, serverForTest,
  withAppOn, withEmailOn, wrongAppCode,
} from '../support/two_factor.mjs';

const codeRejectedText = catalogText('en', 'error.code_rejected');

function warningText(count) {
  return catalogText('en', 'error.lock_warning', {count});
}

// A wrong code's answer: the count left, and the lock warning exactly when
// one or two attempts remain.
function assertRejected(answer, attemptsLeft, why) {
  assertError(answer, 401, 'code_rejected', why);
  assert.equal(answer.json.error.attempts_left, attemptsLeft, why);
  const {message} = answer.json.error;
  assert.ok(message.includes(codeRejectedText), `${why}: ${message}`);
  for (const count of [1, 2, 3, 4]) {
    const warned = message.includes(warningText(count));
    assert.equal(warned, count === attemptsLeft && attemptsLeft <= 2, `${why}: warning for ${count} in "${message}"`);
  }
}

function lockMailSubject() {
  return catalogText('en', 'mail.account_locked.subject');
}

test('wrong codes from two browsers count down together, warn on the 3rd and 4th, and the 5th locks', async (t) => {
  const server = await serverForTest(t);
  const {totp} = await withAppOn(server, 'agent');
  const wrong = await wrongAppCode(totp);

  const first = await pendingSignIn(server, 'agent');
  assert.equal(first.answer.json.second_step.attempts_left, maxCodeFailures);
  assertRejected(await finishSecondStep(first.browser, {code: wrong}), 4, 'failure 1');
  assertRejected(await finishSecondStep(first.browser, {code: wrong}), 3, 'failure 2');

  // Another browser with its own pending sign-in shares the account's count.
  const second = await pendingSignIn(server, 'agent');
  assert.equal(second.answer.json.second_step.attempts_left, 3, 'a new sign-in does not reset the count');
  const warned = await finishSecondStep(second.browser, {code: wrong});
  assertRejected(warned, 2, 'failure 3');
  assertDocumented(warned, 'POST', '/api/session/second-step');
  assertRejected(await finishSecondStep(second.browser, {code: wrong}), 1, 'failure 4');

  const locking = await finishSecondStep(first.browser, {code: wrong});
  assertError(locking, 403, 'account_locked', 'failure 5');
  assert.equal(locking.json.error.message, catalogText('en', 'error.account_locked'));
  assert.equal(locking.json.error.attempts_left, undefined);
  assert.ok(clears(cookieIn(locking, signInCookieName)), 'the locking answer ends the pending sign-in');
  assertDocumented(locking, 'POST', '/api/session/second-step');

  // No code is evaluated any more, not even the right one in the other browser.
  const right = await finishSecondStep(second.browser, {code: await totp.next()});
  assertLockedOut(right, 'the right code on a locked account');
  const me = await second.browser.get('/api/me');
  assert.equal(me.status, 401, me.text);
  assert.deepEqual(await auditEvents(server, 'second_step.succeeded'), [], 'the right code was not looked at');
  // The pending sign-ins of a locked account are over.
  const status = await second.browser.get('/api/session/second-step');
  assertError(status, 401, 'second_step_expired', 'status after the lock');
  first.browser.close();
  second.browser.close();
});

test('a correct code forgets the wrong ones before it', async (t) => {
  const server = await serverForTest(t);
  const {totp} = await withAppOn(server, 'agent');
  const wrong = await wrongAppCode(totp);

  const first = await pendingSignIn(server, 'agent');
  assertRejected(await finishSecondStep(first.browser, {code: wrong}), 4, 'failure 1');
  assertRejected(await finishSecondStep(first.browser, {code: wrong}), 3, 'failure 2');
  const accepted = await finishSecondStep(first.browser, {code: await totp.next()});
  assert.equal(accepted.status, 200, accepted.text);
  await assertSignedInAs(first.browser, server, 'agent');
  first.browser.close();

  const next = await pendingSignIn(server, 'agent');
  assert.equal(next.answer.json.second_step.attempts_left, maxCodeFailures, 'the next sign-in starts afresh');
  assertRejected(await finishSecondStep(next.browser, {code: wrong}), 4, 'first failure after the success');
  next.browser.close();
});

test('a locked account: 403 for its right password, the generic 401 for a wrong one, one mail', async (t) => {
  const server = await serverForTest(t);
  const {totp, user} = await withAppOn(server, 'agent');
  const {browser} = await pendingSignIn(server, 'agent');
  const locking = await lockWithWrongCodes(browser, totp);
  assertError(locking, 403, 'account_locked');
  browser.close();

  const {company} = server.demo;
  const visitor = client(server.url);
  const rightPassword = await signInAs(visitor, server.demo, 'agent');
  assertError(rightPassword, 403, 'account_locked', 'the right password of a locked account');
  assert.equal(rightPassword.text, locking.text, 'the same answer as the code that locked it');
  assert.ok(rightPassword.setCookies.every(clears), 'neither a pending sign-in nor a session');
  assertDocumented(rightPassword, 'POST', '/api/session');
  assert.equal((await auditEvents(server, 'sign_in.locked')).length, 1, 'the refused sign-in is audited');

  // Without the password nothing tells a locked account from an unknown one.
  const signIn = (account, password) => visitor.post('/api/session', {json: {company, account, password}});
  const wrongPassword = await signIn(user.account, `${user.password}x`);
  const unknownAccount = await signIn('nobody', user.password);
  assertError(wrongPassword, 401, 'sign_in_failed');
  assert.equal(wrongPassword.text, unknownAccount.text);
  visitor.close();

  const mail = await outboxOf(server).next({to: user.email, subject: lockMailSubject()});
  assert.ok(mail.text.includes(catalogText('en', 'mail.account_locked.until_unlocked')), mail.text);
  assert.ok(mail.text.includes(user.account), `the mail names the account: ${mail.text}`);
  assert.ok(mail.text.includes(company), `the mail names the company: ${mail.text}`);
  // Mail is queued in the database with the lock itself, so the count there is final.
  const queued = await databaseRows(server, 'SELECT recipient, subject FROM mail_outbox');
  const lockMails = queued.filter((row) => row.recipient.toLowerCase().includes(user.email.toLowerCase())
    && row.subject === lockMailSubject());
  assert.equal(lockMails.length, 1, JSON.stringify(queued));
});

// A six-digit code that is not `code`.
function otherThan(code) {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

test('wrong email codes and wrong backup codes count together towards the lock', async (t) => {
  const server = await serverForTest(t);
  const inbox = outboxOf(server);
  const {user} = await withEmailOn(server, 'agent', inbox);
  // Well-formed backup codes, but another user's.
  const {backupCodes: notTheAgents} = await withAppOn(server, 'admin');

  const {browser} = await pendingSignIn(server, 'agent');
  const mailedCode = sixDigitCode((await inbox.next({to: user.email})).text);
  const wrongEmailCode = otherThan(mailedCode);
  assertRejected(await finishSecondStep(browser, {code: wrongEmailCode}), 4, 'wrong email code');
  assertRejected(await finishSecondStep(browser, {backup_code: notTheAgents[0]}), 3, 'wrong backup code');
  assertRejected(await finishSecondStep(browser, {backup_code: notTheAgents[1]}), 2, 'wrong backup code');
  assertRejected(await finishSecondStep(browser, {code: wrongEmailCode}), 1, 'wrong email code');
  assertError(await finishSecondStep(browser, {backup_code: notTheAgents[2]}), 403, 'account_locked', 'failure 5');
  browser.close();

  const failures = await auditEvents(server, 'second_step.failed');
  assert.deepEqual(failures.map(({detail}) => [detail.method, detail.kind, detail.attempts_left]), [
    ['email', 'code', 4], ['email', 'backup_code', 3], ['email', 'backup_code', 2], ['email', 'code', 1],
    ['email', 'backup_code', 0],
  ]);
  const locks = await auditEvents(server, 'account.locked');
  assert.equal(locks.length, 1);
  assert.equal(locks[0].user_id, failures[0].user_id);
});

test('the warning and the lock speak the caller\'s language', async (t) => {
  const server = await serverForTest(t);
  const {totp} = await withAppOn(server, 'agent');
  const wrong = await wrongAppCode(totp);
  const {browser} = await pendingSignIn(server, 'agent');
  const headers = {'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5'};
  const answers = [];
  for (let failure = 1; failure <= maxCodeFailures; ++failure) {
    answers.push(await browser.post('/api/session/second-step', {json: {code: wrong}, headers}));
  }
  const warning = answers[3].json.error.message;
  assert.ok(warning.includes(catalogText('zh-CN', 'error.lock_warning', {count: 1})), warning);
  assert.ok(warning.includes(catalogText('zh-CN', 'error.code_rejected')), warning);
  assertError(answers[4], 403, 'account_locked');
  assert.equal(answers[4].json.error.message, catalogText('zh-CN', 'error.account_locked'));
  browser.close();
});
