// An administrator unlocks an account that wrong codes locked: sign-in works
// again and the unlock is audited. Only administrators, and only for their
// own company: everyone else gets an answer that tells them nothing (issue 4).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {add_other_company, sign_in_person} from '../support/people.mjs';
import {client, sign_in_as} from '../support/server.mjs';
import {
  assert_error, assert_signed_in_as, audit_events, finish_second_step, listed_user_id, listed_users, lock_with_wrong_codes,
  max_code_failures, pending_sign_in, server_for_test, signed_in_client, with_app_on,
} from '../support/two_factor.mjs';

const unknown_id = 987654321;

function unlock_path(id) {
  return `/api/admin/users/${id}/unlock`;
}

// A locked demo agent (app on): resolves to {user, totp}.
async function locked_agent(server) {
  const {totp, user} = await with_app_on(server, 'agent');
  const {browser} = await pending_sign_in(server, 'agent');
  assert_error(await lock_with_wrong_codes(browser, totp), 403, 'account_locked');
  browser.close();
  return {user, totp};
}

// The right password is refused, answered as a wrong one, and audited as refused for the lock.
async function assert_locked(server, role) {
  const refusals = (await audit_events(server, 'sign_in.locked')).length;
  const visitor = client(server.url);
  const answer = await sign_in_as(visitor, server.demo, role);
  assert_error(answer, 401, 'sign_in_failed', `${role} is still locked`);
  assert.equal((await audit_events(server, 'sign_in.locked')).length, refusals + 1, `${role} is refused for the lock`);
  visitor.close();
}

test('an admin unlocks a locked agent: audited with the admin\'s id, and the agent signs in again', async (t) => {
  const server = await server_for_test(t);
  const {user, totp} = await locked_agent(server);
  const admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(admin, user.account);
  const admin_id = await listed_user_id(admin, server.demo.admin.account);

  const unlocked = await admin.post(unlock_path(agent_id));
  assert.equal(unlocked.status, 204, unlocked.text);
  assert.equal(unlocked.text, '');

  const events = await audit_events(server, 'account.unlocked');
  assert.equal(events.length, 1, JSON.stringify(events));
  assert.equal(events[0].user_id, agent_id, 'the event is about the agent');
  assert.equal(events[0].detail.by_user_id, admin_id, 'and names the admin');

  const {browser, answer} = await pending_sign_in(server, 'agent');
  assert.equal(answer.json.second_step.attempts_left, max_code_failures, 'the unlock forgot the wrong codes');
  const signed_in = await finish_second_step(browser, {code: await totp.next()});
  assert.equal(signed_in.status, 200, signed_in.text);
  await assert_signed_in_as(browser, server, 'agent');
  browser.close();

  const again = await admin.post(unlock_path(agent_id));
  assert.equal(again.status, 204, `unlocking an open account: ${again.text}`);
  admin.close();
});

test('a lock ends every pending sign-in of the account: after the unlock the password is asked again', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const locking = await pending_sign_in(server, 'agent');
  // A second browser that passed the password before the lock and sends
  // nothing while the account is locked.
  const waiting = await pending_sign_in(server, 'agent');
  assert_error(await lock_with_wrong_codes(locking.browser, totp), 403, 'account_locked');
  locking.browser.close();

  const admin = await signed_in_client(server, 'admin');
  const unlocked = await admin.post(unlock_path(await listed_user_id(admin, server.demo.agent.account)));
  assert.equal(unlocked.status, 204, unlocked.text);
  admin.close();

  // docs/openapi.yaml: second_step_expired when "the account was locked. Sign in again."
  assert_error(await waiting.browser.get('/api/session/second-step'), 401, 'second_step_expired', 'status');
  const code = await finish_second_step(waiting.browser, {code: await totp.next()});
  assert_error(code, 401, 'second_step_expired', 'the right code in a sign-in begun before the lock');
  const me = await waiting.browser.get('/api/me');
  assert.equal(me.status, 401, me.text);
  waiting.browser.close();
});

