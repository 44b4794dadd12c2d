// A provider that cannot be reached or answers garbage, at each of the three
// places Twofold talks to it: discovery (at the start: 400 sso_unavailable),
// the token endpoint and the JWKS (at the callback: the generic failure).
// Too large an answer counts as garbage even when it is valid JSON.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {deadPort} from '../support/loopback_site.mjs';
import {
  assertSsoFailed, configureSso, deliver, failureReasons, linkedIdentities, linkThroughBind, mallory, ssoServer,
  ssoCookieName, startMischief, throughProvider,
} from '../support/sso.mjs';
import {assertError, cookieIn} from '../support/two_factor.mjs';

// 16 MiB and one byte: more than any discovery, token or JWKS answer needs,
// and more than HTTP libraries accept by default (Beast: 8 MB).
const hugePadding = 'x'.repeat(16 * 1024 * 1024 + 1);

async function mischiefWorld(t) {
  const world = await ssoServer(t);
  const mischief = await startMischief(t, world);
  await configureSso(world.admin, {providers: {oidc: mischief.settings()}});
  return {world, mischief};
}

// The honest answer of `route` with a huge field added.
async function hugeVersionOf(url) {
  const honest = await (await fetch(url)).json();
  return JSON.stringify({...honest, padding: hugePadding});
}

async function assertStartRefused(world, reason, why) {
  const browser = world.browser();
  const answer = await browser.post('/api/sso/start', {json: {company: 'Demo', provider: 'oidc'}});
  assertError(answer, 400, 'sso_unavailable', why);
  assert.ok(!cookieIn(answer, ssoCookieName), `${why}: no flow`);
  const reasons = await failureReasons(world.server);
  assert.equal(reasons.at(-1), reason, `${why}: sso.failed reasons ${JSON.stringify(reasons)}`);
}

test('an issuer nobody answers at: the start is 400 sso_unavailable, audited provider_unreachable', async (t) => {
  const world = await ssoServer(t);
  const issuer = `http://127.0.0.1:${await deadPort()}/realm`;
  await configureSso(world.admin, {providers: {oidc: {enabled: true, client_id: 'c', client_secret: 's', issuer, name: 'Gone'}}});
  await assertStartRefused(world, 'provider_unreachable', 'a dead port');
});

test('a discovery document that is garbage or too large: 400 sso_unavailable, audited provider_garbage', async (t) => {
  const {world, mischief} = await mischiefWorld(t);
  const discoveryUrl = `${mischief.issuer}/.well-known/openid-configuration`;
  const huge = await hugeVersionOf(discoveryUrl);
  const honest = await (await fetch(discoveryUrl)).json();
  const {token_endpoint: tokenEndpoint, ...withoutToken} = honest;
  const garbage = [
    ['not JSON', '<html>Service Unavailable</html>'],
    ['a JSON array', '[]'],
    ['no token endpoint', JSON.stringify(withoutToken)],
    ['an endpoint that is no URL', JSON.stringify({...honest, authorization_endpoint: 42})],
    ['a valid document of 16 MiB', huge],
  ];
  for (const [what, body] of garbage) {
    mischief.answerWith('discovery', {body});
    await assertStartRefused(world, 'provider_garbage', what);
  }
  assert.ok(tokenEndpoint);
});

test('a token endpoint nobody answers at: the callback fails, audited provider_unreachable', async (t) => {
  const {world, mischief} = await mischiefWorld(t);
  mischief.discovery.token_endpoint = `http://127.0.0.1:${await deadPort()}/token`;
  const browser = world.browser();
  const callback = await throughProvider(browser, mischief, {login: mallory.sub});
  await assertSsoFailed(world.server, await deliver(browser, callback), 'provider_unreachable');
});

test('a token answer that is garbage or too large: the callback fails, audited provider_garbage', async (t) => {
  const {world, mischief} = await mischiefWorld(t);
  const garbage = [
    ['not JSON', {body: 'id_token=abc'}],
    ['JSON without an ID token', {body: JSON.stringify({access_token: 'a', token_type: 'Bearer', expires_in: 600})}],
    ['an ID token that is no JWT', {body: JSON.stringify({access_token: 'a', token_type: 'Bearer', id_token: 'not.a-jwt'})}],
    ['an ID token of 16 MiB', {body: JSON.stringify({access_token: 'a', token_type: 'Bearer', id_token: hugePadding})}],
  ];
  for (const [what, canned] of garbage) {
    mischief.answerWith('token', canned);
    const browser = world.browser();
    const callback = await throughProvider(browser, mischief, {login: mallory.sub});
    await assertSsoFailed(world.server, await deliver(browser, callback), 'provider_garbage', {why: what});
  }
});

test('a JWKS that is garbage or too large: the callback fails, audited provider_garbage', async (t) => {
  const {world, mischief} = await mischiefWorld(t);
  const huge = await hugeVersionOf(`${mischief.issuer}/jwks`);
  const garbage = [
    ['not JSON', 'garbage'],
    ['keys that are no list', JSON.stringify({keys: 'none'})],
    ['a valid key set of 16 MiB', huge],
  ];
  for (const [what, body] of garbage) {
    mischief.answerWith('jwks', {body});
    const browser = world.browser();
    const callback = await throughProvider(browser, mischief, {login: mallory.sub});
    await assertSsoFailed(world.server, await deliver(browser, callback), 'provider_garbage', {why: what});
  }
});

test('after a provider failure the next sign-in works again: nothing half-done is left', async (t) => {
  const {world, mischief} = await mischiefWorld(t);
  mischief.answerWith('token', {body: 'not json'});
  const browser = world.browser();
  await assertSsoFailed(world.server, await deliver(browser, await throughProvider(browser, mischief, {login: mallory.sub})),
    'provider_garbage');
  mischief.answerHonestly('token');
  assert.deepEqual(await linkedIdentities(world.server), []);
  await linkThroughBind(world, mischief, {login: mallory.sub, role: 'agent'});
  assert.equal((await linkedIdentities(world.server)).length, 1);
});
