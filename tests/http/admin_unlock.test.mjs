// An administrator unlocks an account that wrong codes locked: sign-in works
// again and the unlock is audited. Only administrators, and only for their
// own company: everyone else gets an answer that tells them nothing (issue 4).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {addOtherCompany, signInPerson} from '../support/people.mjs';
import {client, signInAs} from '../support/server.mjs';
import {
  assertError, assertSignedInAs, auditEvents, finishSecondStep, listedUserId, listedUsers, lockWithWrongCodes,
  maxCodeFailures, pendingSignIn, serverForTest, signedInClient, withAppOn,
} from '../support/two_factor.mjs';

const unknownId = 987654321;

function unlockPath(id) {
  return `/api/admin/users/${id}/unlock`;
}

// A locked demo agent (app on): resolves to {user, totp}.
async function lockedAgent(server) {
  const {totp, user} = await withAppOn(server, 'agent');
  const {browser} = await pendingSignIn(server, 'agent');
  assertError(await lockWithWrongCodes(browser, totp), 403, 'account_locked');
  browser.close();
  return {user, totp};
}

async function assertLocked(server, role) {
  const visitor = client(server.url);
  const answer = await signInAs(visitor, server.demo, role);
  assertError(answer, 403, 'account_locked', `${role} is still locked`);
  visitor.close();
}

test('an admin unlocks a locked agent: audited with the admin\'s id, and the agent signs in again', async (t) => {
  const server = await serverForTest(t);
  const {user, totp} = await lockedAgent(server);
  const admin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(admin, user.account);
  const adminId = await listedUserId(admin, server.demo.admin.account);

  const unlocked = await admin.post(unlockPath(agentId));
  assert.equal(unlocked.status, 204, unlocked.text);
  assert.equal(unlocked.text, '');

  const events = await auditEvents(server, 'account.unlocked');
  assert.equal(events.length, 1, JSON.stringify(events));
  assert.equal(events[0].user_id, agentId, 'the event is about the agent');
  assert.equal(events[0].detail.by_user_id, adminId, 'and names the admin');

  const {browser, answer} = await pendingSignIn(server, 'agent');
  assert.equal(answer.json.second_step.attempts_left, maxCodeFailures, 'the unlock forgot the wrong codes');
  const signedIn = await finishSecondStep(browser, {code: await totp.next()});
  assert.equal(signedIn.status, 200, signedIn.text);
  await assertSignedInAs(browser, server, 'agent');
  browser.close();

  const again = await admin.post(unlockPath(agentId));
  assert.equal(again.status, 204, `unlocking an open account: ${again.text}`);
  admin.close();
});

test('a lock ends every pending sign-in of the account: after the unlock the password is asked again', async (t) => {
  const server = await serverForTest(t);
  const {totp} = await withAppOn(server, 'agent');
  const locking = await pendingSignIn(server, 'agent');
  // A second browser that passed the password before the lock and sends
  // nothing while the account is locked.
  const waiting = await pendingSignIn(server, 'agent');
  assertError(await lockWithWrongCodes(locking.browser, totp), 403, 'account_locked');
  locking.browser.close();

  const admin = await signedInClient(server, 'admin');
  const unlocked = await admin.post(unlockPath(await listedUserId(admin, server.demo.agent.account)));
  assert.equal(unlocked.status, 204, unlocked.text);
  admin.close();

  // docs/openapi.yaml: second_step_expired when "the account was locked. Sign in again."
  assertError(await waiting.browser.get('/api/session/second-step'), 401, 'second_step_expired', 'status');
  const code = await finishSecondStep(waiting.browser, {code: await totp.next()});
  assertError(code, 401, 'second_step_expired', 'the right code in a sign-in begun before the lock');
  const me = await waiting.browser.get('/api/me');
  assert.equal(me.status, 401, me.text);
  waiting.browser.close();
});

