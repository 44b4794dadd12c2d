// The OpenID providers the SSO tests stand on, proven without Twofold: a
// plain relying party (PKCE, then the ID token checked with jose) drives the
// authorization-code flow through each of them, so an SSO test that fails
// points at Twofold, not at its provider. The mischief provider's crafted
// tokens are checked to be exactly what they claim: the attack a test names
// is the one Twofold gets.
import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';
import {test} from 'node:test';

import {createRemoteJWKSet, decodeProtectedHeader, decodeJwt, importJWK, jwtVerify} from 'jose';

import {startMicrosoftAuthority} from '../support/microsoft_authority.mjs';
import {startMischiefProvider} from '../support/mischief_provider.mjs';
import {publicKeys, startOpenIdProvider} from '../support/openid_provider.mjs';

const client = {
  client_id: 'twofold-test-client',
  client_secret: randomBytes(32).toString('base64url'),
  redirect_uri: 'http://127.0.0.1:9/sso/callback',  // never visited: the browser stops there
};
const ann = {sub: '104471', email: 'ann@mail.example', email_verified: true, name: 'Ann Example'};
const adele = {sub: 'adele-oid', email: 'adele@contoso.example', name: 'Adele Vance'};
const finn = {sub: 'finn-oid', email: 'finn@fabrikam.example', name: 'Finn Fabrikam'};
const contoso = {tid: '2b7c0a1e-0d6f-4b5e-9b1a-6f0c3d1e2a4b', domain: 'contoso.example', accounts: [adele]};
const fabrikam = {tid: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', domain: 'fabrikam.example', accounts: [finn]};

async function discover(url) {
  const answer = await fetch(url);
  assert.equal(answer.status, 200, url);
  return answer.json();
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')};
}

/**
 * A plain relying party: the authorization request with PKCE, a state and
 * a nonce; the browser signs in at `provider` as `login`; the code is exchanged.
 * Resolves to {callback, state, nonce, pkce, tokenStatus, token}.
 */
async function codeFlow(configuration, provider, {login, verifier: sentVerifier, abort = false}) {
  const pkce = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri,
    scope: 'openid email profile', state, nonce, code_challenge: pkce.challenge, code_challenge_method: 'S256',
  });
  const callback = await provider.signIn(`${configuration.authorization_endpoint}?${query}`, {login, abort});
  assert.equal(callback.searchParams.get('state'), state);
  if (abort) return {callback, state};
  const exchange = await fetch(configuration.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: client.redirect_uri,
      ...(sentVerifier === null ? {} : {code_verifier: sentVerifier ?? pkce.verifier}),
    }),
  });
  return {callback, state, nonce, pkce, tokenStatus: exchange.status, token: await exchange.json()};
}

async function verified(idToken, configuration, issuer) {
  const {payload, protectedHeader} = await jwtVerify(idToken, createRemoteJWKSet(new URL(configuration.jwks_uri)), {
    issuer, audience: client.client_id, algorithms: ['RS256', 'ES256'],
  });
  return {claims: payload, header: protectedHeader};
}

for (const [what, options] of [['a Google-like issuer, RS256', {path: '/google'}], ['a generic issuer, ES256', {algorithm: 'ES256'}]]) {
  test(`${what}: the code flow with PKCE gives a signed ID token with the account's claims`, async (t) => {
    const provider = await startOpenIdProvider({client, accounts: [ann], ...options});
    t.after(provider.close);
    const configuration = await discover(`${provider.issuer}/.well-known/openid-configuration`);
    assert.equal(configuration.issuer, provider.issuer);
    assert.deepEqual(configuration.code_challenge_methods_supported, ['S256']);

    const flow = await codeFlow(configuration, provider, {login: ann.sub});
    assert.equal(flow.tokenStatus, 200, JSON.stringify(flow.token));
    const {claims, header} = await verified(flow.token.id_token, configuration, provider.issuer);
    assert.equal(header.alg, options.algorithm ?? 'RS256');
    assert.equal(header.kid, provider.keys[0].kid);
    assert.deepEqual({sub: claims.sub, email: claims.email, email_verified: claims.email_verified, name: claims.name, nonce: claims.nonce},
      {...ann, nonce: flow.nonce});

    // What the provider saw: the request, and the verifier that answers its challenge.
    const [request] = provider.authorizationRequests;
    assert.equal(request.code_challenge, flow.pkce.challenge);
    assert.equal(request.state, flow.state);
    const [exchange] = provider.tokenRequests;
    assert.equal(exchange.error, null);
    assert.equal(exchange.params.code_verifier, flow.pkce.verifier);
  });
}

