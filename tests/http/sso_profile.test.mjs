// Connecting and disconnecting external identities from the profile
// (GET/DELETE /api/me/sso, POST /api/me/sso/connect): a connect links the
// identity to whoever is signed in, one external account belongs to one
// Twofold user at most, a disconnect is a step-up action, and deleting a
// person removes their links.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf} from '../support/mail.mjs';
import {
  ann, assertRedirectedTo, assertSsoFailed, configureSso, connectThrough, genericName, gia, linkedIdentities, linkOf,
  linkThroughBind, ssoServer, ssoSignIn, ssoWithGoogle, startGenericOidc, startGoogleLike,
} from '../support/sso.mjs';
import {assertError, auditEvents, databaseRows, listedUserId} from '../support/two_factor.mjs';

const withinMinutes = (isoTime, minutes) => Math.abs(Date.parse(isoTime) - Date.now()) < minutes * 60_000;

async function meSso(browser) {
  const answer = await browser.get('/api/me/sso');
  assert.equal(answer.status, 200, answer.text);
  return answer.json.providers;
}

test('the profile lists the company\'s enabled providers, and a connect links the signed-in user', async (t) => {
  const world = await ssoServer(t);
  const google = await startGoogleLike(t, world);
  const oidc = await startGenericOidc(t, world);
  await configureSso(world.admin, {providers: {google: google.settings(), oidc: oidc.settings()}});
  const {agent} = world.server.demo;
  const browser = await world.signedIn('agent');
  assert.deepEqual(await meSso(browser), [
    {id: 'google', name: 'Google', connected: null}, {id: 'oidc', name: genericName, connected: null},
  ]);

  const answer = await connectThrough(browser, google, {login: ann.sub});
  assertRedirectedTo(answer, '/profile/', {sso: 'connected'});
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(agent.account, google, ann)]);
  const [listedGoogle, listedOidc] = await meSso(browser);
  const {linked_at: linkedAt, ...connected} = listedGoogle.connected;
  assert.deepEqual(connected, {name: ann.name, email: ann.email});
  assert.ok(withinMinutes(linkedAt, 5), `linked_at ${linkedAt}`);
  assert.equal(listedOidc.connected, null);
  assert.equal((await browser.get('/api/me')).json.user.username, agent.account, 'still signed in as before');

  const [linked] = await auditEvents(world.server, 'sso.linked');
  assert.equal(linked?.user_id, await listedUserId(world.admin, agent.account));
  const mail = await outboxOf(world.server).next({to: agent.email});
  assert.ok(mail.text.includes('Google'), mail.text);

  assertRedirectedTo(await ssoSignIn(world.browser(), google, {login: ann.sub}), '/agent/');
});

test('connect and disconnect need a session and the CSRF header', async (t) => {
  const world = await ssoWithGoogle(t);
  const anonymous = world.browser();
  assertError(await anonymous.post('/api/me/sso/connect', {json: {provider: 'google'}}), 401, 'not_signed_in');
  assertError(await anonymous.get('/api/me/sso'), 401, 'not_signed_in');
  assertError(await anonymous.delete('/api/me/sso', {json: {provider: 'google'}}), 401, 'not_signed_in');
  const browser = await world.signedIn('agent');
  assertError(await browser.post('/api/me/sso/connect', {json: {provider: 'google'}, csrf: false}), 403, 'csrf_failed');
  assertError(await browser.delete('/api/me/sso', {json: {provider: 'google'}, csrf: false}), 403, 'csrf_failed');
});

test('a connect the provider refuses, or of an identity linked to someone else, links nothing', async (t) => {
  const world = await ssoWithGoogle(t);
  const {google} = world;
  await linkThroughBind(world, google, {login: ann.sub, role: 'agent'});
  const before = await linkedIdentities(world.server);

  const admin = await world.signedIn('admin');
  const cancelled = await connectThrough(admin, google, {login: ann.sub, abort: true});
  await assertSsoFailed(world.server, cancelled, 'provider_error',
    {location: ['/profile/', {sso_error: 'failed'}], linked: before});
  const taken = await connectThrough(admin, google, {login: ann.sub});
  await assertSsoFailed(world.server, taken, 'already_linked',
    {location: ['/profile/', {sso_error: 'already_linked'}], linked: before});
  assert.equal((await admin.get('/api/me')).json.user.username, world.server.demo.admin.account, 'the admin stays who they were');
  assert.ok((await meSso(admin)).every(({connected}) => connected === null));
  assert.equal((await auditEvents(world.server, 'sso.linked')).length, 1, 'only the agent\'s bind');
});

