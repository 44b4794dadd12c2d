// An administrator edits, disables, enables and deletes agents over HTTP,
// and reads the company's audit log with filters (issue 4). The rules
// themselves are walked in tests/server/admin_agents_test.cpp; here the
// real server, its answers and what they do to real sessions.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {add_person, sign_in_person} from '../support/people.mjs';
import {client, sign_in_as} from '../support/server.mjs';
import {assert_error, audit_events, listed_user_id, listed_users, server_for_test, signed_in_client} from '../support/two_factor.mjs';

function put(browser, target, json) {
  return browser.request(target, {method: 'PUT', json});
}

async function demo_ids(server, admin) {
  return {
    admin_id: await listed_user_id(admin, server.demo.admin.account),
    agent_id: await listed_user_id(admin, server.demo.agent.account),
  };
}

test('an admin edits an agent\'s name, email, role and language; the change is audited', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const {admin_id, agent_id} = await demo_ids(server, admin);

  const edited = await put(admin, `/api/admin/users/${agent_id}`,
    {display_name: 'Ada Agent', email: 'ADA@demo.example', role: 'admin', language: 'zh-CN'});
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual(edited.json.user, {id: agent_id, username: server.demo.agent.account, email: 'ada@demo.example',
    display_name: 'Ada Agent', role: 'admin', language: 'zh-CN', disabled: false});
  const listed = (await listed_users(admin)).find((user) => user.id === agent_id);
  assert.equal(listed.display_name, 'Ada Agent');
  assert.equal(listed.language, 'zh-CN');

  const [event] = await audit_events(server, 'user.updated');
  assert.equal(event.user_id, agent_id);
  assert.equal(event.detail.by_user_id, admin_id);
  assert.deepEqual(event.detail.changes.role, {from: 'agent', to: 'admin'});
  assert.deepEqual(event.detail.changes.email, {from: server.demo.agent.email, to: 'ada@demo.example'});

  // The new administrator's next request already counts as an admin's.
  const promoted = await signed_in_client(server, 'agent');
  assert.equal((await promoted.get('/api/admin/users')).status, 200);
  promoted.close();
  admin.close();
});

test('edit: field errors, an email already taken, and an admin\'s own role, disabling and deleting', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const {admin_id, agent_id} = await demo_ids(server, admin);

  const invalid = await put(admin, `/api/admin/users/${agent_id}`, {display_name: ' ', email: 'agent', role: 'boss', language: 'fr'});
  assert_error(invalid, 400, 'validation_failed');
  assert.deepEqual(invalid.json.error.fields.map(({field, code}) => `${field}:${code}`),
    ['display_name:required', 'email:invalid_email', 'role:invalid_choice', 'language:invalid_choice']);

  const taken = await put(admin, `/api/admin/users/${agent_id}`,
    {display_name: 'Demo Agent', email: server.demo.admin.email, role: 'agent'});
  assert_error(taken, 400, 'validation_failed');
  assert.deepEqual(taken.json.error.fields.map(({field, code}) => `${field}:${code}`), ['email:taken']);

  assert_error(await put(admin, `/api/admin/users/${admin_id}`,
    {display_name: 'Demo Admin', email: server.demo.admin.email, role: 'agent'}), 409, 'cannot_change_self');
  assert_error(await admin.post(`/api/admin/users/${admin_id}/disable`), 409, 'cannot_change_self');
  assert_error(await admin.delete(`/api/admin/users/${admin_id}`), 409, 'cannot_change_self');
  assert.equal((await admin.get('/api/me')).json.user.role, 'admin');
  assert.equal((await audit_events(server, 'user.updated')).length, 0);
  admin.close();
});

test('a disabled agent is signed out everywhere at once and cannot sign in until enabled', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const {agent_id} = await demo_ids(server, admin);
  const first = await signed_in_client(server, 'agent');
  const second = await signed_in_client(server, 'agent');

  const disabled = await admin.post(`/api/admin/users/${agent_id}/disable`);
  assert.equal(disabled.status, 204, disabled.text);
  for (const browser of [first, second]) assert_error(await browser.get('/api/me'), 401, 'not_signed_in');

  const wrong_password = await client(server.url).post('/api/session',
    {json: {company: server.demo.company, account: 'nobody-here', password: 'x'}});
  const refused = await sign_in_as(client(server.url), server.demo, 'agent');
  assert_error(refused, 401, 'sign_in_failed', 'the generic answer');
  assert.equal(refused.text, wrong_password.text, 'the same body as for an unknown account');
  assert.equal((await listed_users(admin)).find((user) => user.id === agent_id).disabled, true);

  assert.equal((await admin.post(`/api/admin/users/${agent_id}/enable`)).status, 204);
  assert.equal((await sign_in_as(client(server.url), server.demo, 'agent')).status, 200);
  assert.equal((await audit_events(server, 'user.disabled')).length, 1);
  assert.equal((await audit_events(server, 'user.enabled')).length, 1);
  for (const browser of [admin, first, second]) browser.close();
});

