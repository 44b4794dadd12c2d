// An administrator helps an agent who lost their second factor, over
// loopback: a one-time sign-in code (once, the newest only) typed in the
// backup-code field, and turning the agent's 2FA off. Only administrators,
// and only for their own company (issue 4). Expiry after 30 minutes needs a
// clock the test controls: tests/server/app_admin_two_factor_test.cpp.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {add_other_company, sign_in_person} from '../support/people.mjs';
import {client} from '../support/server.mjs';
import {
  assert_error, assert_signed_in_as, audit_events, catalog_text, finish_second_step, listed_user_id,
  pending_sign_in, server_for_test, signed_in_client, with_app_on,
} from '../support/two_factor.mjs';

const unknown_id = 987654321;
const code_shape = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;

function code_path(id) {
  return `/api/admin/users/${id}/backup-code`;
}

function two_factor_path(id) {
  return `/api/admin/users/${id}/two-factor`;
}

// The agent's password, then `backup_code`: the second step's answer.
async function agent_signs_in_with(server, backup_code) {
  const {browser} = await pending_sign_in(server, 'agent');
  const answer = await finish_second_step(browser, {backup_code});
  return {browser, answer};
}

test('an admin\'s code signs the agent in once, typed in any form; it is audited and mailed', async (t) => {
  const server = await server_for_test(t);
  const {user} = await with_app_on(server, 'agent');
  const admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(admin, user.account);
  const admin_id = await listed_user_id(admin, server.demo.admin.account);

  const created = await admin.post(code_path(agent_id));
  assert.equal(created.status, 200, created.text);
  assert.match(created.json.code, code_shape);
  assert.equal(created.json.expires_in, 1800);
  const lifetime = Date.parse(created.json.expires_at) - Date.now();
  assert.ok(lifetime > 1700 * 1000 && lifetime <= 1800 * 1000, `expires in 30 minutes: ${created.json.expires_at}`);
  assert.equal(created.headers['cache-control'], 'no-store');

  const listed = await admin.get('/api/admin/backup-codes');
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.json.codes.map((code) => code.user_id), [agent_id]);
  assert.equal(listed.json.codes[0].expires_at, created.json.expires_at);
  assert.ok(!listed.text.includes(created.json.code), 'the list never shows the code');

  const mail = await outbox_of(server).next({to: user.email, subject: catalog_text('en', 'mail.admin_code.subject')});
  assert.ok(mail.text.includes(catalog_text('en', 'mail.admin_code.not_you')), mail.text);
  assert.ok(!mail.text.includes(created.json.code.replaceAll('-', '').slice(0, 8)), 'the mail never holds the code');

  const typed = ` ${created.json.code.toLowerCase().replaceAll('-', ' ')} `;
  const {browser, answer} = await agent_signs_in_with(server, typed);
  assert.equal(answer.status, 200, answer.text);
  await assert_signed_in_as(browser, server, 'agent');
  browser.close();

  const again = await agent_signs_in_with(server, created.json.code);
  assert_error(again.answer, 401, 'code_rejected', 'the second use');
  assert.equal(again.answer.json.error.attempts_left, 4, 'and it counts as a wrong code');
  again.browser.close();

  const generated = await audit_events(server, 'admin_code.created');
  assert.equal(generated.length, 1);
  assert.equal(generated[0].user_id, agent_id, 'for the agent');
  assert.equal(generated[0].detail.by_user_id, admin_id, 'by the admin');
  const used = await audit_events(server, 'admin_code.used');
  assert.deepEqual(used.map((event) => event.user_id), [agent_id]);
  assert.deepEqual((await admin.get('/api/admin/backup-codes')).json.codes, [], 'a used code is gone');
  assert.deepEqual(await server.rows('SELECT count(*) AS n FROM admin_codes'), [{n: 0}]);
  admin.close();
});

test('a newer code replaces the older one', async (t) => {
  const server = await server_for_test(t);
  const {user} = await with_app_on(server, 'agent');
  const admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(admin, user.account);
  const first = await admin.post(code_path(agent_id));
  const second = await admin.post(code_path(agent_id));
  assert.equal(first.status, 200, first.text);
  assert.equal(second.status, 200, second.text);
  assert.notEqual(first.json.code, second.json.code);
  assert.equal((await admin.get('/api/admin/backup-codes')).json.codes.length, 1);

  const old = await agent_signs_in_with(server, first.json.code);
  assert_error(old.answer, 401, 'code_rejected', 'the replaced code');
  old.browser.close();
  const newest = await agent_signs_in_with(server, second.json.code);
  assert.equal(newest.answer.status, 200, newest.answer.text);
  newest.browser.close();
  admin.close();
});