test('the providers refuse a code with the wrong PKCE verifier or none, and report a cancelled sign-in', async (t) => {
  const provider = await startOpenIdProvider({client, accounts: [ann]});
  t.after(provider.close);
  const configuration = await discover(`${provider.issuer}/.well-known/openid-configuration`);
  const wrong = await codeFlow(configuration, provider, {login: ann.sub, verifier: pkcePair().verifier});
  assert.equal(wrong.tokenStatus, 400);
  assert.equal(wrong.token.error, 'invalid_grant');
  assert.equal(wrong.token.id_token, undefined);
  const none = await codeFlow(configuration, provider, {login: ann.sub, verifier: null});
  assert.equal(none.tokenStatus, 400);
  assert.equal(none.token.error, 'invalid_grant');
  assert.deepEqual(provider.tokenRequests.map(({error}) => error), ['invalid_grant', 'invalid_grant']);

  const cancelled = await codeFlow(configuration, provider, {login: ann.sub, abort: true});
  assert.equal(cancelled.callback.searchParams.get('error'), 'access_denied');
  assert.equal(cancelled.callback.searchParams.get('code'), null);
});

test('the Microsoft-like authority: common sends each account to its tenant, whose tokens carry tid', async (t) => {
  const microsoft = await startMicrosoftAuthority({client, tenants: [contoso, fabrikam]});
  t.after(microsoft.close);
  for (const name of ['common', 'organizations']) {
    const configuration = await discover(`${microsoft.authority}/${name}/v2.0/.well-known/openid-configuration`);
    assert.equal(configuration.issuer, `${microsoft.authority}/{tenantid}/v2.0`);
    for (const [tenant, account] of [[contoso, adele], [fabrikam, finn]]) {
      const flow = await codeFlow(configuration, microsoft, {login: account.sub});
      assert.equal(flow.tokenStatus, 200, JSON.stringify(flow.token));
      const issuer = configuration.issuer.replace('{tenantid}', decodeJwt(flow.token.id_token).tid);
      const {claims} = await verified(flow.token.id_token, configuration, issuer);
      assert.equal(claims.tid, tenant.tid);
      assert.equal(claims.iss, microsoft.issuerOf(tenant.tid));
      assert.equal(claims.sub, account.sub);
    }
  }
  // One tenant, by its ID or its domain: a concrete issuer, the same keys.
  for (const tenantName of [contoso.tid, contoso.domain]) {
    const configuration = await discover(`${microsoft.authority}/${tenantName}/v2.0/.well-known/openid-configuration`);
    assert.equal(configuration.issuer, microsoft.issuerOf(contoso.tid));
    const flow = await codeFlow(configuration, microsoft, {login: adele.sub});
    const {claims, header} = await verified(flow.token.id_token, configuration, microsoft.issuerOf(contoso.tid));
    assert.equal(claims.tid, contoso.tid);
    assert.equal(header.kid, microsoft.keys[0].kid);
  }
  assert.ok(microsoft.tokenRequests.every(({params, error}) => error === null && params.code_verifier), 'every exchange with PKCE');
});

