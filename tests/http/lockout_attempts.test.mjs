// Wrong codes at the second step are counted per account, across pending
// sign-ins and browsers: the 3rd and 4th failure warn, the 5th locks the
// account until an administrator unlocks it, and a locked account tells only
// someone with the right password that it is locked (issue 4).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of, six_digit_code} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {client, sign_in_as} from '../support/server.mjs';
import {
  assert_error, assert_locked_out, assert_signed_in_as, audit_events, catalog_text, clears, cookie_in,
  finish_second_step, lock_with_wrong_codes, max_code_failures, pending_sign_in, sign_in_cookie_name, server_for_test,
  with_app_on, with_email_on, wrong_app_code,
} from '../support/two_factor.mjs';

const code_rejected_text = catalog_text('en', 'error.code_rejected');

function warning_text(count) {
  return catalog_text('en', 'error.lock_warning', {count});
}

// A wrong code's answer: the count left, and the lock warning exactly when
// one or two attempts remain.
function assert_rejected(answer, attempts_left, why) {
  assert_error(answer, 401, 'code_rejected', why);
  assert.equal(answer.json.error.attempts_left, attempts_left, why);
  const {message} = answer.json.error;
  assert.ok(message.includes(code_rejected_text), `${why}: ${message}`);
  for (const count of [1, 2, 3, 4]) {
    const warned = message.includes(warning_text(count));
    assert.equal(warned, count === attempts_left && attempts_left <= 2, `${why}: warning for ${count} in "${message}"`);
  }
}

function lock_mail_subject() {
  return catalog_text('en', 'mail.account_locked.subject');
}

test('wrong codes from two browsers count down together, warn on the 3rd and 4th, and the 5th locks', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const wrong = await wrong_app_code(totp);

  const first = await pending_sign_in(server, 'agent');
  assert.equal(first.answer.json.second_step.attempts_left, max_code_failures);
  assert_rejected(await finish_second_step(first.browser, {code: wrong}), 4, 'failure 1');
  assert_rejected(await finish_second_step(first.browser, {code: wrong}), 3, 'failure 2');

  // Another browser with its own pending sign-in shares the account's count.
  const second = await pending_sign_in(server, 'agent');
  assert.equal(second.answer.json.second_step.attempts_left, 3, 'a new sign-in does not reset the count');
  const warned = await finish_second_step(second.browser, {code: wrong});
  assert_rejected(warned, 2, 'failure 3');
  assert_documented(warned, 'POST', '/api/session/second-step');
  assert_rejected(await finish_second_step(second.browser, {code: wrong}), 1, 'failure 4');

  const locking = await finish_second_step(first.browser, {code: wrong});
  assert_error(locking, 403, 'account_locked', 'failure 5');
  assert.equal(locking.json.error.message, catalog_text('en', 'error.account_locked'));
  assert.equal(locking.json.error.attempts_left, undefined);
  assert.ok(clears(cookie_in(locking, sign_in_cookie_name)), 'the locking answer ends the pending sign-in');
  assert_documented(locking, 'POST', '/api/session/second-step');

  // No code is evaluated any more, not even the right one in the other browser.
  const right = await finish_second_step(second.browser, {code: await totp.next()});
  assert_locked_out(right, 'the right code on a locked account');
  const me = await second.browser.get('/api/me');
  assert.equal(me.status, 401, me.text);
  assert.deepEqual(await audit_events(server, 'second_step.succeeded'), [], 'the right code was not looked at');
  // The pending sign-ins of a locked account are over.
  const status = await second.browser.get('/api/session/second-step');
  assert_error(status, 401, 'second_step_expired', 'status after the lock');
  first.browser.close();
  second.browser.close();
});

test('a correct code forgets the wrong ones before it', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const wrong = await wrong_app_code(totp);

  const first = await pending_sign_in(server, 'agent');
  assert_rejected(await finish_second_step(first.browser, {code: wrong}), 4, 'failure 1');
  assert_rejected(await finish_second_step(first.browser, {code: wrong}), 3, 'failure 2');
  const accepted = await finish_second_step(first.browser, {code: await totp.next()});
  assert.equal(accepted.status, 200, accepted.text);
  await assert_signed_in_as(first.browser, server, 'agent');
  first.browser.close();

  const next = await pending_sign_in(server, 'agent');
  assert.equal(next.answer.json.second_step.attempts_left, max_code_failures, 'the next sign-in starts afresh');
  assert_rejected(await finish_second_step(next.browser, {code: wrong}), 4, 'first failure after the success');
  next.browser.close();
});

