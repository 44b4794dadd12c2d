// The company's lock mode: until an administrator unlocks (the default) or
// for a number of minutes. Setting it takes effect on the next lock; a
// timed lock answers with the seconds left. The expiry itself needs a
// controllable clock and is tested in the server's unit tests.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf} from '../support/mail.mjs';
import {assertDocumented} from '../support/openapi_schema.mjs';
import {client, signInAs} from '../support/server.mjs';
import {
  assertError, auditEvents, catalogText, listedUserId, lockWithWrongCodes, maxCodeFailures, pendingSignIn,
  serverForTest, signedInClient, withAppOn,
} from '../support/two_factor.mjs';

const lockMinutes = 5;
// The 2FA policy's part of the settings while nobody changed it.
const defaultPolicy = {two_factor_policy: {skip_days: null}, require_two_factor: false};

// `request`: the client's request options ({json}, or {body, headers}).
function putSecurity(browser, request) {
  return browser.request('/api/admin/security', {method: 'PUT', ...request});
}

// A timed lock's answer: `seconds` left within the lock time, the same in
// Retry-After, and the message saying the minutes.
function assertTimedLock(answer, why) {
  assertError(answer, 403, 'account_locked_timed', why);
  const {seconds, message} = answer.json.error;
  assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= lockMinutes * 60, `${why}: seconds ${seconds}`);
  assert.equal(answer.headers['retry-after'], String(seconds), why);
  assert.equal(message, catalogText('en', 'error.account_locked_timed', {minutes: Math.ceil(seconds / 60)}), why);
}

test('the lock mode is until an admin unlocks by default and can be set to a number of minutes', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const before = await admin.get('/api/admin/security');
  assert.equal(before.status, 200, before.text);
  assertDocumented(before, 'GET', '/api/admin/security');
  assert.deepEqual(before.json, {lock_mode: 'until_unlocked', ...defaultPolicy});

  const changed = await putSecurity(admin, {json: {lock_mode: 'timed', lock_minutes: lockMinutes}});
  assert.equal(changed.status, 200, changed.text);
  assertDocumented(changed, 'PUT', '/api/admin/security');
  assert.deepEqual(changed.json, {lock_mode: 'timed', lock_minutes: lockMinutes, ...defaultPolicy});
  assert.deepEqual((await admin.get('/api/admin/security')).json,
    {lock_mode: 'timed', lock_minutes: lockMinutes, ...defaultPolicy});

  const limits = [{lock_minutes: 1}, {lock_minutes: 1440}];
  for (const {lock_minutes: minutes} of limits) {
    const answer = await putSecurity(admin, {json: {lock_mode: 'timed', lock_minutes: minutes}});
    assert.equal(answer.status, 200, `${minutes} minutes: ${answer.text}`);
    assert.equal(answer.json.lock_minutes, minutes);
  }

  const back = await putSecurity(admin, {json: {lock_mode: 'until_unlocked'}});
  assert.equal(back.status, 200, back.text);
  assert.deepEqual((await admin.get('/api/admin/security')).json, {lock_mode: 'until_unlocked', ...defaultPolicy});

  // Each change is an audit event of the admin.
  const adminId = await listedUserId(admin, server.demo.admin.account);
  const changes = await auditEvents(server, 'security_settings.changed');
  assert.deepEqual(changes.map(({user_id: userId, detail}) => [userId, detail.lock_mode, detail.lock_minutes]), [
    [adminId, 'timed', lockMinutes], [adminId, 'timed', 1], [adminId, 'timed', 1440], [adminId, 'until_unlocked', null],
  ]);
  admin.close();
});