test('the mischief provider: an honest token verifies, and each crafted one is the attack it names', async (t) => {
  const mallory = {sub: 'mallory', email: 'mallory@mischief.example', email_verified: true, name: 'Mallory'};
  const mischief = await startMischiefProvider({client, accounts: [mallory]});
  t.after(mischief.close);
  const configuration = await discover(`${mischief.issuer}/.well-known/openid-configuration`);

  // A sign-in through it, as Twofold would make one, and the code exchanged
  // with `verifier` (default: the right one): {status, answer, exchange()}.
  async function signInAndExchange(crafting, {verifier} = {}) {
    const pkce = pkcePair();
    const state = randomBytes(16).toString('base64url');
    const query = new URLSearchParams({
      response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'openid email profile',
      state, nonce: 'the-nonce', code_challenge: pkce.challenge, code_challenge_method: 'S256',
    });
    const callback = await mischief.signIn(`${configuration.authorization_endpoint}?${query}`, {login: mallory.sub, ...crafting});
    assert.equal(callback.searchParams.get('state'), state);
    const exchange = async () => {
      const answer = await fetch(configuration.token_endpoint, {
        method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({
          grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: client.redirect_uri,
          code_verifier: verifier ?? pkce.verifier, client_id: client.client_id, client_secret: client.client_secret,
        }),
      });
      return {status: answer.status, answer: await answer.json()};
    };
    return {...await exchange(), exchange};
  }
  async function tokenOf(crafting) {
    const {status, answer} = await signInAndExchange(crafting);
    assert.equal(status, 200, JSON.stringify(answer));
    return {idToken: answer.id_token, header: decodeProtectedHeader(answer.id_token), claims: decodeJwt(answer.id_token)};
  }
  const check = (idToken, options = {}) => jwtVerify(idToken, createRemoteJWKSet(new URL(configuration.jwks_uri)), {
    issuer: mischief.issuer, audience: client.client_id, algorithms: ['RS256', 'ES256'], ...options,
  });

  for (const signing of ['RS256', 'ES256']) {
    const honest = await tokenOf({signing});
    const {payload} = await check(honest.idToken);
    assert.equal(payload.nonce, 'the-nonce');
    assert.equal(payload.sub, mallory.sub);
  }
  const rsaPublicKey = await importJWK(publicKeys([mischief.keys.RS256]).keys[0], 'PS256');
  await assert.rejects(check((await tokenOf({signing: 'corrupted'})).idToken), {code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'});
  await assert.rejects(check((await tokenOf({signing: 'stranger'})).idToken), {code: 'ERR_JWKS_NO_MATCHING_KEY'});
  const none = await tokenOf({signing: 'none'});
  assert.equal(none.header.alg, 'none');
  assert.ok(none.idToken.endsWith('.'), 'no signature');
  const hs = await tokenOf({signing: 'HS256'});
  assert.equal(hs.header.alg, 'HS256');
  await jwtVerify(hs.idToken, new TextEncoder().encode(client.client_secret), {algorithms: ['HS256']});
  const ps = await tokenOf({signing: 'PS256'});
  assert.equal(ps.header.kid, mischief.keys.RS256.kid);
  await jwtVerify(ps.idToken, rsaPublicKey, {algorithms: ['PS256']});
  await assert.rejects(check(ps.idToken), {code: 'ERR_JOSE_ALG_NOT_ALLOWED'});

  const crafted = await tokenOf({claims: {aud: 'someone-else', nonce: undefined, tid: 'x'}, header: {kid: 'other'}});
  assert.equal(crafted.claims.aud, 'someone-else');
  assert.equal('nonce' in crafted.claims, false);
  assert.equal(crafted.claims.tid, 'x');
  assert.equal(crafted.header.kid, 'other');

  // Apart from the token, it is strict: a code works once, and only with its verifier.
  const once = await signInAndExchange({});
  assert.equal(once.status, 200);
  assert.deepEqual(await once.exchange(), {status: 400, answer: {error: 'invalid_grant', error_description: 'unknown or used code'}});
  const stolen = await signInAndExchange({}, {verifier: pkcePair().verifier});
  assert.deepEqual(stolen, {...stolen, status: 400, answer: {error: 'invalid_grant', error_description: 'PKCE verification failed'}});
  assert.equal(mischief.tokens.length, 9, 'an ID token for each good exchange only');

  mischief.answerWith('jwks', {body: 'not json'});
  assert.equal(await (await fetch(configuration.jwks_uri)).text(), 'not json');
});