test('disconnect right after signing in: no password needed; gone, mailed, audited; then 404', async (t) => {
  const world = await ssoWithGoogle(t);
  const {agent} = world.server.demo;
  const {browser} = await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  const inbox = outboxOf(world.server);
  await inbox.next({to: agent.email});  // the link's mail

  const answer = await browser.delete('/api/me/sso', {json: {provider: 'google'}});
  assert.equal(answer.status, 204, answer.text);
  assert.deepEqual(await linkedIdentities(world.server), []);
  assert.equal((await meSso(browser))[0].connected, null);
  const [unlinked] = await auditEvents(world.server, 'sso.unlinked');
  assert.equal(unlinked?.user_id, await listedUserId(world.admin, agent.account));
  const mail = await inbox.next({to: agent.email});
  assert.ok(mail.text.includes('Google'), mail.text);
  assertError(await browser.delete('/api/me/sso', {json: {provider: 'google'}}), 404, 'not_found');

  // Nobody's identity again: the next sign-in asks to bind.
  assertRedirectedTo(await ssoSignIn(world.browser(), world.google, {login: ann.sub}), '/bind/');
});

test('once the step-up window has passed, disconnect needs the password', async (t) => {
  const world = await ssoWithGoogle(t, {args: ['--step-up-window', '0']});
  const {agent} = world.server.demo;
  const {browser} = await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  assertError(await browser.delete('/api/me/sso', {json: {provider: 'google'}}), 403, 'step_up_required');
  assertError(await browser.delete('/api/me/sso', {json: {provider: 'google', password: `${agent.password}x`}}), 401,
    'password_rejected');
  assert.equal((await linkedIdentities(world.server)).length, 1, 'still linked');
  assert.equal((await browser.get('/api/me')).status, 200, 'a wrong password does not end the session');
  const answer = await browser.delete('/api/me/sso', {json: {provider: 'google', password: agent.password}});
  assert.equal(answer.status, 204, answer.text);
  assert.deepEqual(await linkedIdentities(world.server), []);
});

test('an identity links to one user per provider: connecting the generic provider leaves Google\'s link alone', async (t) => {
  const world = await ssoServer(t);
  const google = await startGoogleLike(t, world);
  const oidc = await startGenericOidc(t, world);
  await configureSso(world.admin, {providers: {google: google.settings(), oidc: oidc.settings()}});
  const {browser} = await linkThroughBind(world, google, {login: ann.sub, role: 'agent'});
  assertRedirectedTo(await connectThrough(browser, oidc, {login: gia.sub}), '/profile/', {sso: 'connected'});
  const {agent} = world.server.demo;
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(agent.account, google, ann), linkOf(agent.account, oidc, gia)]);
  assert.equal((await browser.delete('/api/me/sso', {json: {provider: 'oidc'}})).status, 204);
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(agent.account, google, ann)]);
});

test('deleting a person removes their links: their identity must be bound again', async (t) => {
  const world = await ssoWithGoogle(t);
  await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  const agentId = await listedUserId(world.admin, world.server.demo.agent.account);
  const deleted = await world.admin.delete(`/api/admin/users/${agentId}`);
  assert.equal(deleted.status, 204, deleted.text);
  assert.deepEqual(await linkedIdentities(world.server), []);
  const [{n}] = await databaseRows(world.server, `SELECT count(*) AS n FROM sso_identities WHERE user_id = ${agentId}`);
  assert.equal(n, 0, 'no row left for the deleted id');
  assertRedirectedTo(await ssoSignIn(world.browser(), world.google, {login: ann.sub}), '/bind/');
});
