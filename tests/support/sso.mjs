// Single sign-on from Twofold's side, for tests/http/sso_*: a server whose
// administrator configured the test providers, a browser's journey through
// POST /api/sso/start, the provider and GET /sso/callback, and what a
// sign-in leaves behind (links, audit events). Each helper checks the
// answers it depends on, so a failure points at the step that went wrong.
//
//   const world = await sso_server(t);                       // server, admin, redirect_uri
//   const google = await start_google_like(t, world);          // a real provider, closed after the test
//   await configure_sso(world.admin, {providers: {google: google.settings()}});
//   const answer = await sso_sign_in(world.browser(), google, {login: ann.sub});
//   assert_redirected_to(answer, '/bind/');
import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';

import {start_microsoft_authority} from './microsoft_authority.mjs';
import {assert_documented} from './openapi_schema.mjs';
import {start_mischief_provider} from './mischief_provider.mjs';
import {start_open_id_provider} from './openid_provider.mjs';
import {client} from './server.mjs';
import {audit_events, cookie_in, server_for_test, session_cookie_name} from './two_factor.mjs';

export const sso_cookie_name = 'twofold_sso';
export const callback_path = '/sso/callback';

// ---------------------------------------------------------------- accounts at the providers

// Google-like: Ann's address is verified, Ben's is not.
export const ann = {sub: '104471930162218830571', email: 'ann@gmail.example', email_verified: true, name: 'Ann Example'};
export const ben = {sub: '117294838101772540066', email: 'ben@gmail.example', email_verified: false, name: 'Ben Example'};
// Microsoft-like: two tenants, one person each (Microsoft's sub is per app; these are made up).
export const adele = {
  sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', email: 'adele@contoso.example', email_verified: true, name: 'Adele Vance',
};
export const finn = {
  sub: 'AAAAAAAAAAAAAAAAAAAAANZ7tGx1c2VyRmFicmlrYW0', email: 'finn@fabrikam.example', email_verified: true, name: 'Finn Fabrikam',
};
export const contoso = {tid: '2b7c0a1e-0d6f-4b5e-9b1a-6f0c3d1e2a4b', domain: 'contoso.example', accounts: [adele]};
export const fabrikam = {tid: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', domain: 'fabrikam.example', accounts: [finn]};
// The generic provider's and the mischief provider's people.
export const gia = {sub: 'gia-7f3e', email: 'gia@idp.example', email_verified: true, name: 'Gia Generic'};
export const mallory = {
  sub: 'mallory-01', email: 'mallory@mischief.example', email_verified: true, name: 'Mallory Mischief',
};

// ---------------------------------------------------------------- Twofold and its settings

/**
 * A fresh server for one test with the demo admin signed in (`admin`, a
 * client) and the redirect_uri GET /api/admin/sso names. Resolves to
 * {server, admin, redirect_uri, browser(), signed_in(role | person)}: the
 * "world" the provider starters register their clients in. browser() is a
 * new client of the server, signed_in() one signed in with the password of
 * the demo `role` or of `person` (people.mjs); both closed when the test ends.
 */
export async function sso_server(t, options = {}) {
  const server = await server_for_test(t, options);
  const browsers = [];
  t.after(() => browsers.forEach((browser) => browser.close()));
  const browser = () => {
    browsers.push(client(server.url));
    return browsers.at(-1);
  };
  const signed_in = async (who) => {
    const {account, password, company = server.demo.company} = typeof who === 'string' ? server.demo[who] : who;
    const signing_in = browser();
    const answer = await signing_in.post('/api/session', {json: {company, account, password}});
    assert.equal(answer.status, 200, `sign-in of ${account}: ${answer.text}`);
    return signing_in;
  };
  const admin = await signed_in('admin');
  const settings = await admin.get('/api/admin/sso');
  assert.equal(settings.status, 200, `GET /api/admin/sso: ${settings.text}`);
  return {server, admin, redirect_uri: settings.json.redirect_uri, browser, signed_in};
}

// A confidential client registered at a provider for one company.
function new_client(world, name) {
  return {
    client_id: `twofold-${name}-${randomBytes(4).toString('hex')}`,
    client_secret: randomBytes(32).toString('base64url'),
    redirect_uri: world.redirect_uri,
  };
}

/**
 * PUT /api/admin/sso as `admin`: the settings as GET answers them, with the
 * entries of `providers` ({google: {...}, microsoft: {...}, oidc: {...}})
 * changed, and two_factor_after_sso when given. Resolves to the answer,
 * checked to be 200.
 */
export async function configure_sso(admin, {providers = {}, two_factor_after_sso} = {}) {
  const current = await admin.get('/api/admin/sso');
  assert.equal(current.status, 200, current.text);
  assert_documented(current, 'GET', '/api/admin/sso');
  const body = {
    providers: current.json.providers.map(({client_secret_set: secret_set, ...entry}) => ({
      ...entry, ...providers[entry.id],
    })),
  };
  if (two_factor_after_sso !== undefined) body.two_factor_after_sso = two_factor_after_sso;
  const answer = await admin.request('/api/admin/sso', {method: 'PUT', json: body});
  assert.equal(answer.status, 200, `PUT /api/admin/sso ${JSON.stringify(body)}: ${answer.text}`);
  assert_documented(answer, 'PUT', '/api/admin/sso');
  return answer;
}

// ---------------------------------------------------------------- the test providers, as Twofold sees them

// One client per company at `harness`; settings(company) is the company's
// provider entry for PUT /api/admin/sso.
function as_twofold_provider(id, harness, clients, settings_of) {
  return {
    ...harness,
    id,
    clients,
    settings: (company = 'Demo', extra = {}) => ({
      enabled: true, client_id: clients[company].client_id, client_secret: clients[company].client_secret,
      ...settings_of(company), ...extra,
    }),
  };
}

function clients_for(world, name, companies) {
  return Object.fromEntries(companies.map((company) => [company, new_client(world, `${name}-${company.toLowerCase()}`)]));
}

/**
 * The Google-like provider (RS256, accounts Ann and Ben) with a client per
 * company in `companies`; Twofold's google preset, its issuer overridden.
 */
export async function start_google_like(t, world, {companies = ['Demo']} = {}) {
  const clients = clients_for(world, 'google', companies);
  const harness = await start_open_id_provider({path: '/google', clients: Object.values(clients), accounts: [ann, ben]});
  t.after(harness.close);
  return as_twofold_provider('google', harness, clients, () => ({issuer: harness.issuer}));
}

/**
 * The Microsoft-like authority (tenants Contoso and Fabrikam, RS256);
 * Twofold's microsoft preset with the authority overridden and `tenant`
 * ('common' unless settings() says otherwise).
 */
export async function start_microsoft_like(t, world, {companies = ['Demo']} = {}) {
  const clients = clients_for(world, 'microsoft', companies);
  const harness = await start_microsoft_authority({clients: Object.values(clients), tenants: [contoso, fabrikam]});
  t.after(harness.close);
  return as_twofold_provider('microsoft', harness, clients, () => ({issuer: harness.authority, tenant: 'common'}));
}

export const generic_name = 'Acme Identity';

// The generic provider (ES256, account Gia), named "Acme Identity".
export async function start_generic_oidc(t, world, {companies = ['Demo']} = {}) {
  const clients = clients_for(world, 'oidc', companies);
  const harness = await start_open_id_provider({
    path: '/realms/acme', clients: Object.values(clients), accounts: [gia], algorithm: 'ES256',
  });
  t.after(harness.close);
  return as_twofold_provider('oidc', harness, clients, () => ({issuer: harness.issuer, name: generic_name}));
}

/**
 * The mischief provider (account Mallory), as Twofold's provider `as`:
 * 'oidc' (issuer = the mischief's), 'google' (the issuer overridden to the
 * mischief's), or 'microsoft' with `path` '/<tenant>/v2.0' (authority = its
 * origin, tenant from the path).
 */
export async function start_mischief(t, world, {as = 'oidc', path = '/mischief'} = {}) {
  const clients = clients_for(world, 'mischief', ['Demo']);
  const harness = await start_mischief_provider({path, client: clients.Demo, accounts: [mallory]});
  t.after(harness.close);
  const settings = {
    oidc: () => ({issuer: harness.issuer, name: 'Mischief'}),
    google: () => ({issuer: harness.issuer}),
    microsoft: () => ({issuer: harness.origin, tenant: path.split('/')[1]}),
  };
  return as_twofold_provider(as, harness, clients, settings[as]);
}

/** A server with the Google-like provider enabled for Demo: {server, admin, redirect_uri, google}. */
export async function sso_with_google(t, options = {}) {
  const world = await sso_server(t, options);
  const google = await start_google_like(t, world);
  await configure_sso(world.admin, {providers: {google: google.settings()}});
  return {...world, google};
}

// ---------------------------------------------------------------- a browser's journey

/**
 * POST /api/sso/start in `browser` for `company` and `provider` (an id);
 * checks the 200 and its cookie. Resolves to {answer, authorization (URL)}.
 */
export async function start_sso(browser, {company = 'Demo', provider}) {
  const answer = await browser.post('/api/sso/start', {json: {company, provider}});
  assert.equal(answer.status, 200, `POST /api/sso/start ${company} ${provider}: ${answer.text}`);
  assert_documented(answer, 'POST', '/api/sso/start');
  assert.ok(cookie_in(answer, sso_cookie_name), `the start sets ${sso_cookie_name}`);
  return {answer, authorization: new URL(answer.json.redirect)};
}

/**
 * Starts at Twofold, then signs in at `provider` (a started test provider)
 * as `login`, with the provider's options (abort, claims, signing...).
 * Resolves to the provider's redirect back to Twofold, undelivered.
 */
export async function through_provider(browser, provider, {company = 'Demo', ...options}) {
  const {authorization} = await start_sso(browser, {company, provider: provider.id});
  return provider.sign_in(authorization.href, options);
}

/**
 * The provider's redirect, followed in `browser`: GET /sso/callback?... as
 * a page navigation, with the browser's cookies or exactly `cookie` (a
 * Cookie header) when given.
 */
export function deliver(browser, callback, {cookie} = {}) {
  assert.equal(callback.pathname, callback_path, `the provider sends the browser back here: ${callback.href}`);
  const headers = {accept: 'text/html', ...(cookie === undefined ? {} : {cookie})};
  return browser.get(`${callback.pathname}${callback.search}`, {headers});
}

// The Cookie header that sends `browser`'s flow cookie (twofold_sso) alone.
export function flow_cookie_header(browser) {
  const cookie = browser.cookies.get(sso_cookie_name);
  assert.ok(cookie, `the browser holds ${sso_cookie_name}`);
  return `${sso_cookie_name}=${cookie.value}`;
}

/** The whole sign-in through `provider` as `login`: resolves to the callback's answer. */
export async function sso_sign_in(browser, provider, options) {
  return deliver(browser, await through_provider(browser, provider, options));
}

/**
 * Connecting from the profile: POST /api/me/sso/connect in the signed-in
 * `browser`, the sign-in at `provider` as `login`, the callback. Resolves to
 * the callback's answer.
 */
export async function connect_through(browser, provider, {login, ...options}) {
  const started = await browser.post('/api/me/sso/connect', {json: {provider: provider.id}});
  assert.equal(started.status, 200, `POST /api/me/sso/connect ${provider.id}: ${started.text}`);
  assert_documented(started, 'POST', '/api/me/sso/connect');
  assert.ok(cookie_in(started, sso_cookie_name), `connect sets ${sso_cookie_name}`);
  return deliver(browser, await provider.sign_in(started.json.redirect, {login, ...options}));
}

/**
 * A first sign-in through `provider` as `login` (with the provider's
 * options), bound at /bind/ to the demo account `role` (or `person`, from
 * people.mjs) with its password. Resolves to {browser (signed in), answer
 * (the bind's 200)}.
 */
export async function link_through_bind(world, provider, {
  login, role = 'agent', person = world.server.demo[role], company = 'Demo', ...options
}) {
  const browser = world.browser();
  assert_redirected_to(await sso_sign_in(browser, provider, {login, company, ...options}), '/bind/');
  const {account, password} = person;
  const answer = await browser.post('/api/session/bind', {json: {company, account, password}});
  assert.equal(answer.status, 200, `bind of ${login} to ${person.account}: ${answer.text}`);
  return {browser, answer};
}

/**
 * Ages every waiting SSO start (sso_starts) by one lifetime past its
 * expiry, in the database the server runs on (as people.mjs writes there):
 * the ten minutes of a flow without waiting for them. Works in whatever
 * unit the times are stored, since it keeps to the rows' own times.
 */
export async function expire_sso_starts(server) {
  const aged = 'UPDATE sso_starts SET expires_at = created_at - (expires_at - created_at),' +
    ' created_at = created_at - 2 * (expires_at - created_at)';
  await server.run(aged);
}

// ---------------------------------------------------------------- what happened

/**
 * The provider saw Twofold's last flow use PKCE: S256 with a challenge,
 * and a token request whose code_verifier (RFC 7636 §4.1: 43 to 128
 * characters) answers that challenge. Also state, nonce and the scopes.
 */
export function assert_pkce_used(provider) {
  const request = provider.authorization_requests.at(-1);
  assert.ok(request, 'the provider saw an authorization request');
  assert.equal(request.code_challenge_method, 'S256');
  assert.ok(request.state && request.nonce, `a state and a nonce: ${JSON.stringify(request)}`);
  assert.deepEqual(request.scope.split(' ').sort(), ['email', 'openid', 'profile']);
  const exchange = provider.token_requests.at(-1);
  assert.ok(exchange, 'the provider saw a token request');
  assert.equal(exchange.error, null, `the provider accepted the exchange: ${exchange.description}`);
  const verifier = exchange.params.code_verifier;
  assert.match(verifier ?? '', /^[A-Za-z0-9._~-]{43,128}$/, 'a code_verifier');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  assert.equal(challenge, request.code_challenge, 'the verifier answers the challenge');
}

// Where a 302 sends the browser: {path, params (an object of the query)}.
// Twofold's own pages only, so the Location is a path.
export function redirect_target(answer) {
  assert.equal(answer.status, 302, `a redirect: ${answer.status} ${answer.text}`);
  const {location} = answer.headers;
  assert.match(location ?? '', /^\/(?!\/)/, `a path on Twofold: ${location}`);
  const target = new URL(location, 'http://twofold.invalid');
  return {path: target.pathname, params: Object.fromEntries(target.searchParams)};
}

/** The answer is a 302 to `path` with exactly the query `params`. */
export function assert_redirected_to(answer, path, params = {}, why = '') {
  assert.deepEqual(redirect_target(answer), {path, params}, `${why} Location: ${answer.headers.location}`.trim());
}

/** The rows of sso_identities with their user's username, by username and provider. */
export async function linked_identities(server) {
  return server.rows(
    'SELECT u.username, s.provider, s.issuer, s.subject, s.email, s.name FROM sso_identities s' +
    ' JOIN users u ON u.id = s.user_id ORDER BY u.username, s.provider');
}

/** The detail.reason of every sso.failed audit event, oldest first. */
export async function failure_reasons(server) {
  return (await audit_events(server, 'sso.failed')).map(({detail}) => detail.reason);
}

/**
 * A refused callback: 302 to the sign-in page with the generic failure
 * (or `location`: [path, params]), no session, an sso.failed event with
 * `reason` as the latest, and the links as `linked` (default: none).
 * `why` starts each message.
 */
export async function assert_sso_failed(server, answer, reason, {
  location = ['/', {company: 'Demo', sso_error: 'failed'}], linked = [], why = reason,
} = {}) {
  assert.deepEqual(redirect_target(answer), {path: location[0], params: location[1]},
    `${why}: Location ${answer.headers.location}`);
  const session = cookie_in(answer, session_cookie_name);
  assert.ok(!session || session.value === '', `${why}: no session after a failure: ${session?.raw}`);
  const reasons = await failure_reasons(server);
  assert.equal(reasons.at(-1), reason, `${why}: sso.failed reasons ${JSON.stringify(reasons)}`);
  assert.deepEqual((await linked_identities(server)).map(({username, subject}) => [username, subject]),
    linked.map(({username, subject}) => [username, subject]), `${why}: the links are as before`);
}

/** The identity row a link of `account` at `provider` makes for `username`. */
export function link_of(username, provider, account, issuer = provider.issuer) {
  return {username, provider: provider.id, issuer, subject: account.sub, email: account.email, name: account.name};
}
