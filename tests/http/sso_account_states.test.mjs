// A linked identity signs in as its person is: straight in, or asked for
// Twofold's code when the company wants the second factor after SSO
// (two_factor_after_sso), taken to the profile when the company requires
// 2FA and they have none, refused when their account is locked or disabled.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  ann, assertRedirectedTo, assertSsoFailed, ben, configureSso, linkedIdentities, linkThroughBind, ssoSignIn,
  ssoWithGoogle,
} from '../support/sso.mjs';
import {
  assertError, cookieIn, finishSecondStep, listedUserId, lockWithWrongCodes, pendingSignIn, sessionCookieName,
  signInCookieName, withAppOn, wrongAppCode,
} from '../support/two_factor.mjs';

// Ann linked to the agent, before anything else happens to the account.
async function annLinkedToAgent(t) {
  const world = await ssoWithGoogle(t);
  await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  return {world, linked: await linkedIdentities(world.server)};
}

test('with two_factor_after_sso on, a person with 2FA is asked for the code after SSO', async (t) => {
  const {world} = await annLinkedToAgent(t);
  const {totp} = await withAppOn(world.server, 'agent');
  assertRedirectedTo(await ssoSignIn(world.browser(), world.google, {login: ann.sub}), '/agent/',
    {}, 'off (the default): straight in despite 2FA');

  await configureSso(world.admin, {twoFactorAfterSso: true});
  const browser = world.browser();
  const answer = await ssoSignIn(browser, world.google, {login: ann.sub});
  assertRedirectedTo(answer, '/verify/');
  assert.ok(cookieIn(answer, signInCookieName)?.value, 'the code step is a sign-in flow');
  assert.ok(!cookieIn(answer, sessionCookieName)?.value, 'no session before the code');
  assert.equal((await browser.get('/api/me')).status, 401);

  const page = await browser.get('/api/session/second-step');
  assert.equal(page.status, 200, page.text);
  assert.deepEqual(page.json.flow, {state: 'second_factor', expires_in: 600, methods: ['app', 'backup_code']});
  assertError(await finishSecondStep(browser, {code: await wrongAppCode(totp)}), 401, 'code_rejected');
  const right = await finishSecondStep(browser, {code: await totp.next()});
  assert.equal(right.status, 200, right.text);
  assert.equal(right.json.home, '/agent/');
  assert.equal((await browser.get('/api/me')).json.user.username, world.server.demo.agent.account);
});

test('with two_factor_after_sso on, a person without 2FA goes straight in', async (t) => {
  const world = await ssoWithGoogle(t);
  await configureSso(world.admin, {twoFactorAfterSso: true});
  await linkThroughBind(world, world.google, {login: ben.sub, role: 'admin'});
  const answer = await ssoSignIn(world.browser(), world.google, {login: ben.sub});
  assertRedirectedTo(answer, '/admin/');
  assert.ok(cookieIn(answer, sessionCookieName)?.value);
});

test('when the company requires 2FA, a person without it is taken to the profile, signed in', async (t) => {
  const {world} = await annLinkedToAgent(t);
  const changed = await world.admin.request('/api/admin/security', {
    method: 'PUT', json: {lock_mode: 'until_unlocked', require_two_factor: true},
  });
  assert.equal(changed.status, 200, changed.text);
  const browser = world.browser();
  const answer = await ssoSignIn(browser, world.google, {login: ann.sub});
  assertRedirectedTo(answer, '/profile/');
  assert.ok(cookieIn(answer, sessionCookieName)?.value, 'a session (one that must set 2FA up)');
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.status, 200, status.text);
});

test('a locked account: sent back with sso_error=locked, audited account_locked', async (t) => {
  const {world, linked} = await annLinkedToAgent(t);
  const {totp} = await withAppOn(world.server, 'agent');
  const {browser: signIn} = await pendingSignIn(world.server, 'agent');
  await lockWithWrongCodes(signIn, totp);
  signIn.close();

  const answer = await ssoSignIn(world.browser(), world.google, {login: ann.sub});
  await assertSsoFailed(world.server, answer, 'account_locked', {location: ['/', {company: 'Demo', sso_error: 'locked'}], linked});
});

test('a disabled account: the generic failure, audited account_disabled', async (t) => {
  const {world, linked} = await annLinkedToAgent(t);
  const agentId = await listedUserId(world.admin, world.server.demo.agent.account);
  assert.equal((await world.admin.post(`/api/admin/users/${agentId}/disable`)).status, 204);
  const answer = await ssoSignIn(world.browser(), world.google, {login: ann.sub});
  await assertSsoFailed(world.server, answer, 'account_disabled', {linked});

  assert.equal((await world.admin.post(`/api/admin/users/${agentId}/enable`)).status, 204);
  assertRedirectedTo(await ssoSignIn(world.browser(), world.google, {login: ann.sub}), '/agent/');
});
