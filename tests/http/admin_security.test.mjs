// The company's lock mode: until an administrator unlocks (the default) or
// for a number of minutes. Setting it takes effect on the next lock; a
// timed lock answers with the seconds left. The expiry itself needs a
// controllable clock and is tested in the server's unit tests.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {client, sign_in_as} from '../support/server.mjs';
import {
  assert_error, audit_events, catalog_text, listed_user_id, lock_with_wrong_codes, max_code_failures, pending_sign_in,
  server_for_test, signed_in_client, with_app_on,
} from '../support/two_factor.mjs';

const lock_minutes = 5;
// The 2FA policy's part of the settings while nobody changed it.
const default_settings = {
  default_lock_minutes: 5,
  two_factor_policy: {skip_days: null}, require_two_factor: false,
  ask_second_factor: {every_sign_in: true, new_device: false, new_location: false},
};

// `request`: the client's request options ({json}, or {body, headers}).
function put_security(browser, request) {
  return browser.request('/api/admin/security', {method: 'PUT', ...request});
}

// A timed lock's answer: `seconds` left within the lock time, the same in
// Retry-After, and the message saying the minutes.
function assert_timed_lock(answer, why) {
  assert_error(answer, 403, 'account_locked_timed', why);
  const {seconds, message} = answer.json.error;
  assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= lock_minutes * 60, `${why}: seconds ${seconds}`);
  assert.equal(answer.headers['retry-after'], String(seconds), why);
  assert.equal(message, catalog_text('en', 'error.account_locked_timed', {minutes: Math.ceil(seconds / 60)}), why);
}

test('the lock mode is until an admin unlocks by default and can be set to a number of minutes', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const before = await admin.get('/api/admin/security');
  assert.equal(before.status, 200, before.text);
  assert_documented(before, 'GET', '/api/admin/security');
  assert.deepEqual(before.json, {lock_mode: 'until_unlocked', ...default_settings});

  const changed = await put_security(admin, {json: {lock_mode: 'timed', lock_minutes}});
  assert.equal(changed.status, 200, changed.text);
  assert_documented(changed, 'PUT', '/api/admin/security');
  assert.deepEqual(changed.json, {lock_mode: 'timed', lock_minutes, ...default_settings});
  assert.deepEqual((await admin.get('/api/admin/security')).json,
    {lock_mode: 'timed', lock_minutes, ...default_settings});

  const limits = [{lock_minutes: 1}, {lock_minutes: 1440}];
  for (const {lock_minutes: minutes} of limits) {
    const answer = await put_security(admin, {json: {lock_mode: 'timed', lock_minutes: minutes}});
    assert.equal(answer.status, 200, `${minutes} minutes: ${answer.text}`);
    assert.equal(answer.json.lock_minutes, minutes);
  }

  const back = await put_security(admin, {json: {lock_mode: 'until_unlocked'}});
  assert.equal(back.status, 200, back.text);
  assert.deepEqual((await admin.get('/api/admin/security')).json, {lock_mode: 'until_unlocked', ...default_settings});

  // Each change is an audit event of the admin.
  const admin_id = await listed_user_id(admin, server.demo.admin.account);
  const changes = await audit_events(server, 'security_settings.changed');
  assert.deepEqual(changes.map(({user_id, detail}) => [user_id, detail.lock_mode, detail.lock_minutes]), [
    [admin_id, 'timed', lock_minutes], [admin_id, 'timed', 1], [admin_id, 'timed', 1440], [admin_id, 'until_unlocked', null],
  ]);
  admin.close();
});

test('invalid settings are 400 and change nothing', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const set = await put_security(admin, {json: {lock_mode: 'timed', lock_minutes: 7}});
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
    const answer = await put_security(admin, request);
    assert_error(answer, 400, code, what);
    assert_documented(answer, 'PUT', '/api/admin/security');
  }
  const field_errors = async (body) => {
    const answer = await put_security(admin, {json: body});
    return answer.json.error.fields.map(({field, code}) => [field, code]);
  };
  assert.deepEqual(await field_errors({lock_mode: 'timed', lock_minutes: 0}), [['lock_minutes', 'out_of_range']]);
  assert.deepEqual(await field_errors({lock_mode: 'forever'}), [['lock_mode', 'invalid_choice']]);
  assert.deepEqual((await admin.get('/api/admin/security')).json, {lock_mode: 'timed', lock_minutes: 7, ...default_settings},
    'unchanged');
  assert_error(await put_security(admin, {json: {lock_mode: 'until_unlocked'}, csrf: false}), 403, 'csrf_failed');
  assert.deepEqual((await admin.get('/api/admin/security')).json, {lock_mode: 'timed', lock_minutes: 7, ...default_settings},
    'unchanged');
  admin.close();
});

test('in timed mode the 5th wrong code locks for the set minutes, told in seconds', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const changed = await put_security(admin, {json: {lock_mode: 'timed', lock_minutes}});
  assert.equal(changed.status, 200, changed.text);
  admin.close();

  const {totp, user} = await with_app_on(server, 'agent');
  const {browser} = await pending_sign_in(server, 'agent');
  const locking = await lock_with_wrong_codes(browser, totp);
  assert_timed_lock(locking, 'the 5th wrong code');
  assert_documented(locking, 'POST', '/api/session/second-step');
  browser.close();

  const visitor = client(server.url);
  // The right password while locked is answered as a wrong one: the lock
  // and its time were told with the code that locked, and by mail.
  const sign_in = await sign_in_as(visitor, server.demo, 'agent');
  assert_error(sign_in, 401, 'sign_in_failed', 'the right password while locked');
  assert_documented(sign_in, 'POST', '/api/session');
  visitor.close();

  const [lock] = await audit_events(server, 'account.locked');
  assert.equal(lock.detail.minutes, lock_minutes, JSON.stringify(lock));
  const mail = await outbox_of(server).next({to: user.email, subject: catalog_text('en', 'mail.account_locked.subject')});
  assert.ok(mail.text.includes(catalog_text('en', 'mail.account_locked.timed', {minutes: lock_minutes})), mail.text);
  assert.ok(!mail.text.includes(catalog_text('en', 'mail.account_locked.until_unlocked')), mail.text);

  // An admin need not wait for the time to pass.
  const unlocker = await signed_in_client(server, 'admin');
  const unlocked = await unlocker.post(`/api/admin/users/${await listed_user_id(unlocker, user.account)}/unlock`);
  assert.equal(unlocked.status, 204, unlocked.text);
  unlocker.close();
  const again = await pending_sign_in(server, 'agent');
  assert.equal(again.answer.json.second_step.attempts_left, max_code_failures, 'the unlock forgot the wrong codes');
  again.browser.close();
});
