// A provider that cannot be reached or answers garbage, at each of the three
// places Twofold talks to it: discovery (at the start: 400 sso_unavailable),
// the token endpoint and the JWKS (at the callback: the generic failure and
// its reason in the audit log). Too large an answer counts as garbage even
// when it is valid JSON, and a failure is not remembered.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {dead_port} from '../support/loopback_site.mjs';
import {
  assert_sso_failed, configure_sso, deliver, linked_identities, link_through_bind, mallory, sso_server, sso_cookie_name,
  start_mischief, through_provider,
} from '../support/sso.mjs';
import {assert_error, cookie_in} from '../support/two_factor.mjs';

// 16 MiB and one byte: more than any discovery, token or JWKS answer needs,
// and more than HTTP libraries accept by default (Beast: 8 MB).
const huge_padding = 'x'.repeat(16 * 1024 * 1024 + 1);

async function mischief_world(t) {
  const world = await sso_server(t);
  const mischief = await start_mischief(t, world);
  await configure_sso(world.admin, {providers: {oidc: mischief.settings()}});
  return {world, mischief};
}

// The honest answer of `route` with a huge field added.
async function huge_version_of(url) {
  const honest = await (await fetch(url)).json();
  return JSON.stringify({...honest, padding: huge_padding});
}

function start(world) {
  return world.browser().post('/api/sso/start', {json: {company: 'Demo', provider: 'oidc'}});
}

// The start refused as a provider Twofold cannot use: no flow begins.
async function assert_start_refused(world, why) {
  const answer = await start(world);
  assert_error(answer, 400, 'sso_unavailable', why);
  assert.ok(!cookie_in(answer, sso_cookie_name), `${why}: no flow`);
}

test('an issuer nobody answers at: the start is 400 sso_unavailable', async (t) => {
  const world = await sso_server(t);
  const issuer = `http://127.0.0.1:${await dead_port()}/realm`;
  const gone = {enabled: true, client_id: 'c', client_secret: 's', issuer, name: 'Gone'};
  await configure_sso(world.admin, {providers: {oidc: gone}});
  await assert_start_refused(world, 'a dead port');
});

test('a discovery document that is garbage or too large: 400 sso_unavailable, until it is right again', async (t) => {
  const {world, mischief} = await mischief_world(t);
  const discovery_url = `${mischief.issuer}/.well-known/openid-configuration`;
  const huge = await huge_version_of(discovery_url);
  const honest = await (await fetch(discovery_url)).json();
  const {token_endpoint: token_endpoint, ...without_token} = honest;
  const garbage = [
    ['not JSON', '<html>Service Unavailable</html>'],
    ['a JSON array', '[]'],
    ['no token endpoint', JSON.stringify(without_token)],
    ['an endpoint that is no URL', JSON.stringify({...honest, authorization_endpoint: 42})],
    ['a valid document of 16 MiB', huge],
  ];
  for (const [what, body] of garbage) {
    mischief.answer_with('discovery', {body});
    await assert_start_refused(world, what);
  }
  assert.ok(token_endpoint);
  mischief.answer_honestly('discovery');
  assert.equal((await start(world)).status, 200, 'a refused document is fetched again next time');
});

test('a token endpoint nobody answers at: the callback fails, audited provider_unreachable', async (t) => {
  const {world, mischief} = await mischief_world(t);
  mischief.discovery.token_endpoint = `http://127.0.0.1:${await dead_port()}/token`;
  const browser = world.browser();
  const callback = await through_provider(browser, mischief, {login: mallory.sub});
  await assert_sso_failed(world.server, await deliver(browser, callback), 'provider_unreachable');
});

test('a token answer that is garbage or too large: the callback fails, audited provider_garbage', async (t) => {
  const {world, mischief} = await mischief_world(t);
  const garbage = [
    ['not JSON', {body: 'id_token=abc'}],
    ['JSON without an ID token', {body: JSON.stringify({access_token: 'a', token_type: 'Bearer', expires_in: 600})}],
    ['an ID token that is no JWT',
      {body: JSON.stringify({access_token: 'a', token_type: 'Bearer', id_token: 'not.a-jwt'})}],
    ['an ID token of 16 MiB', {body: JSON.stringify({access_token: 'a', token_type: 'Bearer', id_token: huge_padding})}],
  ];
  for (const [what, canned] of garbage) {
    mischief.answer_with('token', canned);
    const browser = world.browser();
    const callback = await through_provider(browser, mischief, {login: mallory.sub});
    await assert_sso_failed(world.server, await deliver(browser, callback), 'provider_garbage', {why: what});
  }
});

test('a JWKS that is garbage or too large: the callback fails, audited provider_garbage', async (t) => {
  const {world, mischief} = await mischief_world(t);
  const huge = await huge_version_of(`${mischief.issuer}/jwks`);
  const garbage = [
    ['not JSON', 'garbage'],
    ['keys that are no list', JSON.stringify({keys: 'none'})],
    ['a valid key set of 16 MiB', huge],
  ];
  for (const [what, body] of garbage) {
    mischief.answer_with('jwks', {body});
    const browser = world.browser();
    const callback = await through_provider(browser, mischief, {login: mallory.sub});
    await assert_sso_failed(world.server, await deliver(browser, callback), 'provider_garbage', {why: what});
  }
});

test('after a provider failure the next sign-in works again: nothing half-done is left', async (t) => {
  const {world, mischief} = await mischief_world(t);
  mischief.answer_with('token', {body: 'not json'});
  const browser = world.browser();
  const callback = await through_provider(browser, mischief, {login: mallory.sub});
  await assert_sso_failed(world.server, await deliver(browser, callback), 'provider_garbage');
  mischief.answer_honestly('token');
  assert.deepEqual(await linked_identities(world.server), []);
  await link_through_bind(world, mischief, {login: mallory.sub, role: 'agent'});
  assert.equal((await linked_identities(world.server)).length, 1);
});
