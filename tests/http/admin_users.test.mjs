// GET /api/admin/users: the company's people for its administrators, with
// search and paging, showing each person's 2FA method and whether wrong
// codes locked them, as they really are (issue 4).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {
  assert_error, listed_user_id, lock_with_wrong_codes, pending_sign_in, server_for_test, signed_in_client, sign_out,
  turn_on_email, with_app_on,
} from '../support/two_factor.mjs';

const documented_fields = [
  'disabled', 'display_name', 'email', 'id', 'language', 'last_sign_in_at', 'locked', 'role', 'two_factor', 'username',
];
const page_size = 20;
const max_search_length = 100;

async function listing(browser, query = '') {
  const answer = await browser.get(`/api/admin/users${query}`);
  assert.equal(answer.status, 200, `${query}: ${answer.text}`);
  assert_documented(answer, 'GET', '/api/admin/users');
  return answer.json;
}

// The listed row of the demo `role`.
function row_of(list, server, role) {
  const rows = list.users.filter((row) => row.username === server.demo[role].account);
  assert.equal(rows.length, 1, `${role} in ${JSON.stringify(list)}`);
  return rows[0];
}

function usernames(list) {
  return list.users.map((row) => row.username).sort();
}

test('the list shows both demo users with the documented fields, sorted by display name', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const list = await listing(admin);
  assert.equal(list.total, 2);
  assert.equal(list.page, 1);
  assert.equal(list.page_size, page_size);
  assert.deepEqual(usernames(list), [server.demo.admin.account, server.demo.agent.account].sort());
  for (const row of list.users) assert.deepEqual(Object.keys(row).sort(), documented_fields, JSON.stringify(row));

  for (const role of ['admin', 'agent']) {
    const row = row_of(list, server, role);
    assert.equal(row.role, role);
    assert.equal(row.email, server.demo[role].email);
    assert.ok(Number.isInteger(row.id) && row.id > 0, JSON.stringify(row));
    assert.ok(row.display_name.length > 0);
    assert.equal(row.two_factor, null, `${role} has no 2FA yet`);
    assert.equal(row.locked, false);
    assert.equal(row.disabled, false);
  }
  const names = list.users.map((row) => row.display_name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), 'sorted by display name');

  // The admin has just signed in; the agent never has.
  const {last_sign_in_at: signed_in_at} = row_of(list, server, 'admin');
  assert.ok(Math.abs(Date.parse(signed_in_at) - Date.now()) < 10 * 60 * 1000, `admin last sign-in ${signed_in_at}`);
  assert.equal(row_of(list, server, 'agent').last_sign_in_at, null);
  admin.close();
});

test('two_factor and locked follow what happens to the account', async (t) => {
  const server = await server_for_test(t);
  const inbox = outbox_of(server);
  const admin = await signed_in_client(server, 'admin');
  await turn_on_email(admin, inbox, server.demo.admin);
  const {totp} = await with_app_on(server, 'agent');

  let list = await listing(admin);
  assert.equal(row_of(list, server, 'admin').two_factor, 'email');
  assert.equal(row_of(list, server, 'agent').two_factor, 'app');
  assert.equal(row_of(list, server, 'agent').locked, false);
  assert.notEqual(row_of(list, server, 'agent').last_sign_in_at, null, 'the agent signed in to turn the app on');

  const {browser} = await pending_sign_in(server, 'agent');
  await lock_with_wrong_codes(browser, totp);
  browser.close();
  list = await listing(admin);
  assert.equal(row_of(list, server, 'agent').locked, true);
  assert.equal(row_of(list, server, 'admin').locked, false);

  const unlocked = await admin.post(`/api/admin/users/${await listed_user_id(admin, server.demo.agent.account)}/unlock`);
  assert.equal(unlocked.status, 204, unlocked.text);
  list = await listing(admin);
  assert.equal(row_of(list, server, 'agent').locked, false);
  await sign_out(admin);
  admin.close();
});

test('q searches display name, username and email without regard to case; pages past the end are empty', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const everyone = await listing(admin);
  const admin_row = row_of(everyone, server, 'admin');
  const agent_row = row_of(everyone, server, 'agent');

  const search = (q) => listing(admin, `?q=${encodeURIComponent(q)}`);
  assert.deepEqual(usernames(await search(agent_row.username)), [agent_row.username], 'by username');
  const by_display_name = await search(admin_row.display_name.toUpperCase());
  assert.deepEqual(usernames(by_display_name), [admin_row.username], 'by display name');
  assert.deepEqual(usernames(await search(agent_row.email.toUpperCase())), [agent_row.username], 'by email');
  const nobody = await search('no such person');
  assert.deepEqual(nobody.users, []);
  assert.equal(nobody.total, 0);
  const filtered_total = await search(agent_row.email);
  assert.equal(filtered_total.total, 1, 'the total counts the matches only');
  // SQL LIKE wildcards are searched for as themselves (no name has them).
  for (const wildcard of ['%', '_', `${agent_row.username.slice(0, 1)}%`, `${agent_row.username.slice(0, 1)}_`]) {
    assert.deepEqual((await search(wildcard)).users, [], `q=${wildcard}`);
  }

  const beyond = await listing(admin, '?page=2');
  assert.deepEqual(beyond.users, []);
  assert.equal(beyond.total, 2);
  assert.equal(beyond.page, 2);
  assert.equal(beyond.page_size, page_size);
  admin.close();
});

test('a search longer than 100 characters and a page that is not a positive number are 400', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');

  // Characters, not bytes: 100 two-byte characters are allowed.
  for (const q of ['x'.repeat(max_search_length), 'é'.repeat(max_search_length)]) {
    const answer = await admin.get(`/api/admin/users?q=${encodeURIComponent(q)}`);
    assert.equal(answer.status, 200, `${q.length} characters: ${answer.text}`);
    assert.deepEqual(answer.json.users, []);
  }
  const long = await admin.get(`/api/admin/users?q=${'x'.repeat(max_search_length + 1)}`);
  assert_error(long, 400, 'validation_failed', '101 characters');
  assert.deepEqual(long.json.error.fields.map(({field, code}) => [field, code]), [['q', 'too_long']]);
  assert_documented(long, 'GET', '/api/admin/users');

  for (const page of ['0', '-1', 'abc', '1.5']) {
    const answer = await admin.get(`/api/admin/users?page=${page}`);
    assert_error(answer, 400, 'validation_failed', `page=${page}`);
    assert.deepEqual(answer.json.error.fields.map(({field}) => field), ['page'], `page=${page}`);
  }
  admin.close();
});