test('invalid settings are 400 and change nothing', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const set = await putSecurity(admin, {json: {lock_mode: 'timed', lock_minutes: 7}});
  assert.equal(set.status, 200, set.text);

  // [what, request, the error code of the 400]
  const invalid = [
    ['zero minutes', {json: {lock_mode: 'timed', lock_minutes: 0}}, 'validation_failed'],
    ['more than a day', {json: {lock_mode: 'timed', lock_minutes: 1441}}, 'validation_failed'],
    ['negative minutes', {json: {lock_mode: 'timed', lock_minutes: -5}}, 'validation_failed'],
    ['fractional minutes', {json: {lock_mode: 'timed', lock_minutes: 5.5}}, 'validation_failed'],
    ['minutes as text', {json: {lock_mode: 'timed', lock_minutes: '5'}}, 'validation_failed'],
    ['an unknown mode', {json: {lock_mode: 'forever'}}, 'validation_failed'],
    ['the mode as a number', {json: {lock_mode: 1}}, 'validation_failed'],
    ['no mode', {json: {lock_minutes: 5}}, 'validation_failed'],
    ['an array', {json: [{lock_mode: 'until_unlocked'}]}, 'malformed_json'],
    ['not JSON', {body: 'lock_mode=timed', headers: {'content-type': 'application/json'}}, 'malformed_json'],
  ];
  for (const [what, request, code] of invalid) {
    const answer = await putSecurity(admin, request);
    assertError(answer, 400, code, what);
    assertDocumented(answer, 'PUT', '/api/admin/security');
  }
  const fieldErrors = async (body) => {
    const answer = await putSecurity(admin, {json: body});
    return answer.json.error.fields.map(({field, code}) => [field, code]);
  };
  assert.deepEqual(await fieldErrors({lock_mode: 'timed', lock_minutes: 0}), [['lock_minutes', 'out_of_range']]);
  assert.deepEqual(await fieldErrors({lock_mode: 'forever'}), [['lock_mode', 'invalid_choice']]);
  assert.deepEqual((await admin.get('/api/admin/security')).json, {lock_mode: 'timed', lock_minutes: 7, ...defaultPolicy},
    'unchanged');
  assertError(await putSecurity(admin, {json: {lock_mode: 'until_unlocked'}, csrf: false}), 403, 'csrf_failed');
  assert.deepEqual((await admin.get('/api/admin/security')).json, {lock_mode: 'timed', lock_minutes: 7, ...defaultPolicy},
    'unchanged');
  admin.close();
});

test('in timed mode the 5th wrong code locks for the set minutes, told in seconds', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const changed = await putSecurity(admin, {json: {lock_mode: 'timed', lock_minutes: lockMinutes}});
  assert.equal(changed.status, 200, changed.text);
  admin.close();

  const {totp, user} = await withAppOn(server, 'agent');
  const {browser} = await pendingSignIn(server, 'agent');
  const locking = await lockWithWrongCodes(browser, totp);
  assertTimedLock(locking, 'the 5th wrong code');
  assertDocumented(locking, 'POST', '/api/session/second-step');
  browser.close();

  const visitor = client(server.url);
  const signIn = await signInAs(visitor, server.demo, 'agent');
  assertTimedLock(signIn, 'the right password while locked');
  assertDocumented(signIn, 'POST', '/api/session');
  assert.ok(signIn.json.error.seconds <= locking.json.error.seconds, 'the time left only goes down');
  visitor.close();

  const [lock] = await auditEvents(server, 'account.locked');
  assert.equal(lock.detail.minutes, lockMinutes, JSON.stringify(lock));
  const mail = await outboxOf(server).next({to: user.email, subject: catalogText('en', 'mail.account_locked.subject')});
  assert.ok(mail.text.includes(catalogText('en', 'mail.account_locked.timed', {minutes: lockMinutes})), mail.text);
  assert.ok(!mail.text.includes(catalogText('en', 'mail.account_locked.until_unlocked')), mail.text);

  // An admin need not wait for the time to pass.
  const unlocker = await signedInClient(server, 'admin');
  const unlocked = await unlocker.post(`/api/admin/users/${await listedUserId(unlocker, user.account)}/unlock`);
  assert.equal(unlocked.status, 204, unlocked.text);
  unlocker.close();
  const again = await pendingSignIn(server, 'agent');
  assert.equal(again.answer.json.second_step.attempts_left, maxCodeFailures, 'the unlock forgot the wrong codes');
  again.browser.close();
});
