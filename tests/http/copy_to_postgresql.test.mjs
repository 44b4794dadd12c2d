// Moving one machine's installation to PostgreSQL, as the README tells the
// operator: a server on SQLite where an agent turned the authenticator app
// on, stopped; `twofold-server copy-sqlite --to URL` into a throwaway
// PostgreSQL (tests/support/postgresql); the server started again with
// --database on the same data folder (the same server.key). The agent's
// session goes on, a sign-in with the password and oathtool's code works,
// and the audit log still holds what happened before the move.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {client, fast_hash_args, fresh_data_dir, repo_root, server_binary, start_server} from '../support/server.mjs';
import {
  assert_signed_in_as, finish_second_step, pending_sign_in, session_cookie_name, signed_in_client, turn_on_app,
} from '../support/two_factor.mjs';

const run_file = promisify(execFile);

/** A throwaway PostgreSQL cluster, stopped and removed when the test ends: its URL. */
async function throwaway_postgresql(t) {
  const dir = await mkdtemp(path.join(tmpdir(), 'twofold-pg-'));
  const script = path.join(repo_root, 'tests/support/postgresql');
  t.after(() => run_file(script, ['stop', dir]));
  return (await run_file(script, ['start', dir])).stdout.trim();
}

/**
 * `twofold-server copy-sqlite --to <url> --data-dir <data_dir>` (or in its
 * other spelling, `--copy-sqlite-to <url>`): resolves to {code, stdout, stderr}.
 */
function copy_sqlite(url, data_dir, command = ['copy-sqlite', '--to']) {
  return new Promise((resolve) => {
    execFile(server_binary(), [...command, url, '--data-dir', data_dir], {cwd: repo_root},
      (error, stdout, stderr) => resolve({code: error ? error.code : 0, stdout, stderr}));
  });
}

test('an installation moved from SQLite to PostgreSQL keeps its sessions, 2FA secrets and audit log', async (t) => {
  const data_dir = await fresh_data_dir();
  t.after(() => rm(data_dir, {recursive: true, force: true}));
  const url = await throwaway_postgresql(t);

  const on_sqlite = await start_server({data_dir, args: fast_hash_args});
  const {demo} = on_sqlite;
  assert.notEqual(demo, null, 'a fresh installation');
  const agent = await signed_in_client(on_sqlite, 'agent');
  const {totp} = await turn_on_app(agent);
  const session = agent.cookies.get(session_cookie_name);
  assert.ok(session, 'the agent holds a session');
  agent.close();
  assert.equal(await on_sqlite.stop(), 0);

  const copied = await copy_sqlite(url, data_dir);
  assert.equal(copied.code, 0, copied.stderr);
  assert.match(copied.stdout, /^two_factor +1$/m, copied.stdout);
  assert.match(copied.stdout, /^backup_codes +10$/m, copied.stdout);
  assert.match(copied.stdout, /^sessions +1$/m, copied.stdout);
  assert.match(copied.stdout, /^total +\d+$/m, copied.stdout);
  assert.ok(!copied.stdout.includes(url) && !copied.stderr.includes(url), 'the URL is not repeated');
  const again = await copy_sqlite(url, data_dir, ['--copy-sqlite-to']);
  assert.equal(again.code, 1, 'a second copy finds the data there');
  assert.match(again.stderr, /holds data already/);

  const on_postgresql = await start_server({data_dir, args: [...fast_hash_args, '--database', url]});
  t.after(async () => assert.equal(await on_postgresql.stop(), 0));
  assert.equal(on_postgresql.demo, null, 'the copied company, not a new demo');
  const moved = {url: on_postgresql.url, demo};

  const kept = client(moved.url, {jar: new Map([[session_cookie_name, session]])});
  await assert_signed_in_as(kept, moved, 'agent');
  kept.close();

  const {browser} = await pending_sign_in(moved, 'agent');
  const finished = await finish_second_step(browser, {code: await totp.next()});
  assert.equal(finished.status, 200, `the sealed secret reads with the same key: ${finished.text}`);
  await assert_signed_in_as(browser, moved, 'agent');
  browser.close();

  const admin = client(moved.url);
  const signed_in = await admin.post('/api/session',
    {json: {company: demo.company, account: demo.admin.account, password: demo.admin.password}});
  assert.equal(signed_in.status, 200, signed_in.text);
  const log = await admin.get('/api/admin/audit-events?event=two_factor.enabled');
  assert.equal(log.status, 200, log.text);
  assert.deepEqual(log.json.events.map((event) => event.user?.username),
    [demo.agent.account], 'the agent turned the app on before the move');
  const sign_ins = await admin.get('/api/admin/audit-events?event=sign_in.succeeded');
  assert.deepEqual(sign_ins.json.events.map((event) => event.user?.username), [demo.admin.account, demo.agent.account],
    'the admin now, after the agent before the move');
  admin.close();
});
