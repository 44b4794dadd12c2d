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

import {start_microsoft_authority} from '../support/microsoft_authority.mjs';
import {start_mischief_provider} from '../support/mischief_provider.mjs';
import {public_keys, start_open_id_provider} from '../support/openid_provider.mjs';

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

function pkce_pair() {
  const verifier = randomBytes(32).toString('base64url');
  return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')};
}

/**
 * A plain relying party: the authorization request with PKCE, a state and
 * a nonce; the browser signs in at `provider` as `login`; the code is exchanged.
 * Resolves to {callback, state, nonce, pkce, token_status, token}.
 */
async function code_flow(configuration, provider, {login, verifier: sent_verifier, abort = false}) {
  const pkce = pkce_pair();
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri,
    scope: 'openid email profile', state, nonce, code_challenge: pkce.challenge, code_challenge_method: 'S256',
  });
  const callback = await provider.sign_in(`${configuration.authorization_endpoint}?${query}`, {login, abort});
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
      ...(sent_verifier === null ? {} : {code_verifier: sent_verifier ?? pkce.verifier}),
    }),
  });
  return {callback, state, nonce, pkce, token_status: exchange.status, token: await exchange.json()};
}

async function verified(id_token, configuration, issuer) {
  const {payload, protectedHeader} = await jwtVerify(id_token, createRemoteJWKSet(new URL(configuration.jwks_uri)), {
    issuer, audience: client.client_id, algorithms: ['RS256', 'ES256'],
  });
  return {claims: payload, header: protectedHeader};
}

const issuers = [['a Google-like issuer, RS256', {path: '/google'}], ['a generic issuer, ES256', {algorithm: 'ES256'}]];
for (const [what, options] of issuers) {
  test(`${what}: the code flow with PKCE gives a signed ID token with the account's claims`, async (t) => {
    const provider = await start_open_id_provider({client, accounts: [ann], ...options});
    t.after(provider.close);
    const configuration = await discover(`${provider.issuer}/.well-known/openid-configuration`);
    assert.equal(configuration.issuer, provider.issuer);
    assert.deepEqual(configuration.code_challenge_methods_supported, ['S256']);

    const flow = await code_flow(configuration, provider, {login: ann.sub});
    assert.equal(flow.token_status, 200, JSON.stringify(flow.token));
    const {claims, header} = await verified(flow.token.id_token, configuration, provider.issuer);
    assert.equal(header.alg, options.algorithm ?? 'RS256');
    assert.equal(header.kid, provider.keys[0].kid);
    const {sub, email, email_verified, name, nonce} = claims;
    assert.deepEqual({sub, email, email_verified, name, nonce}, {...ann, nonce: flow.nonce});

    // What the provider saw: the request, and the verifier that answers its challenge.
    const [request] = provider.authorization_requests;
    assert.equal(request.code_challenge, flow.pkce.challenge);
    assert.equal(request.state, flow.state);
    const [exchange] = provider.token_requests;
    assert.equal(exchange.error, null);
    assert.equal(exchange.params.code_verifier, flow.pkce.verifier);
  });
}

test('the providers refuse a code with the wrong PKCE verifier or none, and report a cancelled sign-in', async (t) => {
  const provider = await start_open_id_provider({client, accounts: [ann]});
  t.after(provider.close);
  const configuration = await discover(`${provider.issuer}/.well-known/openid-configuration`);
  const wrong = await code_flow(configuration, provider, {login: ann.sub, verifier: pkce_pair().verifier});
  assert.equal(wrong.token_status, 400);
  assert.equal(wrong.token.error, 'invalid_grant');
  assert.equal(wrong.token.id_token, undefined);
  const none = await code_flow(configuration, provider, {login: ann.sub, verifier: null});
  assert.equal(none.token_status, 400);
  assert.equal(none.token.error, 'invalid_grant');
  assert.deepEqual(provider.token_requests.map(({error}) => error), ['invalid_grant', 'invalid_grant']);

  const cancelled = await code_flow(configuration, provider, {login: ann.sub, abort: true});
  assert.equal(cancelled.callback.searchParams.get('error'), 'access_denied');
  assert.equal(cancelled.callback.searchParams.get('code'), null);
});

