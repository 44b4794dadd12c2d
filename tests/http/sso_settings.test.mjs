// The company's single sign-on settings (GET/PUT /api/admin/sso), the
// providers the sign-in page offers (GET /api/sso/providers) and the start
// of a sign-in (POST /api/sso/start): what an administrator sets is what
// everyone sees, the client secret is never shown nor stored in clear, and
// only loopback issuers may speak plain HTTP.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';

import {assert_documented} from '../support/openapi_schema.mjs';
import {add_other_company} from '../support/people.mjs';
import {
  ann, assert_redirected_to, configure_sso, failure_reasons, generic_name, sso_cookie_name, sso_server, sso_sign_in,
  start_generic_oidc, start_google_like, start_microsoft_like, start_sso,
} from '../support/sso.mjs';
import {assert_error, audit_events, listed_user_id} from '../support/two_factor.mjs';

function unconfigured(redirect_uri) {
  return {
    redirect_uri: redirect_uri,
    two_factor_after_sso: false,
    providers: [
      {id: 'google', enabled: false, client_id: '', client_secret_set: false, issuer: ''},
      {id: 'microsoft', enabled: false, client_id: '', client_secret_set: false, issuer: '', tenant: 'common'},
      {id: 'oidc', enabled: false, client_id: '', client_secret_set: false, issuer: '', name: ''},
    ],
  };
}

function put_sso(browser, body, options = {}) {
  return browser.request('/api/admin/sso', {method: 'PUT', json: body, ...options});
}

// The three test providers started and their settings for Demo: {google, microsoft, oidc, body (for PUT)}.
async function three_providers(t, world) {
  const google = await start_google_like(t, world);
  const microsoft = await start_microsoft_like(t, world);
  const oidc = await start_generic_oidc(t, world);
  const body = {providers: [
    {id: 'google', ...google.settings()},
    {id: 'microsoft', ...microsoft.settings('Demo', {tenant: 'organizations'})},
    {id: 'oidc', ...oidc.settings()},
  ]};
  return {google, microsoft, oidc, body};
}

// What GET and PUT answer for `body`: the same, the secret replaced by client_secret_set.
function shown(world, body, {two_factor_after_sso = false} = {}) {
  return {
    redirect_uri: world.redirect_uri,
    two_factor_after_sso: two_factor_after_sso,
    providers: body.providers.map(({client_secret: secret, ...entry}) => ({...entry, client_secret_set: true})),
  };
}

test('unconfigured: every provider off, and the redirect_uri is the server\'s /sso/callback', async (t) => {
  const world = await sso_server(t);
  assert.equal(world.redirect_uri, `${world.server.url}/sso/callback`);
  const answer = await world.admin.get('/api/admin/sso');
  assert.deepEqual(answer.json, unconfigured(world.redirect_uri));
  assert_documented(answer, 'GET', '/api/admin/sso');
  const offered = await world.browser().get('/api/sso/providers?company=Demo');
  assert.equal(offered.status, 200, offered.text);
  assert_documented(offered, 'GET', '/api/sso/providers');
  assert.deepEqual(offered.json, {providers: []});
});

test('PUT sets the three providers; GET, the sign-in page and the audit log follow, the secret never shows', async (t) => {
  const world = await sso_server(t);
  const {body} = await three_providers(t, world);
  const answer = await put_sso(world.admin, body);
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.json, shown(world, body));
  const again = await world.admin.get('/api/admin/sso');
  assert.deepEqual(again.json, shown(world, body));
  for (const {client_secret: secret} of body.providers) {
    assert.ok(!answer.text.includes(secret) && !again.text.includes(secret), 'no answer holds a client secret');
  }

  const offered = await world.browser().get('/api/sso/providers?company=demo');
  assert.equal(offered.status, 200, offered.text);
  assert_documented(offered, 'GET', '/api/sso/providers');
  assert.deepEqual(offered.json, {providers: [
    {id: 'google', name: 'Google'}, {id: 'microsoft', name: 'Office 365'}, {id: 'oidc', name: generic_name},
  ]});

  const [changed] = await audit_events(world.server, 'sso.settings_changed');
  assert.equal(changed?.user_id, await listed_user_id(world.admin, world.server.demo.admin.account));
  assert.ok(!JSON.stringify(changed.detail).includes(body.providers[0].client_secret), 'the audit event holds no secret');

  // Turned off again: gone from the sign-in page, settings kept.
  await configure_sso(world.admin, {providers: {microsoft: {enabled: false}}, two_factor_after_sso: true});
  const fewer = await world.browser().get('/api/sso/providers?company=Demo');
  assert.deepEqual(fewer.json.providers.map(({id}) => id), ['google', 'oidc']);
  const kept = await world.admin.get('/api/admin/sso');
  assert.equal(kept.json.two_factor_after_sso, true);
  assert.deepEqual(kept.json.providers[1], {...shown(world, body).providers[1], enabled: false});
  assert.equal((await audit_events(world.server, 'sso.settings_changed')).length, 2);
});

