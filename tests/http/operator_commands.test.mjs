// The operator's commands (`twofold-server company|user|backup ...`) run as
// separate processes against a running server's data folder, as an operator
// would on the server machine: a new company's administrator signs in with
// what the command printed, a locked agent is unlocked, a password reset, a
// company disabled, and a backup taken while requests keep writing.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {assert_documented} from '../support/openapi_schema.mjs';
import {client, fast_hash_args, repo_root, server_binary, sign_in_as} from '../support/server.mjs';
import {start_smtp_sink} from '../support/smtp_sink.mjs';
import {
  assert_error, finish_second_step, lock_with_wrong_codes, pending_sign_in, server_for_test,
  signed_in_client, with_app_on,
} from '../support/two_factor.mjs';

const temporary_password = /^  ([a-km-np-z2-9]{4}(?:-[a-km-np-z2-9]{4}){3})$/m;
const link_token = /\/reset\/#token=([A-Za-z0-9_-]+)$/m;

/** Runs `twofold-server <args> --data-dir <the server's>`: resolves to {code, stdout, stderr}. */
function operator(server, args) {
  return new Promise((resolve) => {
    execFile(server_binary(), [...args, '--data-dir', server.data_dir, ...fast_hash_args], {cwd: repo_root},
      (error, stdout, stderr) => resolve({code: error ? error.code : 0, stdout, stderr}));
  });
}

