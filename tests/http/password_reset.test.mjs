// Forgot password over loopback: the same answer for a known and an unknown
// account, the mailed link (read from the outbox) sets the password once and
// ends every session; admins add people and reset passwords, agents cannot.
import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';

import {mailbox} from '../support/mail.mjs';
import {addOtherCompany, signInPerson} from '../support/people.mjs';
import {client} from '../support/server.mjs';
import {assertError, auditEvents, databaseRows, listedUserId, serverForTest, signedInClient} from '../support/two_factor.mjs';

function tokenIn(mail) {
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
  const server = await serverForTest(t);
  const inbox = mailbox(path.join(server.dataDir, 'outbox'));
  const {company, agent} = server.demo;
  const visitor = client(server.url);
  const session = await signedInClient(server, 'agent');

  const known = await visitor.post('/api/password/forgot', {json: {company, account: agent.account}});
  const unknown = await visitor.post('/api/password/forgot', {json: {company, account: 'nobody-here'}});
  const otherCompany = await visitor.post('/api/password/forgot', {json: {company: 'No Such', account: agent.account}});
  for (const other of [unknown, otherCompany]) {
    assert.equal(other.status, known.status);
    assert.equal(other.text, known.text);
    assert.deepEqual(comparable(other.headers), comparable(known.headers));
  }
  assert.equal(known.status, 202, known.text);

  const mail = await inbox.next({to: agent.email});
  assert.ok(mail.html.includes(tokenIn(mail)), 'the HTML part has the link too');
  assert.ok(mail.text.startsWith('Hello'), mail.text);
  const token = tokenIn(mail);
  assert.ok(mail.text.includes(`${server.url}/reset/#token=`), 'built from the address the server listens on');

  const done = await visitor.post('/api/password/reset', {json: {token, password: 'a brand new passphrase'}});
  assert.equal(done.status, 204, done.text);
  assert.equal(done.setCookies.length, 0, 'nobody is signed in');
  assert.equal((await session.get('/api/me')).status, 401, 'the agent\'s session ended');
  assertError(await visitor.post('/api/password/reset', {json: {token, password: 'another passphrase'}}),
    400, 'reset_link_invalid', 'a second use');

  const notice = await inbox.next({to: agent.email});
  assert.match(notice.subject, /changed/);
  const again = await visitor.post('/api/session', {json: {company, account: agent.account, password: 'a brand new passphrase'}});
  assert.equal(again.status, 200, again.text);
  assert.equal((await auditEvents(server, 'password_reset.requested')).length, 3);
  visitor.close();
  session.close();
});

test('an admin adds an agent with a temporary password who must choose a new one; agents are refused', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const agent = await signedInClient(server, 'agent');
  const person = {display_name: 'Dana New', username: 'dana', email: 'dana@demo.example', role: 'agent',
    temporary_password: 'first temporary'};

  assertError(await agent.post('/api/admin/users', {json: person}), 403, 'forbidden', 'an agent adding');
  const agentId = await listedUserId(admin, server.demo.agent.account);
  assertError(await agent.post(`/api/admin/users/${agentId}/password`, {json: {}}), 403, 'forbidden', 'an agent resetting');
  assertError(await client(server.url).post('/api/admin/users', {json: person}), 401, 'not_signed_in');

  const created = await admin.post('/api/admin/users', {json: person});
  assert.equal(created.status, 201, created.text);
  const twice = await admin.post('/api/admin/users', {json: person});
  assertError(twice, 400, 'validation_failed');
  assert.deepEqual(twice.json.error.fields.map((field) => field.code), ['taken', 'taken']);

  const dana = client(server.url);
  const pending = await dana.post('/api/session', {json: {company: server.demo.company, account: 'dana', password: 'first temporary'}});
  assert.equal(pending.status, 202, pending.text);
  assert.equal(pending.json.password_change.expires_in, 600);
  assert.equal((await dana.get('/api/me')).status, 401);
  const chosen = await dana.post('/api/session/new-password', {json: {password: 'dana chose this one'}});
  assert.equal(chosen.status, 200, chosen.text);
  assert.equal((await dana.get('/api/me')).status, 200);

  const reset = await admin.post(`/api/admin/users/${agentId}/password`, {json: {temporary_password: 'temporary two'}});
  assert.equal(reset.status, 204, reset.text);
  assert.equal((await agent.get('/api/me')).status, 401, 'the reset ended the agent\'s session');
  assert.equal((await auditEvents(server, 'password.reset_by_admin')).length, 1);
  for (const browser of [admin, agent, dana]) browser.close();
});

test('another company\'s admin cannot reset the demo people\'s passwords, and adds people only to its own company', async (t) => {
  const server = await serverForTest(t);
  const {demo} = server;
  const otherAdmin = await addOtherCompany(server);

  const demoAdmin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(demoAdmin, demo.agent.account);
  const other = client(server.url);
  await signInPerson(other, otherAdmin);

  const reset = await other.post(`/api/admin/users/${agentId}/password`, {json: {temporary_password: 'other company'}});
  const unknown = await other.post('/api/admin/users/987654321/password', {json: {temporary_password: 'other company'}});
  assertError(reset, 403, 'person_not_in_company', 'another company\'s user');
  assert.equal(reset.text, unknown.text, 'as if the user did not exist');
  const signIn = await client(server.url).post('/api/session', {json: {company: demo.company, account: demo.agent.account, password: demo.agent.password}});
  assert.equal(signIn.status, 200, 'the agent\'s password is unchanged');

  // The same username as the demo agent is free in the other company, and the person lands there.
  const created = await other.post('/api/admin/users', {json: {display_name: 'Other Agent', username: demo.agent.account,
    email: demo.agent.email, role: 'agent', temporary_password: 'other temporary'}});
  assert.equal(created.status, 201, created.text);
  const rows = await databaseRows(server, `SELECT c.key FROM users u JOIN companies c ON c.id = u.company_id WHERE u.id = ${created.json.user.id}`);
  assert.deepEqual(rows, [{key: 'other'}]);
  assert.equal((await auditEvents(server, 'password.reset_by_admin')).length, 0);
  other.close();
  demoAdmin.close();
});
