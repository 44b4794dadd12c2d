// Connecting and disconnecting external identities from the profile
// (GET/DELETE /api/me/sso, POST /api/me/sso/connect): a connect links the
// identity to whoever is signed in, one external account belongs to one
// Twofold user at most, a disconnect is a step-up action, and deleting a
// person removes their links.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {
  ann, assert_redirected_to, assert_sso_failed, configure_sso, connect_through, generic_name, gia, linked_identities,
  link_of, link_through_bind, sso_server, sso_sign_in, sso_with_google, start_generic_oidc, start_google_like,
} from '../support/sso.mjs';
import {assert_error, audit_events, listed_user_id} from '../support/two_factor.mjs';

const within_minutes = (iso_time, minutes) => Math.abs(Date.parse(iso_time) - Date.now()) < minutes * 60_000;

async function me_sso(browser) {
  const answer = await browser.get('/api/me/sso');
  assert.equal(answer.status, 200, answer.text);
  assert_documented(answer, 'GET', '/api/me/sso');
  return answer.json.providers;
}

// DELETE /api/me/sso, its answer checked against docs/openapi.yaml.
async function disconnect(browser, body) {
  const answer = await browser.delete('/api/me/sso', {json: body});
  assert_documented(answer, 'DELETE', '/api/me/sso');
  return answer;
}

test('the profile lists the company\'s enabled providers, and a connect links the signed-in user', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  const oidc = await start_generic_oidc(t, world);
  await configure_sso(world.admin, {providers: {google: google.settings(), oidc: oidc.settings()}});
  const {agent} = world.server.demo;
  const browser = await world.signed_in('agent');
  assert.deepEqual(await me_sso(browser), [
    {id: 'google', name: 'Google', connected: null}, {id: 'oidc', name: generic_name, connected: null},
  ]);

  const answer = await connect_through(browser, google, {login: ann.sub});
  assert_redirected_to(answer, '/profile/', {sso: 'connected'});
  assert.deepEqual(await linked_identities(world.server), [link_of(agent.account, google, ann)]);
  const [listed_google, listed_oidc] = await me_sso(browser);
  const {linked_at: linked_at, ...connected} = listed_google.connected;
  assert.deepEqual(connected, {name: ann.name, email: ann.email});
  assert.ok(within_minutes(linked_at, 5), `linked_at ${linked_at}`);
  assert.equal(listed_oidc.connected, null);
  assert.equal((await browser.get('/api/me')).json.user.username, agent.account, 'still signed in as before');

  const [linked] = await audit_events(world.server, 'sso.linked');
  assert.equal(linked?.user_id, await listed_user_id(world.admin, agent.account));
  const mail = await outbox_of(world.server).next({to: agent.email});
  assert.ok(mail.text.includes('Google'), mail.text);

  assert_redirected_to(await sso_sign_in(world.browser(), google, {login: ann.sub}), '/agent/');
});

test('connect and disconnect need a session and the CSRF header', async (t) => {
  const world = await sso_with_google(t);
  const anonymous = world.browser();
  assert_error(await anonymous.post('/api/me/sso/connect', {json: {provider: 'google'}}), 401, 'not_signed_in');
  assert_error(await anonymous.get('/api/me/sso'), 401, 'not_signed_in');
  assert_error(await anonymous.delete('/api/me/sso', {json: {provider: 'google'}}), 401, 'not_signed_in');
  const browser = await world.signed_in('agent');
  assert_error(await browser.post('/api/me/sso/connect', {json: {provider: 'google'}, csrf: false}), 403, 'csrf_failed');
  assert_error(await browser.delete('/api/me/sso', {json: {provider: 'google'}, csrf: false}), 403, 'csrf_failed');
});

