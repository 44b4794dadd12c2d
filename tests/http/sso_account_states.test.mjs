// A linked identity signs in as its person is: straight in, or asked for
// Twofold's code when the company wants the second factor after SSO
// (two_factor_after_sso), taken to the profile when the company requires
// 2FA and they have none, refused when their account is locked or disabled.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assert_flow_read_later} from '../support/flow.mjs';
import {
  ann, assert_redirected_to, assert_sso_failed, ben, configure_sso, linked_identities,
  link_through_bind, sso_sign_in, sso_with_google,
} from '../support/sso.mjs';
import {
  assert_error, cookie_in, finish_second_step, listed_user_id, lock_with_wrong_codes, pending_sign_in,
  session_cookie_name, sign_in_cookie_name, with_app_on, wrong_app_code,
} from '../support/two_factor.mjs';

// Ann linked to the agent, before anything else happens to the account.
async function ann_linked_to_agent(t) {
  const world = await sso_with_google(t);
  await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  return {world, linked: await linked_identities(world.server)};
}

test('with two_factor_after_sso on, a person with 2FA is asked for the code after SSO', async (t) => {
  const {world} = await ann_linked_to_agent(t);
  const {totp} = await with_app_on(world.server, 'agent');
  assert_redirected_to(await sso_sign_in(world.browser(), world.google, {login: ann.sub}), '/agent/',
    {}, 'off (the default): straight in despite 2FA');

  await configure_sso(world.admin, {two_factor_after_sso: true});
  const browser = world.browser();
  const began = Date.now();
  const answer = await sso_sign_in(browser, world.google, {login: ann.sub});
  assert_redirected_to(answer, '/verify/');
  assert.ok(cookie_in(answer, sign_in_cookie_name)?.value, 'the code step is a sign-in flow');
  assert.ok(!cookie_in(answer, session_cookie_name)?.value, 'no session before the code');
  assert.equal((await browser.get('/api/me')).status, 401);

  const page = await browser.get('/api/session/second-step');
  assert.equal(page.status, 200, page.text);
  assert_flow_read_later(page.json.flow, {state: 'second_factor', expires_in: 600, methods: ['app', 'backup_code']}, began);
  assert_error(await finish_second_step(browser, {code: await wrong_app_code(totp)}), 401, 'code_rejected');
  const right = await finish_second_step(browser, {code: await totp.next()});
  assert.equal(right.status, 200, right.text);
  assert.equal(right.json.home, '/agent/');
  assert.equal((await browser.get('/api/me')).json.user.username, world.server.demo.agent.account);
});

test('with two_factor_after_sso on, a person without 2FA goes straight in', async (t) => {
  const world = await sso_with_google(t);
  await configure_sso(world.admin, {two_factor_after_sso: true});
  await link_through_bind(world, world.google, {login: ben.sub, role: 'admin'});
  const answer = await sso_sign_in(world.browser(), world.google, {login: ben.sub});
  assert_redirected_to(answer, '/admin/');
  assert.ok(cookie_in(answer, session_cookie_name)?.value);
});

test('when the company requires 2FA, a person without it is taken to the profile, signed in', async (t) => {
  const {world} = await ann_linked_to_agent(t);
  const changed = await world.admin.request('/api/admin/security', {
    method: 'PUT', json: {lock_mode: 'until_unlocked', require_two_factor: true},
  });
  assert.equal(changed.status, 200, changed.text);
  const browser = world.browser();
  const answer = await sso_sign_in(browser, world.google, {login: ann.sub});
  assert_redirected_to(answer, '/profile/');
  assert.ok(cookie_in(answer, session_cookie_name)?.value, 'a session (one that must set 2FA up)');
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.status, 200, status.text);
});

test('a locked account: sent back with sso_error=locked, audited account_locked', async (t) => {
  const {world, linked} = await ann_linked_to_agent(t);
  const {totp} = await with_app_on(world.server, 'agent');
  const {browser: sign_in} = await pending_sign_in(world.server, 'agent');
  await lock_with_wrong_codes(sign_in, totp);
  sign_in.close();

  const answer = await sso_sign_in(world.browser(), world.google, {login: ann.sub});
  await assert_sso_failed(world.server, answer, 'account_locked', {
    location: ['/', {company: 'Demo', sso_error: 'locked'}], linked,
  });
});

test('a disabled account: the generic failure, audited account_disabled', async (t) => {
  const {world, linked} = await ann_linked_to_agent(t);
  const agent_id = await listed_user_id(world.admin, world.server.demo.agent.account);
  assert.equal((await world.admin.post(`/api/admin/users/${agent_id}/disable`)).status, 204);
  const answer = await sso_sign_in(world.browser(), world.google, {login: ann.sub});
  await assert_sso_failed(world.server, answer, 'account_disabled', {linked});

  assert.equal((await world.admin.post(`/api/admin/users/${agent_id}/enable`)).status, 204);
  assert_redirected_to(await sso_sign_in(world.browser(), world.google, {login: ann.sub}), '/agent/');
});
