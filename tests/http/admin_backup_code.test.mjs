// An administrator helps an agent who lost their second factor, over
// loopback: a one-time sign-in code (once, the newest only) typed in the
// backup-code field, and turning the agent's 2FA off. Only administrators,
// and only for their own company (issue 4). Expiry after 30 minutes needs a
// clock the test controls: tests/server/app_admin_two_factor_test.cpp.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf} from '../support/mail.mjs';
import {addOtherCompany, signInPerson} from '../support/people.mjs';
import {client} from '../support/server.mjs';
import {
  assertError, assertSignedInAs, auditEvents, catalogText, databaseRows, finishSecondStep, listedUserId,
  pendingSignIn, serverForTest, signedInClient, withAppOn,
} from '../support/two_factor.mjs';

const unknownId = 987654321;
const codeShape = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;

function codePath(id) {
  return `/api/admin/users/${id}/backup-code`;
}

function twoFactorPath(id) {
  return `/api/admin/users/${id}/two-factor`;
}

// The agent's password, then `backupCode`: the second step's answer.
async function agentSignsInWith(server, backupCode) {
  const {browser} = await pendingSignIn(server, 'agent');
  const answer = await finishSecondStep(browser, {backup_code: backupCode});
  return {browser, answer};
}

test('an admin\'s code signs the agent in once, typed in any form; it is audited and mailed', async (t) => {
  const server = await serverForTest(t);
  const {user} = await withAppOn(server, 'agent');
  const admin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(admin, user.account);
  const adminId = await listedUserId(admin, server.demo.admin.account);

  const created = await admin.post(codePath(agentId));
  assert.equal(created.status, 200, created.text);
  assert.match(created.json.code, codeShape);
  assert.equal(created.json.expires_in, 1800);
  const lifetime = Date.parse(created.json.expires_at) - Date.now();
  assert.ok(lifetime > 1700 * 1000 && lifetime <= 1800 * 1000, `expires in 30 minutes: ${created.json.expires_at}`);
  assert.equal(created.headers['cache-control'], 'no-store');

  const listed = await admin.get('/api/admin/backup-codes');
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.json.codes.map((code) => code.user_id), [agentId]);
  assert.equal(listed.json.codes[0].expires_at, created.json.expires_at);
  assert.ok(!listed.text.includes(created.json.code), 'the list never shows the code');

  const mail = await outboxOf(server).next({to: user.email, subject: catalogText('en', 'mail.admin_code.subject')});
  assert.ok(mail.text.includes(catalogText('en', 'mail.admin_code.not_you')), mail.text);
  assert.ok(!mail.text.includes(created.json.code.replaceAll('-', '').slice(0, 8)), 'the mail never holds the code');

  const typed = ` ${created.json.code.toLowerCase().replaceAll('-', ' ')} `;
  const {browser, answer} = await agentSignsInWith(server, typed);
  assert.equal(answer.status, 200, answer.text);
  await assertSignedInAs(browser, server, 'agent');
  browser.close();

  const again = await agentSignsInWith(server, created.json.code);
  assertError(again.answer, 401, 'code_rejected', 'the second use');
  assert.equal(again.answer.json.error.attempts_left, 4, 'and it counts as a wrong code');
  again.browser.close();

  const generated = await auditEvents(server, 'admin_code.created');
  assert.equal(generated.length, 1);
  assert.equal(generated[0].user_id, agentId, 'for the agent');
  assert.equal(generated[0].detail.by_user_id, adminId, 'by the admin');
  const used = await auditEvents(server, 'admin_code.used');
  assert.deepEqual(used.map((event) => event.user_id), [agentId]);
  assert.deepEqual((await admin.get('/api/admin/backup-codes')).json.codes, [], 'a used code is gone');
  assert.deepEqual(await databaseRows(server, 'SELECT count(*) AS n FROM admin_codes'), [{n: 0}]);
  admin.close();
});

test('a newer code replaces the older one', async (t) => {
  const server = await serverForTest(t);
  const {user} = await withAppOn(server, 'agent');
  const admin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(admin, user.account);
  const first = await admin.post(codePath(agentId));
  const second = await admin.post(codePath(agentId));
  assert.equal(first.status, 200, first.text);
  assert.equal(second.status, 200, second.text);
  assert.notEqual(first.json.code, second.json.code);
  assert.equal((await admin.get('/api/admin/backup-codes')).json.codes.length, 1);

  const old = await agentSignsInWith(server, first.json.code);
  assertError(old.answer, 401, 'code_rejected', 'the replaced code');
  old.browser.close();
  const newest = await agentSignsInWith(server, second.json.code);
  assert.equal(newest.answer.status, 200, newest.answer.text);
  newest.browser.close();
  admin.close();
});

