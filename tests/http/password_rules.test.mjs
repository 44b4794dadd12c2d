// The rule for new passwords over loopback (NIST SP 800-63B §5.1.1.2): in
// every place a password is set (a reset link, the new password after a
// temporary one, an administrator adding a person or resetting a password),
// a common or leaked password or a dictionary word from the Debian lists the
// server loads, a password of spaces only and one holding the account's own
// words are refused with a field error, and nothing changes.
import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';

import {mailbox} from '../support/mail.mjs';
import {client} from '../support/server.mjs';
import {assert_error, audit_events, listed_user_id, server_for_test, signed_in_client} from '../support/two_factor.mjs';

// In /usr/share/john/password.lst (password1, qwertyuiop) and
// /usr/share/dict/cracklib-small (elephant), in any case.
const listed = ['password1', 'qwertyuiop', 'Elephant'];

function assert_refused(answer, field, code, why) {
  assert_error(answer, 400, 'validation_failed', why);
  assert.deepEqual(answer.json.error.fields.map((error) => [error.field, error.code, error.message_key]),
    [[field, code, `validation.${code}`]], why);
}

// Each refused password of `dana` (username dana.n, email dana.new@demo.example, company Demo).
const refusals = [
  ...listed.map((password) => [password, 'common_password']),
  [' '.repeat(10), 'whitespace_only'],
  ['Dana-rocks-2024', 'contains_account_details'],
  ['my demo company 1', 'contains_account_details'],
];
const dana = {display_name: 'Dana New', username: 'dana.n', email: 'dana.new@demo.example', role: 'agent', language: 'en'};

test('an administrator cannot add a person or reset a password with a listed, blank or personal temporary password', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  for (const [password, code] of refusals) {
    assert_refused(await admin.post('/api/admin/users', {json: {...dana, temporary_password: password}}),
      'temporary_password', code, `adding with ${JSON.stringify(password)}`);
  }
  assert.equal((await admin.get('/api/admin/users?q=dana')).json.users.length, 0, 'nobody was added');

  const agent_id = await listed_user_id(admin, server.demo.agent.account);
  for (const password of [...listed, ' '.repeat(10), `${server.demo.agent.account}-password-9`]) {
    const answer = await admin.post(`/api/admin/users/${agent_id}/password`, {json: {temporary_password: password}});
    assert.equal(answer.status, 400, `resetting with ${password}: ${answer.text}`);
    assert.equal(answer.json.error.fields[0].field, 'temporary_password');
  }
  assert.equal((await audit_events(server, 'password.reset_by_admin')).length, 0);
  const still = await client(server.url).post('/api/session', {json: {company: server.demo.company,
    account: server.demo.agent.account, password: server.demo.agent.password}});
  assert.equal(still.status, 200, 'the agent\'s password is unchanged');

  const added = await admin.post('/api/admin/users', {json: {...dana, temporary_password: 'violet tractor 42'}});
  assert.equal(added.status, 201, added.text);
  admin.close();
});

test('the new password after a temporary one refuses listed, blank and personal passwords', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const temporary = 'violet tractor 42';
  assert.equal((await admin.post('/api/admin/users', {json: {...dana, temporary_password: temporary}})).status, 201);
  const browser = client(server.url);
  const pending = await browser.post('/api/session', {json: {company: server.demo.company, account: dana.username, password: temporary}});
  assert.equal(pending.status, 202, pending.text);
  for (const [password, code] of refusals) {
    const answer = await browser.post('/api/session/new-password', {json: {password}});
    assert_refused(answer, 'password', code, `choosing ${JSON.stringify(password)}`);
    assert.deepEqual(answer.json.flow, {state: 'new_password'}, 'still choosing');
  }
  const chosen = await browser.post('/api/session/new-password', {json: {password: 'orange glacier 1987'}});
  assert.equal(chosen.status, 200, chosen.text);
  admin.close();
  browser.close();
});

test('a reset link refuses listed, blank and personal passwords and stays usable', async (t) => {
  const server = await server_for_test(t);
  const inbox = mailbox(path.join(server.data_dir, 'outbox'));
  const {company, agent} = server.demo;
  const visitor = client(server.url);
  assert.equal((await visitor.post('/api/password/forgot', {json: {company, account: agent.account}})).status, 202);
  const mail = await inbox.next({to: agent.email});
  const token = /\/reset\/#token=([A-Za-z0-9_-]{43})/.exec(mail.text)[1];

  const agent_refusals = [
    ...listed.map((password) => [password, 'common_password']),
    ['\t'.repeat(9), 'whitespace_only'],
    [`${agent.account.toUpperCase()}-2024-x`, 'contains_account_details'],
    ['DEMO and more words', 'contains_account_details'],
  ];
  for (const [password, code] of agent_refusals) {
    assert_refused(await visitor.post('/api/password/reset', {json: {token, password}}), 'password', code,
      `resetting to ${JSON.stringify(password)}`);
  }
  const old = await client(server.url).post('/api/session', {json: {company, account: agent.account, password: agent.password}});
  assert.equal(old.status, 200, 'the old password still works');
  const done = await visitor.post('/api/password/reset', {json: {token, password: 'orange glacier 1987'}});
  assert.equal(done.status, 204, done.text);
  visitor.close();
});