test('turning the agent\'s 2FA off removes the method and codes, ends pending sign-ins and mails the agent',
  async (t) => {
    const server = await server_for_test(t);
    const {user, backup_codes} = await with_app_on(server, 'agent');
    const admin = await signed_in_client(server, 'admin');
    const agent_id = await listed_user_id(admin, user.account);
    const admin_id = await listed_user_id(admin, server.demo.admin.account);
    const code = await admin.post(code_path(agent_id));
    assert.equal(code.status, 200, code.text);
    const waiting = await pending_sign_in(server, 'agent');

    const off = await admin.delete(two_factor_path(agent_id));
    assert.equal(off.status, 204, off.text);
    assert.equal(off.text, '');
    for (const table of ['two_factor', 'backup_codes', 'two_factor_setups', 'sign_in_flows', 'admin_codes']) {
      assert.deepEqual(await server.rows(`SELECT count(*) AS n FROM ${table} WHERE user_id = ${agent_id}`),
        [{n: 0}], table);
    }
    const listed = (await admin.get('/api/admin/users')).json.users.find((row) => row.id === agent_id);
    assert.equal(listed.two_factor, null);

    const events = await audit_events(server, 'two_factor.disabled');
    assert.equal(events.length, 1);
    assert.equal(events[0].user_id, agent_id);
    assert.deepEqual(events[0].detail, {method: 'app', by_user_id: admin_id});
    const mail = await outbox_of(server).next({
      to: user.email, subject: catalog_text('en', 'mail.two_factor_off_by_admin.subject'),
    });
    assert.ok(mail.text.includes(catalog_text('en', 'mail.two_factor_off_by_admin.turn_on')), mail.text);

    assert_error(await waiting.browser.get('/api/session/second-step'), 401, 'second_step_expired', 'pending');
    assert_error(await finish_second_step(waiting.browser, {backup_code: backup_codes[0]}), 401, 'second_step_expired');
    waiting.browser.close();
    const agent = await signed_in_client(server, 'agent');  // the password alone now
    await assert_signed_in_as(agent, server, 'agent');
    agent.close();

    assert_error(await admin.delete(two_factor_path(agent_id)), 409, 'two_factor_off', 'already off');
    assert_error(await admin.post(code_path(agent_id)), 409, 'two_factor_off', 'no code without 2FA');
    admin.close();
  });

test('an agent is forbidden, a stranger is not signed in, and the admin\'s own account is refused', async (t) => {
  const server = await server_for_test(t);
  const {user} = await with_app_on(server, 'agent');
  const admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(admin, user.account);
  const admin_id = await listed_user_id(admin, server.demo.admin.account);

  assert_error(await admin.post(code_path(admin_id)), 409, 'own_account');
  assert_error(await admin.delete(two_factor_path(admin_id)), 409, 'own_account');
  assert_error(await admin.post(code_path(unknown_id)), 403, 'person_not_in_company');

  const {browser: agent, answer: pending} = await pending_sign_in(server, 'agent');
  assert.equal(pending.status, 202);
  const code = await admin.post(code_path(agent_id));
  assert.equal((await finish_second_step(agent, {backup_code: code.json.code})).status, 200);
  const answers = {
    'code for oneself': await agent.post(code_path(agent_id)),
    'code for the admin': await agent.post(code_path(admin_id)),
    'code for an unknown id': await agent.post(code_path(unknown_id)),
    'turn off oneself': await agent.delete(two_factor_path(agent_id)),
    'turn off the admin': await agent.delete(two_factor_path(admin_id)),
    'the list': await agent.get('/api/admin/backup-codes'),
  };
  for (const [what, answer] of Object.entries(answers)) {
    assert_error(answer, 403, 'forbidden', what);
    assert.equal(answer.text, answers['code for an unknown id'].text, `${what}: nothing tells the ids apart`);
  }
  agent.close();

  const stranger = client(server.url);
  assert_error(await stranger.post(code_path(agent_id)), 401, 'not_signed_in');
  assert_error(await stranger.delete(two_factor_path(agent_id)), 401, 'not_signed_in');
  assert_error(await stranger.get('/api/admin/backup-codes'), 401, 'not_signed_in');
  stranger.close();
  assert_error(await admin.post(code_path(agent_id), {csrf: false}), 403, 'csrf_failed');
  assert_error(await admin.delete(two_factor_path(agent_id), {csrf: false}), 403, 'csrf_failed');
  assert.equal((await audit_events(server, 'admin_code.created')).length, 1);
  assert.equal((await audit_events(server, 'two_factor.disabled')).length, 0);
  admin.close();
});

test('another company\'s admin gets the answer of an unknown user and sees none of the codes', async (t) => {
  const server = await server_for_test(t);
  const other_admin = await add_other_company(server);

  const {user} = await with_app_on(server, 'agent');
  const demo_admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(demo_admin, user.account);
  assert.equal((await demo_admin.post(code_path(agent_id))).status, 200);

  const other = client(server.url);
  await sign_in_person(other, other_admin);
  const unknown_code = await other.post(code_path(unknown_id));
  const code = await other.post(code_path(agent_id));
  assert_error(code, 403, 'person_not_in_company', 'another company\'s agent');
  assert.equal(code.text, unknown_code.text, 'as if the agent did not exist');
  const off = await other.delete(two_factor_path(agent_id));
  assert_error(off, 403, 'person_not_in_company');
  assert.equal(off.text, (await other.delete(two_factor_path(unknown_id))).text);
  assert.deepEqual((await other.get('/api/admin/backup-codes')).json, {codes: []});

  assert.equal((await audit_events(server, 'admin_code.created')).length, 1, 'only the demo admin\'s');
  assert.equal((await audit_events(server, 'two_factor.disabled')).length, 0);
  const {browser, answer} = await pending_sign_in(server, 'agent');
  assert.equal(answer.json.second_step.method, 'app', 'the agent\'s 2FA is still on');
  browser.close();
  other.close();
  demo_admin.close();
});
