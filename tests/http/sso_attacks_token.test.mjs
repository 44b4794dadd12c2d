// Forged and faulty ID tokens (OpenID Connect Core §3.1.3.7), from the
// mischief provider: the code, the client and PKCE are all in order, only
// the token is wrong. Mallory's identity is linked to the agent first, so a
// token wrongly accepted would sign someone in; each must instead be refused
// with its reason, leaving the link as it was.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  assertRedirectedTo, assertSsoFailed, configureSso, contoso, fabrikam, linkedIdentities, linkThroughBind, mallory,
  ssoServer, ssoSignIn, startMischief,
} from '../support/sso.mjs';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const minutes = 60;

/**
 * A server whose generic provider (or `as`, at `path`) is the mischief
 * provider, with Mallory linked to the agent by an honest sign-in (its
 * token with `claims`). Resolves to {world, mischief, linked}.
 */
async function mallorysWorld(t, {as, path, claims} = {}) {
  const world = await ssoServer(t);
  const mischief = await startMischief(t, world, {as, path});
  await configureSso(world.admin, {providers: {[mischief.id]: mischief.settings()}});
  await linkThroughBind(world, mischief, {login: mallory.sub, role: 'agent', claims});
  const linked = await linkedIdentities(world.server);
  assert.equal(linked.length, 1, 'Mallory is linked');
  return {world, mischief, linked};
}

// Mallory's sign-in with a token crafted by `crafting`: the callback's answer.
function signInWith(world, mischief, crafting) {
  return ssoSignIn(world.browser(), mischief, {login: mallory.sub, ...crafting});
}

// [what, the crafting (made from the mischief provider when the sign-in
// starts, for times and names), the reason]
const forgeries = [
  ['an audience that is not Twofold\'s client', () => ({claims: {aud: 'someone-else'}}), 'audience_mismatch'],
  ['no audience', () => ({claims: {aud: undefined}}), 'audience_mismatch'],
  ['Twofold among the audiences, but authorized for another party',
    (mischief) => ({claims: {aud: [mischief.settings().client_id, 'someone-else'], azp: 'someone-else'}}), 'azp_mismatch'],
  ['expired three minutes ago', () => ({claims: {exp: nowSeconds() - 3 * minutes}}), 'token_expired'],
  ['issued five minutes from now', () => ({claims: {iat: nowSeconds() + 5 * minutes}}), 'token_not_yet_valid'],
  ['not valid before five minutes from now', () => ({claims: {nbf: nowSeconds() + 5 * minutes}}), 'token_not_yet_valid'],
  ['the nonce of another flow', () => ({claims: {nonce: 'a-nonce-of-another-flow-0123456789'}}), 'nonce_mismatch'],
  ['no nonce', () => ({claims: {nonce: undefined}}), 'nonce_mismatch'],
  ['another issuer', () => ({claims: {iss: 'http://127.0.0.1:9/another-issuer'}}), 'issuer_mismatch'],
  ['a signature that does not match', () => ({signing: 'corrupted'}), 'signature_invalid'],
  ['a key the provider does not publish', () => ({signing: 'stranger'}), 'key_unknown'],
  ['alg none', () => ({signing: 'none'}), 'algorithm_refused'],
  ['HS256 keyed with the client secret', () => ({signing: 'HS256'}), 'algorithm_refused'],
  ['PS256 with the provider\'s own RSA key', () => ({signing: 'PS256'}), 'algorithm_refused'],
  ['a published key named, but alg none', (mischief) => ({signing: 'none', header: {kid: mischief.keys.RS256.kid}}), 'algorithm_refused'],
];

for (const [what, crafting, reason] of forgeries) {
  test(`an ID token with ${what} is refused: ${reason}`, async (t) => {
    const {world, mischief, linked} = await mallorysWorld(t);
    const answer = await signInWith(world, mischief, crafting(mischief));
    await assertSsoFailed(world.server, answer, reason, {linked});
    assert.equal(mischief.tokens.length, 2, 'the honest token and the forged one were issued');
  });
}