async function succeeds(server, args) {
  const run = await operator(server, args);
  assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function add_company_args(more = []) {
  return ['company', 'add', '--name', 'Globex', '--language', 'en', '--admin-username', 'hank',
    '--admin-email', 'hank@globex.example', ...more];
}

function sign_in(browser, company, account, password) {
  return browser.post('/api/session', {json: {company, account, password}});
}

/** A database copy's rows, through Debian's sqlite3 tool. */
async function copy_rows(file, sql) {
  const {stdout} = await promisify(execFile)('sqlite3', ['-readonly', '-json', file, sql]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

test('a company added by the operator: its admin signs in with the printed temporary password and chooses a new one', async (t) => {
  const server = await server_for_test(t);
  const added = await succeeds(server, add_company_args());
  const password = added.match(temporary_password)?.[1];
  assert.ok(password, added);
  assert.deepEqual(await server.rows("SELECT id FROM mail_outbox WHERE recipient = 'hank@globex.example'"), [],
    'with the file transport nobody is mailed: the operator passes the password on');

  const browser = client(server.url);
  const first = await sign_in(browser, 'globex', 'hank', password);
  assert.equal(first.status, 202, first.text);
  assert.ok(first.json.password_change, first.text);
  const chosen = await browser.post('/api/session/new-password', {json: {password: 'lantern over the bay'}});
  assert.equal(chosen.status, 200, chosen.text);
  const me = await browser.get('/api/me');
  assert.equal(me.json.user.username, 'hank');
  assert.equal(me.json.user.role, 'admin');

  const audit = await browser.get('/api/admin/audit-events?event=company.created');
  assert_documented(audit, 'GET', '/api/admin/audit-events');
  assert.deepEqual(audit.json.events.map((event) => event.actor), [{operator: true}], 'done by the operator');
  browser.close();

  const listed = await succeeds(server, ['company', 'list']);
  assert.match(listed, /^globex +Globex +en +1 +1 +no$/m, listed);
  assert.match(listed, /^demo +Demo +en +1 +2 +no$/m, listed);
  const again = await operator(server, add_company_args());
  assert.equal(again.code, 1, 'the name is taken');
  assert.match(again.stderr, /exists already/);
  const usage = await operator(server, ['company', 'add', '--name', 'Initech']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--language is required/);
});

test('with a public URL the operator gets a one-time link that sets the password once', async (t) => {
  const server = await server_for_test(t);
  const added = await succeeds(server, add_company_args(['--public-url', 'https://twofold.example.com']));
  assert.match(added, /https:\/\/twofold\.example\.com\/reset\/#token=/);
  assert.doesNotMatch(added, temporary_password);
  const token = added.match(link_token)[1];

  const browser = client(server.url);
  const set = await browser.post('/api/password/reset', {json: {token, password: 'quiet harbour lights 4217'}});
  assert.equal(set.status, 204, set.text);
  assert.equal((await sign_in(browser, 'Globex', 'hank', 'quiet harbour lights 4217')).status, 200);
  const twice = await browser.post('/api/password/reset', {json: {token, password: 'another passphrase'}});
  assert_error(twice, 400, 'reset_link_invalid', 'a link works once');
  browser.close();
});

test('with mail going out by SMTP, the new administrator is mailed the link the operator sees', async (t) => {
  const server = await server_for_test(t);
  const sink = await start_smtp_sink();
  t.after(() => sink.stop());
  const added = await succeeds(server, add_company_args(['--public-url', 'https://twofold.example.com',
    '--mail-transport', 'smtp', '--smtp-url', sink.url]));
  assert.match(added, /^Mailed to hank@globex\.example\.$/m);
  const link = `https://twofold.example.com/reset/#token=${added.match(link_token)[1]}`;
  const mail = await sink.inbox.next({to: 'hank@globex.example'});
  assert.ok(mail.text.includes(link), mail.text);
  assert.ok(mail.envelope, 'delivered by SMTP');
});

test('user unlock lifts the lock of wrong codes: the agent signs in again', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const {browser: locking} = await pending_sign_in(server, 'agent');
  await lock_with_wrong_codes(locking, totp);
  locking.close();
  const locked = client(server.url);
  // Locked: the right password is answered as a wrong one.
  assert_error(await sign_in_as(locked, server.demo, 'agent'), 401, 'sign_in_failed');
  locked.close();
  assert.match(await succeeds(server, ['user', 'list', '--company', 'Demo']), /^agent +\S+ +.+ +agent +app +yes +no$/m);

  const unlocked = await succeeds(server, ['user', 'unlock', '--company', 'demo', '--user', server.demo.agent.account]);
  assert.match(unlocked, /^Unlocked agent\.$/m);
  const {browser} = await pending_sign_in(server, 'agent');
  const signed_in = await finish_second_step(browser, {code: await totp.next()});
  assert.equal(signed_in.status, 200, signed_in.text);
  browser.close();
  const [event] = await server.rows(
    "SELECT detail, user_agent FROM audit_events WHERE event = 'account.unlocked'");
  assert.deepEqual(JSON.parse(event.detail), {by_operator: true, was_locked: true});
  assert.equal(event.user_agent, 'twofold-server user unlock');
});

test('user reset-password ends the sessions and the old password; the new one must be changed', async (t) => {
  const server = await server_for_test(t);
  const agent = await signed_in_client(server, 'agent');
  const reset = await succeeds(server, ['user', 'reset-password', '--company', 'Demo', '--user', server.demo.agent.email]);
  const password = reset.match(temporary_password)?.[1];
  assert.ok(password, reset);
  assert.equal((await agent.get('/api/me')).status, 401, 'the session ended');
  agent.close();

  const browser = client(server.url);
  assert.equal((await sign_in_as(browser, server.demo, 'agent')).status, 401, 'the old password is gone');
  const first = await sign_in(browser, 'Demo', server.demo.agent.account, password);
  assert.equal(first.status, 202, first.text);
  assert.ok(first.json.password_change, first.text);
  browser.close();
  const missing = await operator(server, ['user', 'reset-password', '--company', 'Demo', '--user', 'nobody']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no user "nobody" in Demo/);
});

test('a disabled company is refused like a wrong password and its sessions end; enabled, it signs in again', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const probe = client(server.url);
  const wrong = await sign_in(probe, 'Demo', server.demo.admin.account, 'not the password at all');

  await succeeds(server, ['company', 'disable', '--company', 'Demo']);
  assert.equal((await admin.get('/api/me')).status, 401, 'the session ended');
  admin.close();
  const refused = await sign_in_as(probe, server.demo, 'admin');
  assert.equal(refused.status, wrong.status);
  assert.equal(refused.text, wrong.text, 'nothing tells a disabled company from a wrong password');
  assert.match(await succeeds(server, ['company', 'list']), /^demo +Demo +en +1 +2 +yes$/m);

  await succeeds(server, ['company', 'enable', '--company', 'Demo']);
  assert.equal((await sign_in_as(probe, server.demo, 'admin')).status, 200);
  probe.close();
});

test('backup --to copies the live database while requests write, and the copy holds what was written before', async (t) => {
  const server = await server_for_test(t);
  const folder = await mkdtemp(path.join(tmpdir(), 'twofold-backup-'));
  t.after(() => rm(folder, {recursive: true, force: true}));
  const file = path.join(folder, 'twofold-backup.db');

  await succeeds(server, add_company_args());
  const browser = client(server.url);
  for (let i = 0; i < 5; ++i) assert.equal((await sign_in_as(browser, server.demo, 'admin')).status, 200);
  const [before] = await server.rows('SELECT max(id) AS id, count(*) AS count FROM audit_events');

  // Sign-ins keep writing sessions and audit events during the backup.
  let writing = true;
  const writers = [0, 1, 2].map(async () => {
    const writer = client(server.url);
    let done = 0;
    while (writing) {
      assert.equal((await sign_in_as(writer, server.demo, 'agent')).status, 200);
      ++done;
    }
    writer.close();
    return done;
  });
  const backed_up = await operator(server, ['backup', '--to', file]);
  writing = false;
  const written = (await Promise.all(writers)).reduce((sum, done) => sum + done, 0);
  assert.equal(backed_up.code, 0, backed_up.stderr);
  assert.match(backed_up.stdout, /integrity check ok/);
  assert.match(backed_up.stdout, /server\.key/);
  assert.ok(written > 0, 'requests ran meanwhile');
  browser.close();

  assert.deepEqual(await copy_rows(file, 'PRAGMA integrity_check'), [{integrity_check: 'ok'}]);
  assert.deepEqual(await copy_rows(file, 'PRAGMA journal_mode'), [{journal_mode: 'delete'}]);
  const [copied] = await copy_rows(file, `SELECT count(*) AS count FROM audit_events WHERE id <= ${before.id}`);
  assert.equal(copied.count, before.count, 'every audit event written before the backup is in the copy');
  assert.deepEqual(await copy_rows(file, "SELECT u.username FROM users u JOIN companies c ON c.id = u.company_id WHERE c.key = 'globex'"),
    [{username: 'hank'}]);
  const [sign_ins] = await copy_rows(file,
    `SELECT count(*) AS count FROM audit_events WHERE event = 'sign_in.succeeded' AND id <= ${before.id}`);
  assert.equal(sign_ins.count, 5, "the admin's sign-ins before the backup");

  const size = (await stat(file)).size;
  const refused = await operator(server, ['backup', '--to', file]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /exists; give --overwrite/);
  assert.equal((await stat(file)).size, size, 'untouched');
  await succeeds(server, ['backup', '--to', file, '--overwrite']);
});
