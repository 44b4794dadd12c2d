// Single sign-on from Twofold's side, for tests/http/sso_*: a server whose
// administrator configured the test providers, a browser's journey through
// POST /api/sso/start, the provider and GET /sso/callback, and what a
// sign-in leaves behind (links, audit events). Each helper checks the
// answers it depends on, so a failure points at the step that went wrong.
//
//   const world = await ssoServer(t);                       // server, admin, redirectUri
//   const google = await startGoogleLike(t, world);          // a real provider, closed after the test
//   await configureSso(world.admin, {providers: {google: google.settings()}});
//   const answer = await ssoSignIn(world.browser(), google, {login: ann.sub});
//   assertRedirectedTo(answer, '/bind/');
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import path from 'node:path';
import {promisify} from 'node:util';

import {startMicrosoftAuthority} from './microsoft_authority.mjs';
import {startMischiefProvider} from './mischief_provider.mjs';
import {startOpenIdProvider} from './openid_provider.mjs';
import {client} from './server.mjs';
import {auditEvents, cookieIn, databaseRows, serverForTest, sessionCookieName} from './two_factor.mjs';

export const ssoCookieName = 'twofold_sso';
export const callbackPath = '/sso/callback';

// ---------------------------------------------------------------- accounts at the providers

// Google-like: Ann's address is verified, Ben's is not.
export const ann = {sub: '104471930162218830571', email: 'ann@gmail.example', email_verified: true, name: 'Ann Example'};
export const ben = {sub: '117294838101772540066', email: 'ben@gmail.example', email_verified: false, name: 'Ben Example'};
// Microsoft-like: two tenants, one person each (Microsoft's sub is per app; these are made up).
export const adele = {sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', email: 'adele@contoso.example', email_verified: true, name: 'Adele Vance'};
export const finn = {sub: 'AAAAAAAAAAAAAAAAAAAAANZ7tGx1c2VyRmFicmlrYW0', email: 'finn@fabrikam.example', email_verified: true, name: 'Finn Fabrikam'};
export const contoso = {tid: '2b7c0a1e-0d6f-4b5e-9b1a-6f0c3d1e2a4b', domain: 'contoso.example', accounts: [adele]};
export const fabrikam = {tid: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', domain: 'fabrikam.example', accounts: [finn]};
// The generic provider's and the mischief provider's people.
export const gia = {sub: 'gia-7f3e', email: 'gia@idp.example', email_verified: true, name: 'Gia Generic'};
export const mallory = {sub: 'mallory-01', email: 'mallory@mischief.example', email_verified: true, name: 'Mallory Mischief'};

// ---------------------------------------------------------------- Twofold and its settings

/**
 * A fresh server for one test with the demo admin signed in (`admin`, a
 * client) and the redirect_uri GET /api/admin/sso names. Resolves to
 * {server, admin, redirectUri, browser(), signedIn(role | person)}: the
 * "world" the provider starters register their clients in. browser() is a
 * new client of the server, signedIn() one signed in with the password of
 * the demo `role` or of `person` (people.mjs); both closed when the test ends.
 */
export async function ssoServer(t, options = {}) {
  const server = await serverForTest(t, options);
  const browsers = [];
  t.after(() => browsers.forEach((browser) => browser.close()));
  const browser = () => {
    browsers.push(client(server.url));
    return browsers.at(-1);
  };
  const signedIn = async (who) => {
    const {account, password, company = server.demo.company} = typeof who === 'string' ? server.demo[who] : who;
    const signingIn = browser();
    const answer = await signingIn.post('/api/session', {json: {company, account, password}});
    assert.equal(answer.status, 200, `sign-in of ${account}: ${answer.text}`);
    return signingIn;
  };
  const admin = await signedIn('admin');
  const settings = await admin.get('/api/admin/sso');
  assert.equal(settings.status, 200, `GET /api/admin/sso: ${settings.text}`);
  return {server, admin, redirectUri: settings.json.redirect_uri, browser, signedIn};
}

// A confidential client registered at a provider for one company.
function newClient(world, name) {
  return {
    client_id: `twofold-${name}-${randomBytes(4).toString('hex')}`,
    client_secret: randomBytes(32).toString('base64url'),
    redirect_uri: world.redirectUri,
  };
}

/**
 * PUT /api/admin/sso as `admin`: the settings as GET answers them, with the
 * entries of `providers` ({google: {...}, microsoft: {...}, oidc: {...}})
 * changed, and two_factor_after_sso when given. Resolves to the answer,
 * checked to be 200.
 */
export async function configureSso(admin, {providers = {}, twoFactorAfterSso} = {}) {
  const current = await admin.get('/api/admin/sso');
  assert.equal(current.status, 200, current.text);
  const body = {
    providers: current.json.providers.map(({client_secret_set: secretSet, ...entry}) => ({...entry, ...providers[entry.id]})),
  };
  if (twoFactorAfterSso !== undefined) body.two_factor_after_sso = twoFactorAfterSso;
  const answer = await admin.request('/api/admin/sso', {method: 'PUT', json: body});
  assert.equal(answer.status, 200, `PUT /api/admin/sso ${JSON.stringify(body)}: ${answer.text}`);
  return answer;
}

// ---------------------------------------------------------------- the test providers, as Twofold sees them

// One client per company at `harness`; settings(company) is the company's
// provider entry for PUT /api/admin/sso.
function asTwofoldProvider(id, harness, clients, settingsOf) {
  return {
    ...harness,
    id,
    clients,
    settings: (company = 'Demo', extra = {}) => ({
      enabled: true, client_id: clients[company].client_id, client_secret: clients[company].client_secret,
      ...settingsOf(company), ...extra,
    }),
  };
}

function clientsFor(world, name, companies) {
  return Object.fromEntries(companies.map((company) => [company, newClient(world, `${name}-${company.toLowerCase()}`)]));
}

/**
 * The Google-like provider (RS256, accounts Ann and Ben) with a client per
 * company in `companies`; Twofold's google preset, its issuer overridden.
 */
export async function startGoogleLike(t, world, {companies = ['Demo']} = {}) {
  const clients = clientsFor(world, 'google', companies);
  const harness = await startOpenIdProvider({path: '/google', clients: Object.values(clients), accounts: [ann, ben]});
  t.after(harness.close);
  return asTwofoldProvider('google', harness, clients, () => ({issuer: harness.issuer}));
}

/**
 * The Microsoft-like authority (tenants Contoso and Fabrikam, RS256);
 * Twofold's microsoft preset with the authority overridden and `tenant`
 * ('common' unless settings() says otherwise).
 */
export async function startMicrosoftLike(t, world, {companies = ['Demo']} = {}) {
  const clients = clientsFor(world, 'microsoft', companies);
  const harness = await startMicrosoftAuthority({clients: Object.values(clients), tenants: [contoso, fabrikam]});
  t.after(harness.close);
  return asTwofoldProvider('microsoft', harness, clients, () => ({issuer: harness.authority, tenant: 'common'}));
}

export const genericName = 'Acme Identity';

// The generic provider (ES256, account Gia), named "Acme Identity".
export async function startGenericOidc(t, world, {companies = ['Demo']} = {}) {
  const clients = clientsFor(world, 'oidc', companies);
  const harness = await startOpenIdProvider({path: '/realms/acme', clients: Object.values(clients), accounts: [gia], algorithm: 'ES256'});
  t.after(harness.close);
  return asTwofoldProvider('oidc', harness, clients, () => ({issuer: harness.issuer, name: genericName}));
}

/**
 * The mischief provider (account Mallory), as Twofold's provider `as`:
 * 'oidc' (issuer = the mischief's), or 'microsoft' with `path`
 * '/<tenant>/v2.0' (authority = its origin, tenant from the path).
 */
export async function startMischief(t, world, {as = 'oidc', path = '/mischief'} = {}) {
  const clients = clientsFor(world, 'mischief', ['Demo']);
  const harness = await startMischiefProvider({path, client: clients.Demo, accounts: [mallory]});
  t.after(harness.close);
  const settingsOf = as === 'microsoft'
    ? () => ({issuer: harness.origin, tenant: path.split('/')[1]})
    : () => ({issuer: harness.issuer, name: 'Mischief'});
  return asTwofoldProvider(as, harness, clients, settingsOf);
}

/** A server with the Google-like provider enabled for Demo: {server, admin, redirectUri, google}. */
export async function ssoWithGoogle(t, options = {}) {
  const world = await ssoServer(t, options);
  const google = await startGoogleLike(t, world);
  await configureSso(world.admin, {providers: {google: google.settings()}});
  return {...world, google};
}

// ---------------------------------------------------------------- a browser's journey

/**
 * POST /api/sso/start in `browser` for `company` and `provider` (an id);
 * checks the 200 and its cookie. Resolves to {answer, authorization (URL)}.
 */
export async function startSso(browser, {company = 'Demo', provider}) {
  const answer = await browser.post('/api/sso/start', {json: {company, provider}});
  assert.equal(answer.status, 200, `POST /api/sso/start ${company} ${provider}: ${answer.text}`);
  assert.ok(cookieIn(answer, ssoCookieName), `the start sets ${ssoCookieName}`);
  return {answer, authorization: new URL(answer.json.redirect)};
}

/**
 * Starts at Twofold, then signs in at `provider` (a started test provider)
 * as `login`, with the provider's options (abort, claims, signing...).
 * Resolves to the provider's redirect back to Twofold, undelivered.
 */
export async function throughProvider(browser, provider, {company = 'Demo', ...options}) {
  const {authorization} = await startSso(browser, {company, provider: provider.id});
  return provider.signIn(authorization.href, options);
}

/**
 * The provider's redirect, followed in `browser`: GET /sso/callback?... as
 * a page navigation, with the browser's cookies or exactly `cookie` (a
 * Cookie header) when given.
 */
export function deliver(browser, callback, {cookie} = {}) {
  assert.equal(callback.pathname, callbackPath, `the provider sends the browser back to ${callbackPath}: ${callback.href}`);
  const headers = {accept: 'text/html', ...(cookie === undefined ? {} : {cookie})};
  return browser.get(`${callback.pathname}${callback.search}`, {headers});
}

// The Cookie header that sends `browser`'s flow cookie (twofold_sso) alone.
export function flowCookieHeader(browser) {
  const cookie = browser.cookies.get(ssoCookieName);
  assert.ok(cookie, `the browser holds ${ssoCookieName}`);
  return `${ssoCookieName}=${cookie.value}`;
}

/** The whole sign-in through `provider` as `login`: resolves to the callback's answer. */
export async function ssoSignIn(browser, provider, options) {
  return deliver(browser, await throughProvider(browser, provider, options));
}

/**
 * Connecting from the profile: POST /api/me/sso/connect in the signed-in
 * `browser`, the sign-in at `provider` as `login`, the callback. Resolves to
 * the callback's answer.
 */
export async function connectThrough(browser, provider, {login, ...options}) {
  const started = await browser.post('/api/me/sso/connect', {json: {provider: provider.id}});
  assert.equal(started.status, 200, `POST /api/me/sso/connect ${provider.id}: ${started.text}`);
  assert.ok(cookieIn(started, ssoCookieName), `connect sets ${ssoCookieName}`);
  return deliver(browser, await provider.signIn(started.json.redirect, {login, ...options}));
}

/**
 * A first sign-in through `provider` as `login` (with the provider's
 * options), bound at /bind/ to the demo account `role` (or `person`, from
 * people.mjs) with its password. Resolves to {browser (signed in), answer
 * (the bind's 200)}.
 */
export async function linkThroughBind(world, provider, {
  login, role = 'agent', person = world.server.demo[role], company = 'Demo', ...options
}) {
  const browser = world.browser();
  assertRedirectedTo(await ssoSignIn(browser, provider, {login, company, ...options}), '/bind/');
  const answer = await browser.post('/api/session/bind', {json: {company, account: person.account, password: person.password}});
  assert.equal(answer.status, 200, `bind of ${login} to ${person.account}: ${answer.text}`);
  return {browser, answer};
}

/**
 * Ages every waiting SSO start (sso_starts) by one lifetime past its
 * expiry, in the database the server runs on (as people.mjs writes there):
 * the ten minutes of a flow without waiting for them. Works in whatever
 * unit the times are stored, since it keeps to the rows' own times.
 */
export async function expireSsoStarts(server) {
  await promisify(execFile)('sqlite3', ['-cmd', '.timeout 10000', path.join(server.dataDir, 'twofold.db'),
    'UPDATE sso_starts SET expires_at = created_at - (expires_at - created_at), created_at = created_at - 2 * (expires_at - created_at)']);
}

// ---------------------------------------------------------------- what happened

/**
 * The provider saw Twofold's last flow use PKCE: S256 with a challenge,
 * and a token request whose code_verifier (RFC 7636 §4.1: 43 to 128
 * characters) answers that challenge. Also state, nonce and the scopes.
 */
export function assertPkceUsed(provider) {
  const request = provider.authorizationRequests.at(-1);
  assert.ok(request, 'the provider saw an authorization request');
  assert.equal(request.code_challenge_method, 'S256');
  assert.ok(request.state && request.nonce, `a state and a nonce: ${JSON.stringify(request)}`);
  assert.deepEqual(request.scope.split(' ').sort(), ['email', 'openid', 'profile']);
  const exchange = provider.tokenRequests.at(-1);
  assert.ok(exchange, 'the provider saw a token request');
  assert.equal(exchange.error, null, `the provider accepted the exchange: ${exchange.description}`);
  const verifier = exchange.params.code_verifier;
  assert.match(verifier ?? '', /^[A-Za-z0-9._~-]{43,128}$/, 'a code_verifier');
  assert.equal(createHash('sha256').update(verifier).digest('base64url'), request.code_challenge, 'the verifier answers the challenge');
}

// Where a 302 sends the browser: {path, params (an object of the query)}.
// Twofold's own pages only, so the Location is a path.
export function redirectTarget(answer) {
  assert.equal(answer.status, 302, `a redirect: ${answer.status} ${answer.text}`);
  const {location} = answer.headers;
  assert.match(location ?? '', /^\/(?!\/)/, `a path on Twofold: ${location}`);
  const target = new URL(location, 'http://twofold.invalid');
  return {path: target.pathname, params: Object.fromEntries(target.searchParams)};
}

/** The answer is a 302 to `path` with exactly the query `params`. */
export function assertRedirectedTo(answer, path, params = {}, why = '') {
  assert.deepEqual(redirectTarget(answer), {path, params}, `${why} Location: ${answer.headers.location}`.trim());
}

/** The rows of sso_identities with their user's username, by username and provider. */
export async function linkedIdentities(server) {
  return databaseRows(server,
    'SELECT u.username, s.provider, s.issuer, s.subject, s.email, s.name FROM sso_identities s' +
    ' JOIN users u ON u.id = s.user_id ORDER BY u.username, s.provider');
}

/** The detail.reason of every sso.failed audit event, oldest first. */
export async function failureReasons(server) {
  return (await auditEvents(server, 'sso.failed')).map(({detail}) => detail.reason);
}

/**
 * A refused callback: 302 to the sign-in page with the generic failure
 * (or `location`: [path, params]), no session, an sso.failed event with
 * `reason` as the latest, and the links as `linked` (default: none).
 * `why` starts each message.
 */
export async function assertSsoFailed(server, answer, reason, {
  location = ['/', {company: 'Demo', sso_error: 'failed'}], linked = [], why = reason,
} = {}) {
  assert.deepEqual(redirectTarget(answer), {path: location[0], params: location[1]}, `${why}: Location ${answer.headers.location}`);
  const session = cookieIn(answer, sessionCookieName);
  assert.ok(!session || session.value === '', `${why}: no session after a failure: ${session?.raw}`);
  const reasons = await failureReasons(server);
  assert.equal(reasons.at(-1), reason, `${why}: sso.failed reasons ${JSON.stringify(reasons)}`);
  assert.deepEqual((await linkedIdentities(server)).map(({username, subject}) => [username, subject]),
    linked.map(({username, subject}) => [username, subject]), `${why}: the links are as before`);
}

/** The identity row a link of `account` at `provider` makes for `username`. */
export function linkOf(username, provider, account, issuer = provider.issuer) {
  return {username, provider: provider.id, issuer, subject: account.sub, email: account.email, name: account.name};
}