test('a deleted agent is gone with their sessions; their audit events stay and can be found', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const person = await add_person(server, {username: 'dora', email: 'dora@demo.example', display_name: 'Dora Delete'});
  const dora = client(server.url);
  await sign_in_person(dora, person);
  const dora_id = await listed_user_id(admin, 'dora');

  const deleted = await admin.delete(`/api/admin/users/${dora_id}`);
  assert.equal(deleted.status, 204, deleted.text);
  assert_error(await dora.get('/api/me'), 401, 'not_signed_in');
  assert.equal((await listed_users(admin)).some((user) => user.username === 'dora'), false);
  assert_error(await admin.delete(`/api/admin/users/${dora_id}`), 403, 'person_not_in_company');
  const again = client(server.url);
  assert_error(await again.post('/api/session', {json: {company: person.company, account: 'dora', password: person.password}}),
    401, 'sign_in_failed');
  again.close();

  const log = await admin.get('/api/admin/audit-events?user=dora');
  assert.equal(log.status, 200, log.text);
  // A first sign-in also audits its new device and place.
  assert.deepEqual(log.json.events.map(({event}) => event), ['user.deleted', 'sign_in.succeeded', 'location.new', 'device.new']);
  for (const event of log.json.events) {
    assert.equal(event.user, null);
    assert.equal(event.detail.deleted_user.username, 'dora');
  }
  assert.equal(log.json.events[0].detail.display_name, 'Dora Delete');
  dora.close();
  admin.close();
});

test('the audit log filters by event, user and time, newest first, and names every bad parameter', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const {agent_id} = await demo_ids(server, admin);
  (await signed_in_client(server, 'agent')).close();
  assert.equal((await admin.post(`/api/admin/users/${agent_id}/disable`)).status, 204);

  const all = await admin.get('/api/admin/audit-events');
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.page_size, 50);
  assert.ok(all.json.event_types.includes('user.disabled'));
  // Each first sign-in also audits its new device and place.
  assert.deepEqual(all.json.events.map(({event}) => event), ['user.disabled', 'sign_in.succeeded', 'location.new', 'device.new', 'sign_in.succeeded', 'location.new', 'device.new']);
  const times = all.json.events.map(({time}) => Date.parse(time));
  assert.deepEqual([...times].sort((a, b) => b - a), times, 'newest first');
  assert.equal(all.json.events[0].ip, '127.0.0.1');

  const by_event = await admin.get('/api/admin/audit-events?event=sign_in.succeeded');
  assert.equal(by_event.json.total, 2);
  const by_user = await admin.get(`/api/admin/audit-events?user=${agent_id}`);
  assert.deepEqual(by_user.json.events.map(({event}) => event), ['user.disabled', 'sign_in.succeeded', 'location.new', 'device.new']);
  const by_text = await admin.get(`/api/admin/audit-events?user=${encodeURIComponent(server.demo.admin.email)}&event=sign_in.succeeded`);
  assert.equal(by_text.json.total, 1);
  assert.equal(by_text.json.events[0].user.username, server.demo.admin.account);
  for (const event of all.json.events.slice(1)) assert.equal(event.actor, null, 'nobody acted for a sign-in');

  // What the admin did, by id and by name: the agent is the user, the admin the actor.
  const {admin_id} = await demo_ids(server, admin);
  const by_actor_id = await admin.get(`/api/admin/audit-events?user=${admin_id}`);
  assert.deepEqual(by_actor_id.json.events.map(({event}) => event), ['user.disabled', 'sign_in.succeeded', 'location.new', 'device.new']);
  const by_actor_name = await admin.get(`/api/admin/audit-events?user=${server.demo.admin.account}&event=user.disabled`);
  assert.equal(by_actor_name.json.total, 1);
  assert.equal(by_actor_name.json.events[0].user.id, agent_id);
  assert.deepEqual(by_actor_name.json.events[0].actor,
    {id: admin_id, username: server.demo.admin.account, display_name: 'Demo Admin', deleted: false});
  const future = new Date(Date.now() + 3_600_000).toISOString();
  assert.equal((await admin.get(`/api/admin/audit-events?from=${future}`)).json.total, 0);
  const past = new Date(Date.now() - 3_600_000).toISOString();
  assert.equal((await admin.get(`/api/admin/audit-events?from=${past}&to=${future}`)).json.total, all.json.total);
  assert.equal(all.json.total, 7);

  const bad = await admin.get('/api/admin/audit-events?user=%01&event=nothing&from=today&to=2020-01-01T00:00:00Z&page=0');
  assert_error(bad, 400, 'validation_failed');
  assert.deepEqual(bad.json.error.fields.map(({field, code}) => `${field}:${code}`),
    ['user:control_characters', 'event:invalid_choice', 'from:invalid_time', 'page:out_of_range']);
  const backwards = await admin.get(`/api/admin/audit-events?from=${future}&to=${past}`);
  assert.deepEqual(backwards.json.error.fields.map(({field, code}) => `${field}:${code}`), ['to:before_from']);
  admin.close();
});