test('within two minutes of leeway, an expired or early token is still accepted', async (t) => {
  const {world, mischief} = await mallorysWorld(t);
  for (const claims of [{exp: nowSeconds() - minutes}, {iat: nowSeconds() + minutes}, {nbf: nowSeconds() + minutes}]) {
    assertRedirectedTo(await signInWith(world, mischief, {claims}), '/agent/');
  }
});

test('ES256 and RS256 tokens are both accepted', async (t) => {
  const {world, mischief} = await mallorysWorld(t);
  for (const signing of ['ES256', 'RS256']) assertRedirectedTo(await signInWith(world, mischief, {signing}), '/agent/');
});

test('a key the JWKS did not have yet is fetched once more; a stranger\'s key is not found even then', async (t) => {
  const {world, mischief, linked} = await mallorysWorld(t);
  const jwksFetches = () => mischief.requests.filter(({route}) => route === 'jwks').length;
  assert.ok(jwksFetches() >= 1, 'the honest sign-in read the keys');

  // The provider rolls its key over: the new kid is looked up again. (A
  // server that kept no keys would read them once per sign-in: at most 2.)
  await mischief.rotateKey();
  let before = jwksFetches();
  assertRedirectedTo(await signInWith(world, mischief, {}), '/agent/');
  assert.ok([1, 2].includes(jwksFetches() - before), `the keys read again for the new kid: ${jwksFetches() - before}`);

  // An unknown kid: read again once, no more, then refused.
  before = jwksFetches();
  await assertSsoFailed(world.server, await signInWith(world, mischief, {signing: 'stranger'}), 'key_unknown', {linked});
  assert.ok([1, 2].includes(jwksFetches() - before), `one refetch for an unknown kid: ${jwksFetches() - before}`);
});

test('Office 365 restricted to a tenant: a token of another tenant under its issuer is refused: tenant_mismatch', async (t) => {
  // The mischief provider stands at <authority>/<contoso>/v2.0, the company's tenant.
  const {world, mischief, linked} = await mallorysWorld(t, {
    as: 'microsoft', path: `/${contoso.tid}/v2.0`, claims: {tid: contoso.tid},
  });
  assert.equal(mischief.settings().tenant, contoso.tid);
  assertRedirectedTo(await signInWith(world, mischief, {claims: {tid: contoso.tid}}), '/agent/');
  await assertSsoFailed(world.server, await signInWith(world, mischief, {claims: {tid: fabrikam.tid}}), 'tenant_mismatch', {linked});
  await assertSsoFailed(world.server, await signInWith(world, mischief, {claims: {tid: undefined}}), 'tenant_mismatch', {linked});
});

test('Office 365 multi-tenant: the issuer must be the one of the token\'s own tid', async (t) => {
  // The mischief provider as <authority>/common/v2.0, with the {tenantid} template.
  const world = await ssoServer(t);
  const mischief = await startMischief(t, world, {as: 'microsoft', path: '/common/v2.0'});
  mischief.discovery.issuer = `${mischief.origin}/{tenantid}/v2.0`;
  await configureSso(world.admin, {providers: {microsoft: mischief.settings()}});
  assert.equal(mischief.settings().tenant, 'common');
  const issuerOf = (tid) => `${mischief.origin}/${tid}/v2.0`;

  // Honest: Contoso's issuer with Contoso's tid.
  const honest = {iss: issuerOf(contoso.tid), tid: contoso.tid};
  await linkThroughBind(world, mischief, {login: mallory.sub, role: 'agent', claims: honest});
  const linked = await linkedIdentities(world.server);
  assert.equal(linked.length, 1);
  assertRedirectedTo(await signInWith(world, mischief, {claims: honest}), '/agent/');

  const forged = [
    ['Fabrikam\'s tid under Contoso\'s issuer', {iss: issuerOf(contoso.tid), tid: fabrikam.tid}],
    ['the template itself as the issuer', {iss: `${mischief.origin}/{tenantid}/v2.0`, tid: contoso.tid}],
  ];
  for (const [what, claims] of forged) {
    await assertSsoFailed(world.server, await signInWith(world, mischief, {claims}), 'issuer_mismatch', {linked, why: what});
  }
});
