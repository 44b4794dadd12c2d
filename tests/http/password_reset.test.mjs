// Forgot password over loopback: the same answer for a known and an unknown
// account, the mailed link (read from the outbox) sets the password once and
// ends every session; admins add people and reset passwords, agents cannot.
import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';

import {mailbox} from '../support/mail.mjs';
import {add_other_company, sign_in_person} from '../support/people.mjs';
import {client} from '../support/server.mjs';
import {assert_error, audit_events, listed_user_id, server_for_test, signed_in_client} from '../support/two_factor.mjs';

function token_in(mail) {
  const match = /\/reset\/#token=([A-Za-z0-9_-]{43})/.exec(mail.text);
  assert.ok(match, `a reset link in:\n${mail.text}`);
  return match[1];
}

// The headers that may differ between two answers of the same kind.
function comparable(headers) {
  const {date, ...rest} = headers;
  return rest;
}

test('forgot password answers alike for a known and an unknown account; the link works once', async (t) => {
  const server = await server_for_test(t);
  const inbox = mailbox(path.join(server.data_dir, 'outbox'));
  const {company, agent} = server.demo;
  const visitor = client(server.url);
  const session = await signed_in_client(server, 'agent');

  // The known account last: requests are resolved in order, so its mail also
  // says the other two were resolved (their audit events are counted below).
  const unknown = await visitor.post('/api/password/forgot', {json: {company, account: 'nobody-here'}});
  const other_company = await visitor.post('/api/password/forgot', {json: {company: 'No Such', account: agent.account}});
  const known = await visitor.post('/api/password/forgot', {json: {company, account: agent.account}});
  for (const other of [unknown, other_company]) {
    assert.equal(other.status, known.status);
    assert.equal(other.text, known.text);
    assert.deepEqual(comparable(other.headers), comparable(known.headers));
  }
  assert.equal(known.status, 202, known.text);

  const mail = await inbox.next({to: agent.email});
  assert.ok(mail.html.includes(token_in(mail)), 'the HTML part has the link too');
  assert.ok(mail.text.startsWith('Hello'), mail.text);
  const token = token_in(mail);
  assert.ok(mail.text.includes(`${server.url}/reset/#token=`), 'built from the address the server listens on');

  const done = await visitor.post('/api/password/reset', {json: {token, password: 'a brand new passphrase'}});
  assert.equal(done.status, 204, done.text);
  assert.equal(done.set_cookies.length, 0, 'nobody is signed in');
  assert.equal((await session.get('/api/me')).status, 401, 'the agent\'s session ended');
  assert_error(await visitor.post('/api/password/reset', {json: {token, password: 'another passphrase'}}),
    400, 'reset_link_invalid', 'a second use');

  const notice = await inbox.next({to: agent.email});
  assert.match(notice.subject, /changed/);
  const again = await visitor.post('/api/session', {json: {company, account: agent.account, password: 'a brand new passphrase'}});
  assert.equal(again.status, 200, again.text);
  assert.equal((await audit_events(server, 'password_reset.requested')).length, 3);
  visitor.close();
  session.close();
});

test('an admin adds an agent with a temporary password who must choose a new one; agents are refused', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const agent = await signed_in_client(server, 'agent');
  const person = {display_name: 'Dana New', username: 'dana', email: 'dana@demo.example', role: 'agent',
    temporary_password: 'first temporary'};

  assert_error(await agent.post('/api/admin/users', {json: person}), 403, 'forbidden', 'an agent adding');
  const agent_id = await listed_user_id(admin, server.demo.agent.account);
  assert_error(await agent.post(`/api/admin/users/${agent_id}/password`, {json: {}}), 403, 'forbidden', 'an agent resetting');
  assert_error(await client(server.url).post('/api/admin/users', {json: person}), 401, 'not_signed_in');

  const created = await admin.post('/api/admin/users', {json: person});
  assert.equal(created.status, 201, created.text);
  const twice = await admin.post('/api/admin/users', {json: person});
  assert_error(twice, 400, 'validation_failed');
  assert.deepEqual(twice.json.error.fields.map((field) => field.code), ['taken', 'taken']);

  const dana = client(server.url);
  const pending = await dana.post('/api/session', {json: {company: server.demo.company, account: 'dana', password: 'first temporary'}});
  assert.equal(pending.status, 202, pending.text);
  assert.equal(pending.json.password_change.expires_in, 600);
  assert.equal((await dana.get('/api/me')).status, 401);
  const chosen = await dana.post('/api/session/new-password', {json: {password: 'she chose this one'}});
  assert.equal(chosen.status, 200, chosen.text);
  assert.equal((await dana.get('/api/me')).status, 200);

  const reset = await admin.post(`/api/admin/users/${agent_id}/password`, {json: {temporary_password: 'temporary two'}});
  assert.equal(reset.status, 204, reset.text);
  assert.equal((await agent.get('/api/me')).status, 401, 'the reset ended the agent\'s session');
  assert.equal((await audit_events(server, 'password.reset_by_admin')).length, 1);
  for (const browser of [admin, agent, dana]) browser.close();
});

test('another company\'s admin cannot reset the demo people\'s passwords, and adds people only to its own company', async (t) => {
  const server = await server_for_test(t);
  const {demo} = server;
  const other_admin = await add_other_company(server);

  const demo_admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(demo_admin, demo.agent.account);
  const other = client(server.url);
  await sign_in_person(other, other_admin);

  const reset = await other.post(`/api/admin/users/${agent_id}/password`, {json: {temporary_password: 'other company'}});
  const unknown = await other.post('/api/admin/users/987654321/password', {json: {temporary_password: 'other company'}});
  assert_error(reset, 403, 'person_not_in_company', 'another company\'s user');
  assert.equal(reset.text, unknown.text, 'as if the user did not exist');
  const sign_in = await client(server.url).post('/api/session', {json: {company: demo.company, account: demo.agent.account, password: demo.agent.password}});
  assert.equal(sign_in.status, 200, 'the agent\'s password is unchanged');

  // The same username as the demo agent is free in the other company, and the person lands there.
  const created = await other.post('/api/admin/users', {json: {display_name: 'Other Agent', username: demo.agent.account,
    email: demo.agent.email, role: 'agent', temporary_password: 'someone temporary'}});
  assert.equal(created.status, 201, created.text);
  const rows = await server.rows(`SELECT c.key FROM users u JOIN companies c ON c.id = u.company_id WHERE u.id = ${created.json.user.id}`);
  assert.deepEqual(rows, [{key: 'other'}]);
  assert.equal((await audit_events(server, 'password.reset_by_admin')).length, 0);
  other.close();
  demo_admin.close();
});