test('a PUT without client_secret keeps the stored one, and the token request uses it', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  const {client_secret: secret, ...without_secret} = google.settings();
  assert.ok(secret);
  await configure_sso(world.admin, {providers: {google: google.settings()}});
  const answer = await configure_sso(world.admin, {providers: {google: without_secret}, two_factor_after_sso: false});
  assert.equal(answer.json.providers[0].client_secret_set, true);

  // The provider takes the stored secret: the sign-in gets as far as binding.
  assert_redirected_to(await sso_sign_in(world.browser(), google, {login: ann.sub}), '/bind/');
  const [exchange] = google.token_requests;
  assert.equal(exchange.error, null);

  // A wrong secret is refused by the provider, and Twofold says so.
  await configure_sso(world.admin, {providers: {google: {...without_secret, client_secret: 'not the secret'}}});
  const refused = await sso_sign_in(world.browser(), google, {login: ann.sub});
  assert_redirected_to(refused, '/', {company: 'Demo', sso_error: 'failed'});
  assert.equal(google.token_requests.at(-1).error, 'invalid_client');
  assert.deepEqual(await failure_reasons(world.server), ['token_refused']);
});

test('the client secret is in no answer and not in clear in the database files nor the log', async (t) => {
  const world = await sso_server(t);
  const {body} = await three_providers(t, world);
  const answers = [await put_sso(world.admin, body), await world.admin.get('/api/admin/sso')];
  const browser = world.browser();
  answers.push(await browser.get('/api/sso/providers?company=Demo'));
  answers.push((await start_sso(browser, {provider: 'google'})).answer);

  const files = ['twofold.db', 'twofold.db-wal', 'twofold.db-shm'];
  const bytes = Buffer.concat(await Promise.all(files.map((name) =>
    readFile(path.join(world.server.data_dir, name)).catch(() => Buffer.alloc(0)))));
  assert.ok(bytes.length > 0, 'the database was read');
  const logs = JSON.stringify(world.server.logs) + world.server.stderr();
  for (const {id, client_secret: secret} of body.providers) {
    const forms = [secret, Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')];
    for (const form of forms) {
      assert.equal(bytes.indexOf(Buffer.from(form)), -1, `${id}'s secret is sealed in the database`);
      assert.ok(!logs.includes(form), `${id}'s secret is not logged`);
    }
    for (const answer of answers) assert.ok(!answer.text.includes(secret), `${id}'s secret is in no answer`);
  }
  // The client ID is no secret: stored as it is (which shows the search above looks in the right place).
  assert.notEqual(bytes.indexOf(Buffer.from(body.providers[0].client_id)), -1);
});

test('plain http:// issuers only on loopback; the rest, and a tenant that is no name, are refused', async (t) => {
  const world = await sso_server(t);
  const base = {enabled: true, client_id: 'c', client_secret: 's'};
  const accepted = [
    ['oidc', {issuer: 'http://127.0.0.1:9/realm', name: 'Loopback'}],
    ['oidc', {issuer: 'http://localhost:9/realm', name: 'Loopback'}],
    ['oidc', {issuer: 'http://[::1]:9/realm', name: 'Loopback'}],
    ['oidc', {issuer: 'https://idp.example/realm', name: 'Remote'}],
    ['microsoft', {issuer: 'http://127.0.0.1:9', tenant: 'contoso.example'}],
    ['microsoft', {issuer: '', tenant: '2b7c0a1e-0d6f-4b5e-9b1a-6f0c3d1e2a4b'}],
  ];
  for (const [id, settings] of accepted) {
    const answer = await configure_sso(world.admin, {providers: {[id]: {...base, ...settings}}});
    assert.equal(answer.json.providers.find((entry) => entry.id === id).issuer, settings.issuer);
  }
  const before = (await world.admin.get('/api/admin/sso')).text;
  const current = JSON.parse(before).providers.map(({client_secret_set: secret_set, ...entry}) => entry);
  const refused = [
    ['oidc', {issuer: 'http://idp.example/realm'}, 'plain http elsewhere'],
    ['oidc', {issuer: 'http://10.0.0.1/realm'}, 'plain http on a private address'],
    ['oidc', {issuer: 'http://127.0.0.1.idp.example/realm'}, 'a name that starts like loopback'],
    ['oidc', {issuer: 'ftp://idp.example/realm'}, 'not http'],
    ['oidc', {issuer: ''}, 'the generic provider without an issuer'],
    ['google', {issuer: 'http://accounts.google.example'}, 'plain http for Google'],
    ['microsoft', {tenant: '../../evil.example'}, 'a tenant with a path in it'],
    ['microsoft', {tenant: 'contoso.example/v2.0?x='}, 'a tenant with a query in it'],
  ];
  for (const [id, settings, what] of refused) {
    const providers = current.map((entry) => (entry.id === id ? {...entry, ...base, ...settings} : entry));
    const answer = await put_sso(world.admin, {providers});
    assert.equal(answer.status, 400, `${what}: ${answer.text}`);
    assert_documented(answer, 'PUT', '/api/admin/sso');
  }
  assert.equal((await world.admin.get('/api/admin/sso')).text, before, 'a refused PUT changes nothing');
});

test('only the company\'s administrators read and change its settings', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  const body = {providers: [{id: 'google', ...google.settings()}]};
  assert_error(await world.browser().get('/api/admin/sso'), 401, 'not_signed_in');
  const agent = await world.signed_in('agent');
  assert_error(await agent.get('/api/admin/sso'), 403, 'forbidden');
  assert_error(await put_sso(agent, body), 403, 'forbidden');
  assert_error(await put_sso(world.admin, body, {csrf: false}), 403, 'csrf_failed');

  // Another company's administrator sees and changes only their own.
  const other_admin = await world.signed_in(await add_other_company(world.server));
  await configure_sso(world.admin, {providers: {google: google.settings()}});
  const theirs = await other_admin.get('/api/admin/sso');
  assert.deepEqual(theirs.json, unconfigured(world.redirect_uri));
  await configure_sso(other_admin, {providers: {google: {enabled: false, client_id: 'theirs', client_secret: 'theirs'}}});
  const ours = await world.admin.get('/api/admin/sso');
  assert.equal(ours.json.providers[0].client_id, google.settings().client_id);
  assert.equal(ours.json.providers[0].enabled, true);
  assert.deepEqual((await audit_events(world.server, 'sso.settings_changed')).length, 2);
});