test('a connect the provider refuses, or of an identity linked to someone else, links nothing', async (t) => {
  const world = await sso_with_google(t);
  const {google} = world;
  await link_through_bind(world, google, {login: ann.sub, role: 'agent'});
  const before = await linked_identities(world.server);

  const admin = await world.signed_in('admin');
  const cancelled = await connect_through(admin, google, {login: ann.sub, abort: true});
  await assert_sso_failed(world.server, cancelled, 'provider_error',
    {location: ['/profile/', {sso_error: 'failed'}], linked: before});
  const taken = await connect_through(admin, google, {login: ann.sub});
  await assert_sso_failed(world.server, taken, 'already_linked',
    {location: ['/profile/', {sso_error: 'already_linked'}], linked: before});
  const me = await admin.get('/api/me');
  assert.equal(me.json.user.username, world.server.demo.admin.account, 'the admin stays who they were');
  assert.ok((await me_sso(admin)).every(({connected}) => connected === null));
  assert.equal((await audit_events(world.server, 'sso.linked')).length, 1, 'only the agent\'s bind');
});

test('disconnect right after signing in: no password needed; gone, mailed, audited; then 404', async (t) => {
  const world = await sso_with_google(t);
  const {agent} = world.server.demo;
  const {browser} = await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  const inbox = outbox_of(world.server);
  await inbox.next({to: agent.email});  // the link's mail

  const answer = await disconnect(browser, {provider: 'google'});
  assert.equal(answer.status, 204, answer.text);
  assert.deepEqual(await linked_identities(world.server), []);
  assert.equal((await me_sso(browser))[0].connected, null);
  const [unlinked] = await audit_events(world.server, 'sso.unlinked');
  assert.equal(unlinked?.user_id, await listed_user_id(world.admin, agent.account));
  const mail = await inbox.next({to: agent.email});
  assert.ok(mail.text.includes('Google'), mail.text);
  assert_error(await disconnect(browser, {provider: 'google'}), 404, 'not_found');

  // Nobody's identity again: the next sign-in asks to bind.
  assert_redirected_to(await sso_sign_in(world.browser(), world.google, {login: ann.sub}), '/bind/');
});

test('once the step-up window has passed, disconnect needs the password', async (t) => {
  const world = await sso_with_google(t, {args: ['--step-up-window', '0']});
  const {agent} = world.server.demo;
  const {browser} = await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  assert_error(await disconnect(browser, {provider: 'google'}), 403, 'step_up_required');
  assert_error(await disconnect(browser, {provider: 'google', password: `${agent.password}x`}), 401,
    'password_rejected');
  assert.equal((await linked_identities(world.server)).length, 1, 'still linked');
  assert.equal((await browser.get('/api/me')).status, 200, 'a wrong password does not end the session');
  const answer = await disconnect(browser, {provider: 'google', password: agent.password});
  assert.equal(answer.status, 204, answer.text);
  assert.deepEqual(await linked_identities(world.server), []);
});

test('an identity links to one user per provider: connecting the generic provider leaves Google\'s link alone', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world);
  const oidc = await start_generic_oidc(t, world);
  await configure_sso(world.admin, {providers: {google: google.settings(), oidc: oidc.settings()}});
  const {browser} = await link_through_bind(world, google, {login: ann.sub, role: 'agent'});
  assert_redirected_to(await connect_through(browser, oidc, {login: gia.sub}), '/profile/', {sso: 'connected'});
  const {agent} = world.server.demo;
  assert.deepEqual(await linked_identities(world.server),
    [link_of(agent.account, google, ann), link_of(agent.account, oidc, gia)]);
  assert.equal((await disconnect(browser, {provider: 'oidc'})).status, 204);
  assert.deepEqual(await linked_identities(world.server), [link_of(agent.account, google, ann)]);
});

test('deleting a person removes their links: their identity must be bound again', async (t) => {
  const world = await sso_with_google(t);
  await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  const agent_id = await listed_user_id(world.admin, world.server.demo.agent.account);
  const deleted = await world.admin.delete(`/api/admin/users/${agent_id}`);
  assert.equal(deleted.status, 204, deleted.text);
  assert.deepEqual(await linked_identities(world.server), []);
  const [{n}] = await world.server.rows(`SELECT count(*) AS n FROM sso_identities WHERE user_id = ${agent_id}`);
  assert.equal(n, 0, 'no row left for the deleted id');
  assert_redirected_to(await sso_sign_in(world.browser(), world.google, {login: ann.sub}), '/bind/');
});