test('the Microsoft-like authority: common sends each account to its tenant, whose tokens carry tid', async (t) => {
  const microsoft = await start_microsoft_authority({client, tenants: [contoso, fabrikam]});
  t.after(microsoft.close);
  for (const name of ['common', 'organizations']) {
    const configuration = await discover(`${microsoft.authority}/${name}/v2.0/.well-known/openid-configuration`);
    assert.equal(configuration.issuer, `${microsoft.authority}/{tenantid}/v2.0`);
    for (const [tenant, account] of [[contoso, adele], [fabrikam, finn]]) {
      const flow = await code_flow(configuration, microsoft, {login: account.sub});
      assert.equal(flow.token_status, 200, JSON.stringify(flow.token));
      const issuer = configuration.issuer.replace('{tenantid}', decodeJwt(flow.token.id_token).tid);
      const {claims} = await verified(flow.token.id_token, configuration, issuer);
      assert.equal(claims.tid, tenant.tid);
      assert.equal(claims.iss, microsoft.issuer_of(tenant.tid));
      assert.equal(claims.sub, account.sub);
    }
  }
  // One tenant, by its ID or its domain: a concrete issuer, the same keys.
  for (const tenant_name of [contoso.tid, contoso.domain]) {
    const configuration = await discover(`${microsoft.authority}/${tenant_name}/v2.0/.well-known/openid-configuration`);
    assert.equal(configuration.issuer, microsoft.issuer_of(contoso.tid));
    const flow = await code_flow(configuration, microsoft, {login: adele.sub});
    const {claims, header} = await verified(flow.token.id_token, configuration, microsoft.issuer_of(contoso.tid));
    assert.equal(claims.tid, contoso.tid);
    assert.equal(header.kid, microsoft.keys[0].kid);
  }
  const with_pkce = ({params, error}) => error === null && params.code_verifier;
  assert.ok(microsoft.token_requests.every(with_pkce), 'every exchange with PKCE');
});

test('the mischief provider: an honest token verifies, and each crafted one is the attack it names', async (t) => {
  const mallory = {sub: 'mallory', email: 'mallory@mischief.example', email_verified: true, name: 'Mallory'};
  const mischief = await start_mischief_provider({client, accounts: [mallory]});
  t.after(mischief.close);
  const configuration = await discover(`${mischief.issuer}/.well-known/openid-configuration`);

  // A sign-in through it, as Twofold would make one, and the code exchanged
  // with `verifier` (default: the right one): {status, answer, exchange()}.
  async function sign_in_and_exchange(crafting, {verifier} = {}) {
    const pkce = pkce_pair();
    const state = randomBytes(16).toString('base64url');
    const query = new URLSearchParams({
      response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri,
      scope: 'openid email profile', state, nonce: 'the-nonce', code_challenge: pkce.challenge, code_challenge_method: 'S256',
    });
    const authorization = `${configuration.authorization_endpoint}?${query}`;
    const callback = await mischief.sign_in(authorization, {login: mallory.sub, ...crafting});
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
  async function token_of(crafting) {
    const {status, answer} = await sign_in_and_exchange(crafting);
    assert.equal(status, 200, JSON.stringify(answer));
    const {id_token} = answer;
    return {id_token, header: decodeProtectedHeader(id_token), claims: decodeJwt(id_token)};
  }
  const check = (id_token, options = {}) => jwtVerify(id_token, createRemoteJWKSet(new URL(configuration.jwks_uri)), {
    issuer: mischief.issuer, audience: client.client_id, algorithms: ['RS256', 'ES256'], ...options,
  });

  for (const signing of ['RS256', 'ES256']) {
    const honest = await token_of({signing});
    const {payload} = await check(honest.id_token);
    assert.equal(payload.nonce, 'the-nonce');
    assert.equal(payload.sub, mallory.sub);
  }
  const rsa_public_key = await importJWK(public_keys([mischief.keys.RS256]).keys[0], 'PS256');
  await assert.rejects(check((await token_of({signing: 'corrupted'})).id_token),
    {code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'});
  await assert.rejects(check((await token_of({signing: 'stranger'})).id_token), {code: 'ERR_JWKS_NO_MATCHING_KEY'});
  const none = await token_of({signing: 'none'});
  assert.equal(none.header.alg, 'none');
  assert.ok(none.id_token.endsWith('.'), 'no signature');
  const hs = await token_of({signing: 'HS256'});
  assert.equal(hs.header.alg, 'HS256');
  await jwtVerify(hs.id_token, new TextEncoder().encode(client.client_secret), {algorithms: ['HS256']});
  const ps = await token_of({signing: 'PS256'});
  assert.equal(ps.header.kid, mischief.keys.RS256.kid);
  await jwtVerify(ps.id_token, rsa_public_key, {algorithms: ['PS256']});
  await assert.rejects(check(ps.id_token), {code: 'ERR_JOSE_ALG_NOT_ALLOWED'});

  const crafted = await token_of({claims: {aud: 'someone-else', nonce: undefined, tid: 'x'}, header: {kid: 'other'}});
  assert.equal(crafted.claims.aud, 'someone-else');
  assert.equal('nonce' in crafted.claims, false);
  assert.equal(crafted.claims.tid, 'x');
  assert.equal(crafted.header.kid, 'other');

  // Apart from the token, it is strict: a code works once, and only with its verifier.
  const once = await sign_in_and_exchange({});
  assert.equal(once.status, 200);
  assert.deepEqual(await once.exchange(),
    {status: 400, answer: {error: 'invalid_grant', error_description: 'unknown or used code'}});
  const stolen = await sign_in_and_exchange({}, {verifier: pkce_pair().verifier});
  assert.deepEqual({status: stolen.status, answer: stolen.answer},
    {status: 400, answer: {error: 'invalid_grant', error_description: 'PKCE verification failed'}});
  assert.equal(mischief.tokens.length, 9, 'an ID token for each good exchange only');

  mischief.answer_with('jwks', {body: 'not json'});
  assert.equal(await (await fetch(configuration.jwks_uri)).text(), 'not json');
});
