// Two servers on one database (tests/support/instances.mjs), one person's
// requests split between them as a load balancer would: every "at most" and
// "once" of the codes holds across the servers as it does inside one.
// TWOFOLD_TEST_DATABASE=postgresql runs the same tests on PostgreSQL.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  close_all, instances_for_test, same_browser_on, served, spread_across,
} from '../support/instances.mjs';
import {outbox_of, when_folder_has} from '../support/mail.mjs';
import {client} from '../support/server.mjs';
import {
  assert_error, assert_locked_out, assert_signed_in_as, catalog_text, finish_second_step, listed_user_id,
  max_code_failures, pending_sign_in, signed_in_client, with_app_on, with_email_on, wrong_app_code,
} from '../support/two_factor.mjs';

// How many answers of each kind, e.g. {"401 code_rejected 4": 1, "403 account_locked": 46}.
function tally_of(answers) {
  const tally = new Map();
  for (const {status, json} of answers) {
    const key = `${status} ${json?.error?.code ?? ''} ${json?.error?.attempts_left ?? ''}`.trim();
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  return JSON.stringify(Object.fromEntries(tally));
}

// Every server answered some of `route`: the requests really were split.
function each_served(group, route) {
  return Promise.all(group.instances.map((instance) => served(instance, route)));
}

// A code refused once the race was lost: wrong (a used code counts as a
// wrong one), the account locked by those, or the waiting sign-in gone.
function assert_refused(answer, why) {
  if (answer.status === 401 && answer.json?.error?.code === 'code_rejected') return;
  assert_locked_out(answer, why);
}

// The ten waiting sign-ins an account may start in an hour
// (two_factor/code_send_limit.hpp), started alternately on each server, each
// code then sent through both servers at once: 20 parallel uses of one code.
const waiting_sign_ins = 10;

async function twenty_uses_of(group, role, body) {
  const pending = [];
  for (let i = 0; i < waiting_sign_ins; ++i) {
    pending.push((await pending_sign_in(group.instances[i % group.instances.length], role)).browser);
  }
  const senders = pending.flatMap((browser) => spread_across(group.instances, browser, group.instances.length));
  const answers = await Promise.all(senders.map((sender) => finish_second_step(sender, body)));
  const winners = answers.filter((answer) => answer.status === 200);
  assert.equal(winners.length, 1, `exactly one success: ${tally_of(answers)}`);
  for (const answer of answers.filter((answer) => answer.status !== 200)) assert_refused(answer, tally_of(answers));
  await each_served(group, 'POST /api/session/second-step');
  const winner = senders[answers.findIndex((answer) => answer.status === 200)];
  await assert_signed_in_as(winner, group.instances[0], role);
  close_all([...pending, ...senders]);
  return answers;
}

test('50 wrong codes for one waiting sign-in, split across two servers: 5 evaluated, one lock, one mail', async (t) => {
  const group = await instances_for_test(t);
  const [a] = group.instances;
  const {totp, user} = await with_app_on(a, 'agent');
  const wrong = await wrong_app_code(totp);
  const {browser} = await pending_sign_in(a, 'agent');
  const senders = spread_across(group.instances, browser, 50);

  const answers = await Promise.all(senders.map((sender) => finish_second_step(sender, {code: wrong})));

  // As in a row: failures 1 to 4 say 4 to 1 attempts left, the fifth locks,
  // every later code finds the account locked (or its sign-in ended).
  const summary = tally_of(answers);
  const rejected = answers.filter((answer) => answer.status === 401 && answer.json?.error?.code === 'code_rejected');
  assert.deepEqual(rejected.map((answer) => answer.json.error.attempts_left).sort(), [1, 2, 3, 4], summary);
  for (const answer of answers.filter((answer) => !rejected.includes(answer))) assert_locked_out(answer, summary);
  assert.equal(answers.filter((answer) => answer.status === 403).length >= 1, true, `the fifth locks: ${summary}`);
  await each_served(group, 'POST /api/session/second-step');

  assert.equal((await group.audit_events('second_step.failed')).length, max_code_failures, 'five codes evaluated');
  const locks = await group.audit_events('account.locked');
  assert.equal(locks.length, 1, 'one lock event');
  const [{id: agent_id}] = await group.rows(`SELECT id FROM users WHERE username = '${user.account}'`);
  assert.equal(locks[0].user_id, agent_id);
  const lock_subject = catalog_text('en', 'mail.account_locked.subject');
  const queued = await group.rows('SELECT id, recipient, subject FROM mail_outbox ORDER BY id');
  assert.equal(queued.filter((row) => row.subject === lock_subject).length, 1, JSON.stringify(queued));

  // Delivered: every queued mail reaches the shared outbox folder, the lock mail once.
  const inbox = outbox_of(a);
  const delivered = await when_folder_has(inbox.folder, async () => {
    const mails = await inbox.all();
    return mails.length >= queued.length ? mails : undefined;
  }, {describe: () => `${queued.length} mails`});
  assert.equal(delivered.filter((mail) => mail.subject === lock_subject).length, 1, 'one lock mail delivered');
  assert.equal(delivered.length, queued.length, 'each queued mail delivered once');

  // Afterwards the right code is refused on both servers.
  const right = await totp.next();
  const afterwards = group.instances.map((instance) => same_browser_on(instance, browser));
  for (const late of afterwards) assert_locked_out(await finish_second_step(late, {code: right}), 'the right code');
  close_all([browser, ...senders, ...afterwards]);
});

test('one backup code, 20 parallel uses across two servers: exactly one signs in', async (t) => {
  const group = await instances_for_test(t);
  const [a] = group.instances;
  const {backup_codes, user} = await with_app_on(a, 'agent');

  await twenty_uses_of(group, 'agent', {backup_code: backup_codes[0]});

  const [{id: agent_id}] = await group.rows(`SELECT id FROM users WHERE username = '${user.account}'`);
  const used = await group.rows(`SELECT number FROM backup_codes WHERE user_id = ${agent_id} AND used_at IS NOT NULL`);
  assert.equal(used.length, 1, 'one backup code used, once');
  assert.equal((await group.audit_events('second_step.succeeded')).length, 1);
});

test('an administrator\'s one-time code, 20 parallel uses across two servers: exactly one signs in', async (t) => {
  const group = await instances_for_test(t);
  const [a, b] = group.instances;
  const {user} = await with_app_on(a, 'agent');
  const admin = await signed_in_client(b, 'admin');
  const agent_id = await listed_user_id(admin, user.account);
  const created = await admin.post(`/api/admin/users/${agent_id}/backup-code`);
  assert.equal(created.status, 200, created.text);

  await twenty_uses_of(group, 'agent', {backup_code: created.json.code});

  assert.equal((await group.audit_events('admin_code.used')).length, 1, 'used once');
  assert.deepEqual(await group.rows(`SELECT user_id FROM admin_codes WHERE user_id = ${agent_id}`), [], 'and gone');
  admin.close();
});

test('one password-reset link, 20 parallel new passwords across two servers: exactly one is set', async (t) => {
  const group = await instances_for_test(t);
  const [a] = group.instances;
  const {company, agent} = group.demo;
  const visitor = client(a.url);
  const asked = await visitor.post('/api/password/forgot', {json: {company, account: agent.account}});
  assert.equal(asked.status, 202, asked.text);
  const mail = await outbox_of(a).next({to: agent.email});
  const token = /\/reset\/#token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  assert.ok(token, mail.text);

  const passwords = Array.from({length: 20}, (_, i) => `the new passphrase number ${i + 1}`);
  const senders = spread_across(group.instances, visitor, passwords.length);
  const answers = await Promise.all(senders.map((sender, i) =>
    sender.post('/api/password/reset', {json: {token, password: passwords[i]}})));

  const summary = tally_of(answers);
  const winners = answers.flatMap((answer, i) => (answer.status === 204 ? [passwords[i]] : []));
  assert.equal(winners.length, 1, `exactly one new password: ${summary}`);
  for (const answer of answers.filter((answer) => answer.status !== 204)) {
    assert_error(answer, 400, 'reset_link_invalid', summary);
  }
  await each_served(group, 'POST /api/password/reset');
  const changed = await group.audit_events('password.changed');
  assert.equal(changed.filter((event) => event.detail.via === 'reset_link').length, 1, 'one reset audited');

  // The winner's password is the account's, on either server; a loser's is not.
  const loser = passwords.find((password) => password !== winners[0]);
  for (const instance of group.instances) {
    const right = await client(instance.url).post('/api/session', {json: {company, account: agent.account, password: winners[0]}});
    assert.equal(right.status, 200, right.text);
    const wrong = await client(instance.url).post('/api/session', {json: {company, account: agent.account, password: loser}});
    assert_error(wrong, 401, 'sign_in_failed', 'a losing password');
  }
  close_all([visitor, ...senders]);
});

test('an app code accepted by one server is refused by the other', async (t) => {
  const group = await instances_for_test(t);
  const [a, b] = group.instances;
  const {totp} = await with_app_on(a, 'agent');
  const on_a = await pending_sign_in(a, 'agent');
  const on_b = await pending_sign_in(b, 'agent');
  const code = await totp.next();

  const accepted = await finish_second_step(on_a.browser, {code});
  assert.equal(accepted.status, 200, accepted.text);
  const replayed = await finish_second_step(on_b.browser, {code});
  assert_error(replayed, 401, 'code_rejected', 'the same code on the other server');
  assert.equal((await on_b.browser.get('/api/me')).status, 401, 'not signed in on the other server');
  close_all([on_a.browser, on_b.browser]);
});

test('the same app code sent to both servers at once signs in once', async (t) => {
  const group = await instances_for_test(t);
  const [a, b] = group.instances;
  const {totp} = await with_app_on(b, 'admin');
  const on_a = await pending_sign_in(a, 'admin');
  const on_b = await pending_sign_in(b, 'admin');
  const code = await totp.next();

  const answers = await Promise.all([finish_second_step(on_a.browser, {code}), finish_second_step(on_b.browser, {code})]);
  assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 401], tally_of(answers));
  assert_error(answers.find((answer) => answer.status === 401), 401, 'code_rejected');
  close_all([on_a.browser, on_b.browser]);
});

