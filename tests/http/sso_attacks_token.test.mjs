// Forged and faulty ID tokens (OpenID Connect Core §3.1.3.7), from the
// mischief provider: the code, the client and PKCE are all in order, only
// the token is wrong. Mallory's identity is linked to the agent first, so a
// token wrongly accepted would sign someone in; each must instead be refused
// with its reason, leaving the link as it was.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  ann, assert_redirected_to, assert_sso_failed, configure_sso, contoso, deliver, fabrikam, linked_identities,
  link_through_bind, mallory, redirect_target, sso_server, sso_sign_in, start_google_like, start_mischief,
} from '../support/sso.mjs';
import {assert_error} from '../support/two_factor.mjs';

const now_seconds = () => Math.floor(Date.now() / 1000);
const minutes = 60;

/**
 * A server whose generic provider (or `as`, at `path`) is the mischief
 * provider, with Mallory linked to the agent by an honest sign-in (its
 * token with `claims`). Resolves to {world, mischief, linked}.
 */
async function mallorys_world(t, {as, path, claims} = {}) {
  const world = await sso_server(t);
  const mischief = await start_mischief(t, world, {as, path});
  await configure_sso(world.admin, {providers: {[mischief.id]: mischief.settings()}});
  await link_through_bind(world, mischief, {login: mallory.sub, role: 'agent', claims});
  const linked = await linked_identities(world.server);
  assert.equal(linked.length, 1, 'Mallory is linked');
  return {world, mischief, linked};
}

// Mallory's sign-in with a token crafted by `crafting`: the callback's answer.
function sign_in_with(world, mischief, crafting) {
  return sso_sign_in(world.browser(), mischief, {login: mallory.sub, ...crafting});
}

// [what, the crafting (made from the mischief provider when the sign-in
// starts, for times and names), the reason]
const forgeries = [
  ['an audience that is not Twofold\'s client', () => ({claims: {aud: 'someone-else'}}), 'audience_mismatch'],
  ['no audience', () => ({claims: {aud: undefined}}), 'audience_mismatch'],
  ['Twofold among the audiences, but authorized for another party',
    (mischief) => ({claims: {aud: [mischief.settings().client_id, 'someone-else'], azp: 'someone-else'}}),
    'azp_mismatch'],
  ['expired three minutes ago', () => ({claims: {exp: now_seconds() - 3 * minutes}}), 'token_expired'],
  ['issued five minutes from now', () => ({claims: {iat: now_seconds() + 5 * minutes}}), 'token_not_yet_valid'],
  ['not valid before five minutes from now', () => ({claims: {nbf: now_seconds() + 5 * minutes}}), 'token_not_yet_valid'],
  ['the nonce of another flow', () => ({claims: {nonce: 'a-nonce-of-another-flow-0123456789'}}), 'nonce_mismatch'],
  ['no nonce', () => ({claims: {nonce: undefined}}), 'nonce_mismatch'],
  ['another issuer', () => ({claims: {iss: 'http://127.0.0.1:9/another-issuer'}}), 'issuer_mismatch'],
  ['a signature that does not match', () => ({signing: 'corrupted'}), 'signature_invalid'],
  ['a key the provider does not publish', () => ({signing: 'stranger'}), 'key_unknown'],
  ['alg none', () => ({signing: 'none'}), 'algorithm_refused'],
  ['HS256 keyed with the client secret', () => ({signing: 'HS256'}), 'algorithm_refused'],
  ['PS256 with the provider\'s own RSA key', () => ({signing: 'PS256'}), 'algorithm_refused'],
  ['a published key named, but alg none',
    (mischief) => ({signing: 'none', header: {kid: mischief.keys.RS256.kid}}), 'algorithm_refused'],
];

for (const [what, crafting, reason] of forgeries) {
  test(`an ID token with ${what} is refused: ${reason}`, async (t) => {
    const {world, mischief, linked} = await mallorys_world(t);
    const answer = await sign_in_with(world, mischief, crafting(mischief));
    await assert_sso_failed(world.server, answer, reason, {linked});
    assert.equal(mischief.tokens.length, 2, 'the honest token and the forged one were issued');
  });
}

test('within two minutes of leeway, an expired or early token is still accepted', async (t) => {
  const {world, mischief} = await mallorys_world(t);
  for (const claims of [{exp: now_seconds() - minutes}, {iat: now_seconds() + minutes}, {nbf: now_seconds() + minutes}]) {
    assert_redirected_to(await sign_in_with(world, mischief, {claims}), '/agent/');
  }
});

test('ES256 and RS256 tokens are both accepted', async (t) => {
  const {world, mischief} = await mallorys_world(t);
  for (const signing of ['ES256', 'RS256']) {
    assert_redirected_to(await sign_in_with(world, mischief, {signing}), '/agent/', {}, signing);
  }
});