test('an agent gets the same 403 forbidden from every admin route, whatever the id', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const adminId = await listedUserId(admin, server.demo.admin.account);
  const agentId = await listedUserId(admin, server.demo.agent.account);
  const agent = await signedInClient(server, 'agent');

  const answers = {
    'unlock the admin': await agent.post(unlockPath(adminId)),
    'unlock oneself': await agent.post(unlockPath(agentId)),
    'unlock an unknown id': await agent.post(unlockPath(unknownId)),
  };
  for (const [what, answer] of Object.entries(answers)) {
    assertError(answer, 403, 'forbidden', what);
    assert.equal(answer.text, answers['unlock an unknown id'].text, `${what}: nothing tells the ids apart`);
  }
  assertError(await agent.get('/api/admin/users'), 403, 'forbidden', 'the list');
  // The role is checked before anything else, so not even validation answers.
  assertError(await agent.get(`/api/admin/users?q=${'x'.repeat(101)}&page=0`), 403, 'forbidden', 'an invalid search');
  assertError(await agent.get('/api/admin/security'), 403, 'forbidden', 'the settings');
  const timed = {lock_mode: 'timed', lock_minutes: 5};
  const change = await agent.request('/api/admin/security', {method: 'PUT', json: timed});
  assertError(change, 403, 'forbidden', 'changing the settings');
  const invalidChange = await agent.request('/api/admin/security', {method: 'PUT', json: {lock_mode: 'forever'}});
  assertError(invalidChange, 403, 'forbidden', 'invalid settings');

  const settings = await admin.get('/api/admin/security');
  assert.deepEqual(settings.json,
    {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: null}, require_two_factor: false},
    'the agent changed nothing');
  assert.equal((await auditEvents(server, 'account.unlocked')).length, 0, 'and unlocked nothing');
  agent.close();
  admin.close();
});

test('unlocking needs a session and the CSRF header; an unknown id is 403 person_not_in_company', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(admin, server.demo.agent.account);

  assertError(await admin.post(unlockPath(unknownId)), 403, 'person_not_in_company', 'an unknown id');
  assertError(await admin.post(unlockPath(agentId), {csrf: false}), 403, 'csrf_failed', 'no X-Requested-With');
  const stranger = client(server.url);
  assertError(await stranger.post(unlockPath(agentId)), 401, 'not_signed_in', 'no session');
  assertError(await stranger.get('/api/admin/users'), 401, 'not_signed_in', 'no session');
  stranger.close();
  assert.equal((await auditEvents(server, 'account.unlocked')).length, 0);
  admin.close();
});

test('an admin of another company cannot unlock or even see the demo company\'s people', async (t) => {
  const server = await serverForTest(t);
  const otherAdmin = await addOtherCompany(server);

  const {user} = await lockedAgent(server);
  const demoAdmin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(demoAdmin, user.account);
  const demoListing = await listedUsers(demoAdmin);
  assert.ok(!demoListing.some((row) => row.username === 'other-admin'), 'the other company stays out of the list');

  const other = client(server.url);
  await signInPerson(other, otherAdmin);
  const otherListing = await listedUsers(other);
  assert.deepEqual(otherListing.map((row) => row.username), ['other-admin']);
  const otherAdminId = otherListing[0].id;

  const unlock = await other.post(unlockPath(agentId));
  const unknown = await other.post(unlockPath(unknownId));
  assertError(unlock, 403, 'person_not_in_company', 'another company\'s user');
  assert.equal(unlock.text, unknown.text, 'as if the user did not exist');
  await assertLocked(server, 'agent');
  assert.equal((await auditEvents(server, 'account.unlocked')).length, 0);

  // And the other way round.
  const reverse = await demoAdmin.post(unlockPath(otherAdminId));
  assertError(reverse, 403, 'person_not_in_company', 'the demo admin unlocking the other company\'s admin');
  other.close();
  demoAdmin.close();
});
