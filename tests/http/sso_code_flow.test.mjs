// Signing in with each provider through the whole authorization-code flow
// with PKCE (RFC 7636), against real OpenID providers: the first sign-in of
// an identity binds it to an account, later ones go straight in. What the
// provider saw is checked at the provider: S256, a state, a nonce, the
// scopes, and a token request whose verifier answers the challenge.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  adele, ann, assert_pkce_used, assert_redirected_to, configure_sso, contoso, fabrikam, finn, gia, linked_identities,
  link_of, link_through_bind, sso_server, sso_sign_in, start_generic_oidc, start_google_like, start_microsoft_like,
} from '../support/sso.mjs';
import {audit_events, cookie_in, listed_user_id, session_cookie_name} from '../support/two_factor.mjs';

// A later sign-in of a linked identity: straight to `home`, signed in as `role`.
async function assert_straight_in(world, provider, {login, role, home}) {
  const browser = world.browser();
  const answer = await sso_sign_in(browser, provider, {login});
  assert_redirected_to(answer, home);
  assert.ok(cookie_in(answer, session_cookie_name)?.value, 'a session');
  const me = await browser.get('/api/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.user.username, world.server.demo[role].account);
  assert_pkce_used(provider);
}

test('Google: bound on the first sign-in, straight into the agent panel on the next, PKCE each time', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  await configure_sso(world.admin, {providers: {google: google.settings()}});

  const {browser, answer} = await link_through_bind(world, google, {login: ann.sub, role: 'agent'});
  assert_pkce_used(google);
  assert.equal(answer.json.home, '/agent/');
  assert.deepEqual(answer.json.flow, {state: 'signed_in'});
  assert.deepEqual(await linked_identities(world.server), [link_of(world.server.demo.agent.account, google, ann)]);

  const signed_in_before = (await audit_events(world.server, 'sso.signed_in')).length;
  await assert_straight_in(world, google, {login: ann.sub, role: 'agent', home: '/agent/'});
  const signed_in = await audit_events(world.server, 'sso.signed_in');
  assert.equal(signed_in.length, signed_in_before + 1, 'the later sign-in is audited');
  assert.equal(signed_in.at(-1).user_id, await listed_user_id(world.admin, world.server.demo.agent.account));
  assert.equal(google.authorization_requests.length, 2);
  const [first, second] = google.authorization_requests;
  for (const name of ['state', 'nonce', 'code_challenge']) {
    assert.notEqual(first[name], second[name], `a new ${name} per flow`);
  }
});

test('the generic provider (ES256 keys) signs an administrator into the admin console', async (t) => {
  const world = await sso_server(t);
  const oidc = await start_generic_oidc(t, world);
  await configure_sso(world.admin, {providers: {oidc: oidc.settings()}});
  assert.equal(oidc.keys[0].alg, 'ES256');

  const {browser, answer} = await link_through_bind(world, oidc, {login: gia.sub, role: 'admin'});
  assert_pkce_used(oidc);
  assert.equal(answer.json.home, '/admin/');
  assert.deepEqual(await linked_identities(world.server), [link_of(world.server.demo.admin.account, oidc, gia)]);
  await assert_straight_in(world, oidc, {login: gia.sub, role: 'admin', home: '/admin/'});
});

for (const tenant of ['common', 'organizations']) {
  test(`Office 365 with tenant ${tenant}: people of two tenants, each token's issuer from its tid`, async (t) => {
    const world = await sso_server(t);
    const microsoft = await start_microsoft_like(t, world);
    await configure_sso(world.admin, {providers: {microsoft: microsoft.settings('Demo', {tenant})}});

  await link_through_bind(world, microsoft, {login: adele.sub, role: 'agent'});
    assert_pkce_used(microsoft);
  await link_through_bind(world, microsoft, {login: finn.sub, role: 'admin'});
    assert_pkce_used(microsoft);
    const {demo} = world.server;
    assert.deepEqual(await linked_identities(world.server), [
      link_of(demo.admin.account, microsoft, finn, microsoft.issuer_of(fabrikam.tid)),
      link_of(demo.agent.account, microsoft, adele, microsoft.issuer_of(contoso.tid)),
    ].sort((a, b) => a.username.localeCompare(b.username)));

    await assert_straight_in(world, microsoft, {login: adele.sub, role: 'agent', home: '/agent/'});
    await assert_straight_in(world, microsoft, {login: finn.sub, role: 'admin', home: '/admin/'});
  });
}

for (const [what, tenant] of [['its tenant ID', contoso.tid], ['its domain', contoso.domain]]) {
  test(`Office 365 restricted to one tenant by ${what}: that tenant's people sign in`, async (t) => {
    const world = await sso_server(t);
    const microsoft = await start_microsoft_like(t, world);
    await configure_sso(world.admin, {providers: {microsoft: microsoft.settings('Demo', {tenant})}});
  await link_through_bind(world, microsoft, {login: adele.sub, role: 'agent'});
    assert_pkce_used(microsoft);
    assert.deepEqual(await linked_identities(world.server),
      [link_of(world.server.demo.agent.account, microsoft, adele, microsoft.issuer_of(contoso.tid))]);
    await assert_straight_in(world, microsoft, {login: adele.sub, role: 'agent', home: '/agent/'});
  });
}

test('one person may link Google and Office 365 both, and either signs them in', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  const microsoft = await start_microsoft_like(t, world);
  await configure_sso(world.admin, {providers: {google: google.settings(), microsoft: microsoft.settings()}});
  await link_through_bind(world, google, {login: ann.sub, role: 'agent'});
  await link_through_bind(world, microsoft, {login: adele.sub, role: 'agent'});
  assert.deepEqual((await linked_identities(world.server)).map(({provider, subject}) => [provider, subject]),
    [['google', ann.sub], ['microsoft', adele.sub]]);
  await assert_straight_in(world, google, {login: ann.sub, role: 'agent', home: '/agent/'});
  await assert_straight_in(world, microsoft, {login: adele.sub, role: 'agent', home: '/agent/'});
});