test('the resend wait started on one server holds on the other', async (t) => {
  const group = await instances_for_test(t);
  const [a, b] = group.instances;
  const inbox = outbox_of(a);
  const {user} = await with_email_on(a, 'agent', inbox);

  const {browser, answer} = await pending_sign_in(a, 'agent');
  assert.ok(answer.json.second_step.resend_in > 0, answer.text);
  await inbox.next({to: user.email});  // the code sent with the 202 started the wait
  const sends_before = await group.rows('SELECT count(*) AS n FROM code_sends');
  const on_b = same_browser_on(b, browser);
  const resend = await on_b.post('/api/session/second-step/resend');
  assert_error(resend, 429, 'resend_too_soon', 'a resend on the other server');
  const {seconds} = resend.json.error;
  assert.ok(seconds > 0 && seconds <= 60, `seconds ${seconds}`);
  assert.equal(resend.headers['retry-after'], String(seconds));
  const waiting = await on_b.get('/api/session/second-step');
  assert.equal(waiting.status, 200, waiting.text);
  assert.ok(waiting.json.second_step.resend_in > 0, waiting.text);
  assert.deepEqual(await group.rows('SELECT count(*) AS n FROM code_sends'), sends_before, 'no code sent');

  // The same for a second email setup: asked on A, again on B at once.
  const admin = await signed_in_client(a, 'admin');
  assert.equal((await admin.post('/api/me/two-factor/email')).status, 200);
  const admin_on_b = same_browser_on(b, admin);
  assert_error(await admin_on_b.post('/api/me/two-factor/email'), 429, 'resend_too_soon',
    'a second setup request on the other server');
  close_all([browser, on_b, admin, admin_on_b]);
});