test('turning the agent\'s 2FA off removes the method and codes, ends pending sign-ins and mails the agent',
  async (t) => {
    const server = await serverForTest(t);
    const {user, backupCodes} = await withAppOn(server, 'agent');
    const admin = await signedInClient(server, 'admin');
    const agentId = await listedUserId(admin, user.account);
    const adminId = await listedUserId(admin, server.demo.admin.account);
    const code = await admin.post(codePath(agentId));
    assert.equal(code.status, 200, code.text);
    const waiting = await pendingSignIn(server, 'agent');

    const off = await admin.delete(twoFactorPath(agentId));
    assert.equal(off.status, 204, off.text);
    assert.equal(off.text, '');
    for (const table of ['two_factor', 'backup_codes', 'two_factor_setups', 'sign_in_flows', 'admin_codes']) {
      assert.deepEqual(await databaseRows(server, `SELECT count(*) AS n FROM ${table} WHERE user_id = ${agentId}`),
        [{n: 0}], table);
    }
    const listed = (await admin.get('/api/admin/users')).json.users.find((row) => row.id === agentId);
    assert.equal(listed.two_factor, null);

    const events = await auditEvents(server, 'two_factor.disabled');
    assert.equal(events.length, 1);
    assert.equal(events[0].user_id, agentId);
    assert.deepEqual(events[0].detail, {method: 'app', by_user_id: adminId});
    const mail = await outboxOf(server).next({
      to: user.email, subject: catalogText('en', 'mail.two_factor_off_by_admin.subject'),
    });
    assert.ok(mail.text.includes(catalogText('en', 'mail.two_factor_off_by_admin.turn_on')), mail.text);

    assertError(await waiting.browser.get('/api/session/second-step'), 401, 'second_step_expired', 'pending');
    assertError(await finishSecondStep(waiting.browser, {backup_code: backupCodes[0]}), 401, 'second_step_expired');
    waiting.browser.close();
    const agent = await signedInClient(server, 'agent');  // the password alone now
    await assertSignedInAs(agent, server, 'agent');
    agent.close();

    assertError(await admin.delete(twoFactorPath(agentId)), 409, 'two_factor_off', 'already off');
    assertError(await admin.post(codePath(agentId)), 409, 'two_factor_off', 'no code without 2FA');
    admin.close();
  });

test('an agent is forbidden, a stranger is not signed in, and the admin\'s own account is refused', async (t) => {
  const server = await serverForTest(t);
  const {user} = await withAppOn(server, 'agent');
  const admin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(admin, user.account);
  const adminId = await listedUserId(admin, server.demo.admin.account);

  assertError(await admin.post(codePath(adminId)), 409, 'own_account');
  assertError(await admin.delete(twoFactorPath(adminId)), 409, 'own_account');
  assertError(await admin.post(codePath(unknownId)), 403, 'person_not_in_company');

  const {browser: agent, answer: pending} = await pendingSignIn(server, 'agent');
  assert.equal(pending.status, 202);
  const code = await admin.post(codePath(agentId));
  assert.equal((await finishSecondStep(agent, {backup_code: code.json.code})).status, 200);
  const answers = {
    'code for oneself': await agent.post(codePath(agentId)),
    'code for the admin': await agent.post(codePath(adminId)),
    'code for an unknown id': await agent.post(codePath(unknownId)),
    'turn off oneself': await agent.delete(twoFactorPath(agentId)),
    'turn off the admin': await agent.delete(twoFactorPath(adminId)),
    'the list': await agent.get('/api/admin/backup-codes'),
  };
  for (const [what, answer] of Object.entries(answers)) {
    assertError(answer, 403, 'forbidden', what);
    assert.equal(answer.text, answers['code for an unknown id'].text, `${what}: nothing tells the ids apart`);
  }
  agent.close();

  const stranger = client(server.url);
  assertError(await stranger.post(codePath(agentId)), 401, 'not_signed_in');
  assertError(await stranger.delete(twoFactorPath(agentId)), 401, 'not_signed_in');
  assertError(await stranger.get('/api/admin/backup-codes'), 401, 'not_signed_in');
  stranger.close();
  assertError(await admin.post(codePath(agentId), {csrf: false}), 403, 'csrf_failed');
  assertError(await admin.delete(twoFactorPath(agentId), {csrf: false}), 403, 'csrf_failed');
  assert.equal((await auditEvents(server, 'admin_code.created')).length, 1);
  assert.equal((await auditEvents(server, 'two_factor.disabled')).length, 0);
  admin.close();
});

test('another company\'s admin gets the answer of an unknown user and sees none of the codes', async (t) => {
  const server = await serverForTest(t);
  const otherAdmin = await addOtherCompany(server);

  const {user} = await withAppOn(server, 'agent');
  const demoAdmin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(demoAdmin, user.account);
  assert.equal((await demoAdmin.post(codePath(agentId))).status, 200);

  const other = client(server.url);
  await signInPerson(other, otherAdmin);
  const unknownCode = await other.post(codePath(unknownId));
  const code = await other.post(codePath(agentId));
  assertError(code, 403, 'person_not_in_company', 'another company\'s agent');
  assert.equal(code.text, unknownCode.text, 'as if the agent did not exist');
  const off = await other.delete(twoFactorPath(agentId));
  assertError(off, 403, 'person_not_in_company');
  assert.equal(off.text, (await other.delete(twoFactorPath(unknownId))).text);
  assert.deepEqual((await other.get('/api/admin/backup-codes')).json, {codes: []});

  assert.equal((await auditEvents(server, 'admin_code.created')).length, 1, 'only the demo admin\'s');
  assert.equal((await auditEvents(server, 'two_factor.disabled')).length, 0);
  const {browser, answer} = await pendingSignIn(server, 'agent');
  assert.equal(answer.json.second_step.method, 'app', 'the agent\'s 2FA is still on');
  browser.close();
  other.close();
  demoAdmin.close();
});