test('POST /api/sso/start: the redirect to the provider with PKCE, and a Lax cookie for ten minutes', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  await configure_sso(world.admin, {providers: {google: google.settings()}});
  const browser = world.browser();
  const {answer, authorization} = await start_sso(browser, {provider: 'google'});
  const configuration = await (await fetch(`${google.issuer}/.well-known/openid-configuration`)).json();
  assert.equal(`${authorization.origin}${authorization.pathname}`, configuration.authorization_endpoint);
  const query = Object.fromEntries(authorization.searchParams);
  assert.equal(query.response_type, 'code');
  assert.equal(query.client_id, google.settings().client_id);
  assert.equal(query.redirect_uri, world.redirect_uri);
  assert.equal(query.scope, 'openid email profile');
  assert.equal(query.code_challenge_method, 'S256');
  assert.match(query.code_challenge, /^[A-Za-z0-9_-]{43}$/, 'a SHA-256 in base64url');
  for (const name of ['state', 'nonce']) {
    assert.match(query[name], /^[A-Za-z0-9_-]{22,}$/, `${name}: 128 random bits or more`);
  }

  const cookie = answer.set_cookies.find(({name}) => name === sso_cookie_name);
  assert.equal(cookie.attributes.httponly, true);
  assert.equal(cookie.attributes.samesite, 'Lax');
  assert.equal(cookie.attributes.path, '/');
  assert.equal(cookie.attributes['max-age'], '600');
  assert.ok(!cookie.value.includes(query.state) && !cookie.value.includes(query.nonce),
    'the cookie is no copy of state or nonce');

  // Each start is a flow of its own.
  const second = Object.fromEntries((await start_sso(browser, {provider: 'google'})).authorization.searchParams);
  for (const name of ['state', 'nonce', 'code_challenge']) assert.notEqual(second[name], query[name], name);
});

test('an unknown company and a provider it did not enable get the same 400 sso_unavailable', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  await configure_sso(world.admin, {providers: {google: google.settings()}});
  const browser = world.browser();
  const answers = [];
  for (const body of [{company: 'Nowhere', provider: 'google'}, {company: 'Demo', provider: 'microsoft'},
    {company: 'Demo', provider: 'oidc'}]) {
    const answer = await browser.post('/api/sso/start', {json: body});
    assert_error(answer, 400, 'sso_unavailable', JSON.stringify(body));
    assert_documented(answer, 'POST', '/api/sso/start');
    assert.ok(!answer.set_cookies.some(({name}) => name === sso_cookie_name), 'no flow cookie');
    answers.push(answer.text);
  }
  assert.equal(new Set(answers).size, 1, 'one answer for all');
  const without_csrf = await browser.post('/api/sso/start', {json: {company: 'Demo', provider: 'google'}, csrf: false});
  assert_error(without_csrf, 403, 'csrf_failed');
  assert.deepEqual((await world.browser().get('/api/sso/providers?company=Nowhere')).json, {providers: []});
});
