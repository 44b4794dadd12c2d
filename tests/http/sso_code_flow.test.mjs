// Signing in with each provider through the whole authorization-code flow
// with PKCE (RFC 7636), against real OpenID providers: the first sign-in of
// an identity binds it to an account, later ones go straight in. What the
// provider saw is checked at the provider: S256, a state, a nonce, the
// scopes, and a token request whose verifier answers the challenge.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  adele, ann, assertPkceUsed, assertRedirectedTo, configureSso, contoso, fabrikam, finn, gia, linkedIdentities, linkOf,
  linkThroughBind, ssoServer, ssoSignIn, startGenericOidc, startGoogleLike, startMicrosoftLike,
} from '../support/sso.mjs';
import {auditEvents, cookieIn, listedUserId, sessionCookieName} from '../support/two_factor.mjs';

// A later sign-in of a linked identity: straight to `home`, signed in as `role`.
async function assertStraightIn(world, provider, {login, role, home}) {
  const browser = world.browser();
  const answer = await ssoSignIn(browser, provider, {login});
  assertRedirectedTo(answer, home);
  assert.ok(cookieIn(answer, sessionCookieName)?.value, 'a session');
  const me = await browser.get('/api/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.user.username, world.server.demo[role].account);
  assertPkceUsed(provider);
}

test('Google: bound on the first sign-in, straight into the agent panel on the next, PKCE each time', async (t) => {
  const world = await ssoServer(t);
  const google = await startGoogleLike(t, world);
  await configureSso(world.admin, {providers: {google: google.settings()}});

  const {browser, answer} = await linkThroughBind(world, google, {login: ann.sub, role: 'agent'});
  assertPkceUsed(google);
  assert.equal(answer.json.home, '/agent/');
  assert.deepEqual(answer.json.flow, {state: 'signed_in'});
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(world.server.demo.agent.account, google, ann)]);

  const signedInBefore = (await auditEvents(world.server, 'sso.signed_in')).length;
  await assertStraightIn(world, google, {login: ann.sub, role: 'agent', home: '/agent/'});
  const signedIn = await auditEvents(world.server, 'sso.signed_in');
  assert.equal(signedIn.length, signedInBefore + 1, 'the later sign-in is audited');
  assert.equal(signedIn.at(-1).user_id, await listedUserId(world.admin, world.server.demo.agent.account));
  assert.equal(google.authorizationRequests.length, 2);
  const [first, second] = google.authorizationRequests;
  for (const name of ['state', 'nonce', 'code_challenge']) assert.notEqual(first[name], second[name], `a new ${name} per flow`);
});

test('the generic provider (ES256 keys) signs an administrator into the admin console', async (t) => {
  const world = await ssoServer(t);
  const oidc = await startGenericOidc(t, world);
  await configureSso(world.admin, {providers: {oidc: oidc.settings()}});
  assert.equal(oidc.keys[0].alg, 'ES256');

  const {browser, answer} = await linkThroughBind(world, oidc, {login: gia.sub, role: 'admin'});
  assertPkceUsed(oidc);
  assert.equal(answer.json.home, '/admin/');
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(world.server.demo.admin.account, oidc, gia)]);
  await assertStraightIn(world, oidc, {login: gia.sub, role: 'admin', home: '/admin/'});
});

for (const tenant of ['common', 'organizations']) {
  test(`Office 365 with tenant ${tenant}: people of two tenants, each token's issuer from its tid`, async (t) => {
    const world = await ssoServer(t);
    const microsoft = await startMicrosoftLike(t, world);
    await configureSso(world.admin, {providers: {microsoft: microsoft.settings('Demo', {tenant})}});

  await linkThroughBind(world, microsoft, {login: adele.sub, role: 'agent'});
    assertPkceUsed(microsoft);
  await linkThroughBind(world, microsoft, {login: finn.sub, role: 'admin'});
    assertPkceUsed(microsoft);
    const {demo} = world.server;
    assert.deepEqual(await linkedIdentities(world.server), [
      linkOf(demo.admin.account, microsoft, finn, microsoft.issuerOf(fabrikam.tid)),
      linkOf(demo.agent.account, microsoft, adele, microsoft.issuerOf(contoso.tid)),
    ].sort((a, b) => a.username.localeCompare(b.username)));

    await assertStraightIn(world, microsoft, {login: adele.sub, role: 'agent', home: '/agent/'});
    await assertStraightIn(world, microsoft, {login: finn.sub, role: 'admin', home: '/admin/'});
  });
}

for (const [what, tenant] of [['its tenant ID', contoso.tid], ['its domain', contoso.domain]]) {
  test(`Office 365 restricted to one tenant by ${what}: that tenant's people sign in`, async (t) => {
    const world = await ssoServer(t);
    const microsoft = await startMicrosoftLike(t, world);
    await configureSso(world.admin, {providers: {microsoft: microsoft.settings('Demo', {tenant})}});
  await linkThroughBind(world, microsoft, {login: adele.sub, role: 'agent'});
    assertPkceUsed(microsoft);
    assert.deepEqual(await linkedIdentities(world.server),
      [linkOf(world.server.demo.agent.account, microsoft, adele, microsoft.issuerOf(contoso.tid))]);
    await assertStraightIn(world, microsoft, {login: adele.sub, role: 'agent', home: '/agent/'});
  });
}

test('one person may link Google and Office 365 both, and either signs them in', async (t) => {
  const world = await ssoServer(t);
  const google = await startGoogleLike(t, world);
  const microsoft = await startMicrosoftLike(t, world);
  await configureSso(world.admin, {providers: {google: google.settings(), microsoft: microsoft.settings()}});
  await linkThroughBind(world, google, {login: ann.sub, role: 'agent'});
  await linkThroughBind(world, microsoft, {login: adele.sub, role: 'agent'});
  assert.deepEqual((await linkedIdentities(world.server)).map(({provider, subject}) => [provider, subject]),
    [['google', ann.sub], ['microsoft', adele.sub]]);
  await assertStraightIn(world, google, {login: ann.sub, role: 'agent', home: '/agent/'});
  await assertStraightIn(world, microsoft, {login: adele.sub, role: 'agent', home: '/agent/'});
});