test('a locked account: its right password answered exactly as a wrong one, one mail', async (t) => {
  const server = await server_for_test(t);
  const {totp, user} = await with_app_on(server, 'agent');
  const {browser} = await pending_sign_in(server, 'agent');
  const locking = await lock_with_wrong_codes(browser, totp);
  assert_error(locking, 403, 'account_locked');
  browser.close();

  const {company} = server.demo;
  const visitor = client(server.url);
  const right_password = await sign_in_as(visitor, server.demo, 'agent');
  assert_error(right_password, 401, 'sign_in_failed', 'the right password of a locked account');
  // The device cookie a new browser gets at any sign-in step opens nothing.
  assert.ok(right_password.set_cookies.filter(({name}) => name !== 'twofold_device').every(clears),
    'neither a pending sign-in nor a session');
  assert_documented(right_password, 'POST', '/api/session');
  assert.equal((await audit_events(server, 'sign_in.locked')).length, 1, 'the refused sign-in is audited');

  // Nothing tells the right password from a wrong one, nor a locked account from an unknown one.
  const sign_in = (account, password) => visitor.post('/api/session', {json: {company, account, password}});
  const wrong_password = await sign_in(user.account, `${user.password}x`);
  const unknown_account = await sign_in('nobody', user.password);
  assert_error(wrong_password, 401, 'sign_in_failed');
  assert.equal(right_password.text, wrong_password.text);
  assert.equal(wrong_password.text, unknown_account.text);
  visitor.close();

  const mail = await outbox_of(server).next({to: user.email, subject: lock_mail_subject()});
  assert.ok(mail.text.includes(catalog_text('en', 'mail.account_locked.until_unlocked')), mail.text);
  assert.ok(mail.text.includes(user.account), `the mail names the account: ${mail.text}`);
  assert.ok(mail.text.includes(company), `the mail names the company: ${mail.text}`);
  // Mail is queued in the database with the lock itself, so the count there is final.
  const queued = await server.rows('SELECT recipient, subject FROM mail_outbox');
  const lock_mails = queued.filter((row) => row.recipient.toLowerCase().includes(user.email.toLowerCase())
    && row.subject === lock_mail_subject());
  assert.equal(lock_mails.length, 1, JSON.stringify(queued));
});

// A six-digit code that is not `code`.
function other_than(code) {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

test('wrong email codes and wrong backup codes count together towards the lock', async (t) => {
  const server = await server_for_test(t);
  const inbox = outbox_of(server);
  const {user} = await with_email_on(server, 'agent', inbox);
  // Well-formed backup codes, but another user's.
  const {backup_codes: not_the_agents} = await with_app_on(server, 'admin');

  const {browser} = await pending_sign_in(server, 'agent');
  const mailed_code = six_digit_code((await inbox.next({to: user.email})).text);
  const wrong_email_code = other_than(mailed_code);
  assert_rejected(await finish_second_step(browser, {code: wrong_email_code}), 4, 'wrong email code');
  assert_rejected(await finish_second_step(browser, {backup_code: not_the_agents[0]}), 3, 'wrong backup code');
  assert_rejected(await finish_second_step(browser, {backup_code: not_the_agents[1]}), 2, 'wrong backup code');
  assert_rejected(await finish_second_step(browser, {code: wrong_email_code}), 1, 'wrong email code');
  assert_error(await finish_second_step(browser, {backup_code: not_the_agents[2]}), 403, 'account_locked', 'failure 5');
  browser.close();

  const failures = await audit_events(server, 'second_step.failed');
  assert.deepEqual(failures.map(({detail}) => [detail.method, detail.kind, detail.attempts_left]), [
    ['email', 'code', 4], ['email', 'backup_code', 3], ['email', 'backup_code', 2], ['email', 'code', 1],
    ['email', 'backup_code', 0],
  ]);
  const locks = await audit_events(server, 'account.locked');
  assert.equal(locks.length, 1);
  assert.equal(locks[0].user_id, failures[0].user_id);
});

test('the warning and the lock speak the caller\'s language', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const wrong = await wrong_app_code(totp);
  const {browser} = await pending_sign_in(server, 'agent');
  const headers = {'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5'};
  const answers = [];
  for (let failure = 1; failure <= max_code_failures; ++failure) {
    answers.push(await browser.post('/api/session/second-step', {json: {code: wrong}, headers}));
  }
  const warning = answers[3].json.error.message;
  assert.ok(warning.includes(catalog_text('zh-CN', 'error.lock_warning', {count: 1})), warning);
  assert.ok(warning.includes(catalog_text('zh-CN', 'error.code_rejected')), warning);
  assert_error(answers[4], 403, 'account_locked');
  assert.equal(answers[4].json.error.message, catalog_text('zh-CN', 'error.account_locked'));
  browser.close();
});