test('an agent gets the same 403 forbidden from every admin route, whatever the id', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const admin_id = await listed_user_id(admin, server.demo.admin.account);
  const agent_id = await listed_user_id(admin, server.demo.agent.account);
  const agent = await signed_in_client(server, 'agent');

  const answers = {
    'unlock the admin': await agent.post(unlock_path(admin_id)),
    'unlock oneself': await agent.post(unlock_path(agent_id)),
    'unlock an unknown id': await agent.post(unlock_path(unknown_id)),
  };
  for (const [what, answer] of Object.entries(answers)) {
    assert_error(answer, 403, 'forbidden', what);
    assert.equal(answer.text, answers['unlock an unknown id'].text, `${what}: nothing tells the ids apart`);
  }
  assert_error(await agent.get('/api/admin/users'), 403, 'forbidden', 'the list');
  // The role is checked before anything else, so not even validation answers.
  assert_error(await agent.get(`/api/admin/users?q=${'x'.repeat(101)}&page=0`), 403, 'forbidden', 'an invalid search');
  assert_error(await agent.get('/api/admin/security'), 403, 'forbidden', 'the settings');
  const timed = {lock_mode: 'timed', lock_minutes: 5};
  const change = await agent.request('/api/admin/security', {method: 'PUT', json: timed});
  assert_error(change, 403, 'forbidden', 'changing the settings');
  const invalid_change = await agent.request('/api/admin/security', {method: 'PUT', json: {lock_mode: 'forever'}});
  assert_error(invalid_change, 403, 'forbidden', 'invalid settings');

  const settings = await admin.get('/api/admin/security');
  assert.deepEqual(settings.json,
    {lock_mode: 'until_unlocked', default_lock_minutes: 5, two_factor_policy: {skip_days: null}, require_two_factor: false,
      ask_second_factor: {every_sign_in: true, new_device: false, new_location: false}},
    'the agent changed nothing');
  assert.equal((await audit_events(server, 'account.unlocked')).length, 0, 'and unlocked nothing');
  agent.close();
  admin.close();
});

test('unlocking needs a session and the CSRF header; an unknown id is 403 person_not_in_company', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(admin, server.demo.agent.account);

  assert_error(await admin.post(unlock_path(unknown_id)), 403, 'person_not_in_company', 'an unknown id');
  assert_error(await admin.post(unlock_path(agent_id), {csrf: false}), 403, 'csrf_failed', 'no X-Requested-With');
  const stranger = client(server.url);
  assert_error(await stranger.post(unlock_path(agent_id)), 401, 'not_signed_in', 'no session');
  assert_error(await stranger.get('/api/admin/users'), 401, 'not_signed_in', 'no session');
  stranger.close();
  assert.equal((await audit_events(server, 'account.unlocked')).length, 0);
  admin.close();
});

test('an admin of another company cannot unlock or even see the demo company\'s people', async (t) => {
  const server = await server_for_test(t);
  const other_admin = await add_other_company(server);

  const {user} = await locked_agent(server);
  const demo_admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(demo_admin, user.account);
  const demo_listing = await listed_users(demo_admin);
  assert.ok(!demo_listing.some((row) => row.username === 'other-admin'), 'the other company stays out of the list');

  const other = client(server.url);
  await sign_in_person(other, other_admin);
  const other_listing = await listed_users(other);
  assert.deepEqual(other_listing.map((row) => row.username), ['other-admin']);
  const other_admin_id = other_listing[0].id;

  const unlock = await other.post(unlock_path(agent_id));
  const unknown = await other.post(unlock_path(unknown_id));
  assert_error(unlock, 403, 'person_not_in_company', 'another company\'s user');
  assert.equal(unlock.text, unknown.text, 'as if the user did not exist');
  await assert_locked(server, 'agent');
  assert.equal((await audit_events(server, 'account.unlocked')).length, 0);

  // And the other way round.
  const reverse = await demo_admin.post(unlock_path(other_admin_id));
  assert_error(reverse, 403, 'person_not_in_company', 'the demo admin unlocking the other company\'s admin');
  other.close();
  demo_admin.close();
});