test('a burst of tokens with unknown keys does not make Twofold hammer the provider\'s JWKS', async (t) => {
  const {world, mischief, linked} = await mallorys_world(t);
  const jwks_fetches = () => mischief.requests.filter(({route}) => route === 'jwks').length;
  assert.equal(jwks_fetches(), 1, 'the honest sign-in read the keys');
  // Keys are read again for an unknown kid at most once a minute (docs/SSO.md).
  for (let attempt = 1; attempt <= 3; ++attempt) {
    await assert_sso_failed(world.server, await sign_in_with(world, mischief, {signing: 'stranger'}), 'key_unknown',
      {linked, why: `unknown kid ${attempt}`});
  }
  assert.ok(jwks_fetches() <= 2, `the keys were read ${jwks_fetches()} times for one honest and three unknown kids`);
});

test('Office 365 restricted to a tenant: a token of another tenant under its issuer is refused: tenant_mismatch', async (t) => {
  // The mischief provider stands at <authority>/<contoso>/v2.0, the company's tenant.
  const {world, mischief, linked} = await mallorys_world(t, {
    as: 'microsoft', path: `/${contoso.tid}/v2.0`, claims: {tid: contoso.tid},
  });
  assert.equal(mischief.settings().tenant, contoso.tid);
  assert_redirected_to(await sign_in_with(world, mischief, {claims: {tid: contoso.tid}}), '/agent/');
  for (const [what, tid] of [['Fabrikam\'s tid', fabrikam.tid], ['no tid', undefined]]) {
    await assert_sso_failed(world.server, await sign_in_with(world, mischief, {claims: {tid}}), 'tenant_mismatch',
      {linked, why: what});
  }
});

test('Office 365 multi-tenant: the issuer must be the one of the token\'s own tid', async (t) => {
  // The mischief provider as <authority>/common/v2.0, with the {tenantid} template.
  const world = await sso_server(t);
  const mischief = await start_mischief(t, world, {as: 'microsoft', path: '/common/v2.0'});
  mischief.discovery.issuer = `${mischief.origin}/{tenantid}/v2.0`;
  await configure_sso(world.admin, {providers: {microsoft: mischief.settings()}});
  assert.equal(mischief.settings().tenant, 'common');
  const issuer_of = (tid) => `${mischief.origin}/${tid}/v2.0`;

  // Honest: Contoso's issuer with Contoso's tid.
  const honest = {iss: issuer_of(contoso.tid), tid: contoso.tid};
  await link_through_bind(world, mischief, {login: mallory.sub, role: 'agent', claims: honest});
  const linked = await linked_identities(world.server);
  assert.equal(linked.length, 1);
  assert_redirected_to(await sign_in_with(world, mischief, {claims: honest}), '/agent/');

  const forged = [
    ['Fabrikam\'s tid under Contoso\'s issuer', {iss: issuer_of(contoso.tid), tid: fabrikam.tid}],
    ['the template itself as the issuer', {iss: `${mischief.origin}/{tenantid}/v2.0`, tid: contoso.tid}],
  ];
  for (const [what, claims] of forged) {
    const answer = await sign_in_with(world, mischief, {claims});
    await assert_sso_failed(world.server, answer, 'issuer_mismatch', {linked, why: what});
  }
});

test('Google\'s schemeless issuer spelling is Google\'s alone, not an overridden issuer\'s', async (t) => {
  const {world, mischief, linked} = await mallorys_world(t, {as: 'google'});
  const schemeless = mischief.issuer.replace(/^http:\/\//, '');
  for (const iss of ['accounts.google.com', 'https://accounts.google.com', schemeless]) {
    const answer = await sign_in_with(world, mischief, {claims: {iss}});
    await assert_sso_failed(world.server, answer, 'issuer_mismatch', {linked, why: iss});
  }
});

test('a provider whose discovery names another issuer cannot sign in that issuer\'s people', async (t) => {
  // Ann's Google identity is linked to the agent; a generic provider's
  // discovery claims Google's issuer and mints a token for Ann's sub
  // (OpenID Connect Discovery 1.0 §4.3: the issuer must be the one configured).
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  const mischief = await start_mischief(t, world);
  mischief.discovery.issuer = google.issuer;
  await configure_sso(world.admin, {providers: {google: google.settings(), oidc: mischief.settings()}});
  await link_through_bind(world, google, {login: ann.sub, role: 'agent'});
  const linked = await linked_identities(world.server);

  // Refused when the document is read (the start), or when its token comes back.
  const browser = world.browser();
  const started = await browser.post('/api/sso/start', {json: {company: 'Demo', provider: 'oidc'}});
  if (started.status === 200) {
    const callback = await mischief.sign_in(started.json.redirect, {
      login: mallory.sub, claims: {iss: google.issuer, sub: ann.sub},
    });
    const answer = await deliver(browser, callback);
    assert.notEqual(redirect_target(answer).path, '/agent/', 'not signed in as the agent');
    await assert_sso_failed(world.server, answer, 'issuer_mismatch', {linked});
  } else {
    assert_error(started, 400, 'sso_unavailable');
  }
  assert.equal((await browser.get('/api/me')).status, 401);
});
