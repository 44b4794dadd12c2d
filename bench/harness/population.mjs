// What bench/run's Twofold serves: the demo company of a fresh data folder,
// one real session and one real pending sign-in made over HTTP, then, with
// the server stopped, rows written into its SQLite database beside them:
//   - live sessions, copies of the real one under random token hashes, so
//     /api/me is looked up among them (a session cookie's token is stored as
//     its SHA-256, auth/session_token.cpp);
//   - accounts with the authenticator app on (copies of the demo agent with
//     its sealed secret, so one oathtool code is right for all of them), each
//     with a pending sign-in in the second-factor step whose cookie token is
//     made here, its SHA-256 stored as the server would.
// Signing in 10k times over HTTP would cost 10k Argon2id hashes; the copies
// cost none and are the rows a sign-in writes.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';

import {client} from '../../tests/support/server.mjs';
import {session_cookie_name, sign_in_cookie_name, turn_on_app} from '../../tests/support/two_factor.mjs';

const run_file = promisify(execFile);

export const database_file = (data_dir) => path.join(data_dir, 'twofold.db');

// sqlite3 (Debian's shell) on `data_dir`'s database, the SQL on standard input.
export async function run_sql(data_dir, sql) {
  const child = run_file('sqlite3', ['-bail', '-cmd', '.timeout 10000', database_file(data_dir)], {maxBuffer: 64 << 20});
  child.child.stdin.end(sql);
  const {stdout} = await child;
  return stdout;
}

// The demo company's passwords, as a new data folder prints them once.
export function demo_from_stderr(stderr_file) {
  const text = readFileSync(stderr_file, 'utf8');
  const company = text.match(/^ +Company: (.+)$/m)?.[1];
  const password = (role) => text.match(new RegExp(`^ +${role}: account ${role} \\(.*\\), password (\\S+)$`, 'm'))?.[1];
  assert.ok(company && password('admin') && password('agent'), `no demo passwords printed:\n${text}`);
  return {company, admin: {account: 'admin', password: password('admin')}, agent: {account: 'agent', password: password('agent')}};
}

function token_hash_of(cookie_value) {
  return createHash('sha256').update(Buffer.from(cookie_value, 'base64url')).digest('hex');
}

function new_token() {
  const bytes = randomBytes(32);
  return {cookie_value: bytes.toString('base64url'), hash: createHash('sha256').update(bytes).digest('hex')};
}

/**
 * Over HTTP on the running server at `url`: the admin signs in (the session
 * /api/me is asked with), the agent turns the authenticator app on and signs
 * in again up to the second step (the pending sign-in the copies copy).
 * Resolves to {admin_cookie, app_secret, flow_hash, session_hash}.
 */
export async function real_sign_ins(url, demo) {
  const admin = client(url);
  const admin_in = await admin.post('/api/session', {json: {company: demo.company, ...demo.admin}});
  assert.equal(admin_in.status, 200, `admin sign-in: ${admin_in.text}`);
  const admin_cookie = admin.cookies.get(session_cookie_name).value;

  const agent = client(url);
  const agent_in = await agent.post('/api/session', {json: {company: demo.company, ...demo.agent}});
  assert.equal(agent_in.status, 200, `agent sign-in: ${agent_in.text}`);
  const {totp} = await turn_on_app(agent);
  assert.equal((await agent.delete('/api/session')).status, 204);
  const pending = await agent.post('/api/session', {json: {company: demo.company, ...demo.agent}});
  assert.equal(pending.status, 202, `agent sign-in up to the second step: ${pending.text}`);
  const flow_cookie = agent.cookies.get(sign_in_cookie_name).value;
  admin.close();
  agent.close();
  return {admin_cookie, app_secret: totp.secret, flow_hash: token_hash_of(flow_cookie), session_hash: token_hash_of(admin_cookie)};
}

async function columns_of(data_dir, table) {
  const text = await run_sql(data_dir, `SELECT name FROM pragma_table_info('${table}');`);
  return text.trim().split('\n');
}

// "INSERT INTO table (columns) SELECT expressions": every column of `table`
// but `omitted`, each taken from `source_alias` unless `replaced` names it.
async function copy_columns(data_dir, table, source_alias, replaced, omitted = []) {
  const columns = (await columns_of(data_dir, table)).filter((column) => !omitted.includes(column));
  const values = columns.map((column) => replaced[column] ?? `${source_alias}.${column}`);
  return {columns: columns.join(', '), values: values.join(', ')};
}

/**
 * With the server stopped: `accounts` groups ({prefix, count, code_failures})
 * of app-code accounts, each with one pending sign-in, and `sessions` live
 * sessions spread over them. Resolves to {[prefix]: [flow cookie values]}.
 */
export async function add_rows(data_dir, {accounts, sessions, flow_hash, session_hash}) {
  const agent_id = (await run_sql(data_dir, "SELECT id FROM users WHERE username = 'agent';")).trim();
  const users = await copy_columns(data_dir, 'users', 'u', {
    username: "t.prefix || t.n", email: "t.prefix || t.n || '@bench.example'", code_failures: 't.code_failures',
  }, ['id']);
  const two_factor = await copy_columns(data_dir, 'two_factor', 'f', {user_id: 'b.id', last_totp_step: 'NULL'});
  const flows = await copy_columns(data_dir, 'sign_in_flows', 'f', {
    token_hash: 't.hash', user_id: 'b.id', created_at: "strftime('%s','now')", expires_at: "strftime('%s','now') + 3600",
  });
  const session_rows = await copy_columns(data_dir, 'sessions', 's', {token_hash: 'randomblob(32)', user_id: 'b.id'}, ['id']);

  const cookies = {};
  const token_rows = [];
  for (const {prefix, count, code_failures} of accounts) {
    cookies[prefix] = [];
    for (let n = 1; n <= count; ++n) {
      const token = new_token();
      cookies[prefix].push(token.cookie_value);
      token_rows.push(`('${prefix}', ${n}, ${code_failures}, X'${token.hash}')`);
    }
  }
  const total = token_rows.length;
  await run_sql(data_dir, `
BEGIN;
CREATE TEMP TABLE bench_tokens (prefix TEXT, n INTEGER, code_failures INTEGER, hash BLOB, PRIMARY KEY (prefix, n));
INSERT INTO bench_tokens VALUES ${token_rows.join(',\n')};
INSERT INTO users (${users.columns}) SELECT ${users.values} FROM users AS u, bench_tokens AS t WHERE u.id = ${agent_id};
INSERT INTO two_factor (${two_factor.columns})
  SELECT ${two_factor.values} FROM two_factor AS f, bench_tokens AS t JOIN users AS b ON b.username = t.prefix || t.n
  WHERE f.user_id = ${agent_id};
INSERT INTO sign_in_flows (${flows.columns})
  SELECT ${flows.values} FROM sign_in_flows AS f, bench_tokens AS t JOIN users AS b ON b.username = t.prefix || t.n
  WHERE f.token_hash = X'${flow_hash}';
CREATE TEMP TABLE bench_numbered AS SELECT b.id AS id, row_number() OVER (ORDER BY b.id) - 1 AS k
  FROM bench_tokens AS t JOIN users AS b ON b.username = t.prefix || t.n;
WITH RECURSIVE counter(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM counter WHERE n + 1 < ${sessions})
INSERT INTO sessions (${session_rows.columns})
  SELECT ${session_rows.values} FROM sessions AS s, counter JOIN bench_numbered AS b ON b.k = counter.n % ${total}
  WHERE s.token_hash = X'${session_hash}';
COMMIT;
`);
  const counted = await run_sql(data_dir, `SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM sign_in_flows),
    (SELECT count(*) FROM users);`);
  return {cookies, counts: counted.trim()};
}

// "COOKIE<TAB>BODY" lines for requests.lua.
export function write_lines(file, lines) {
  writeFileSync(file, lines.map(({cookie, body}) => `${cookie}\t${body}`).join('\n') + '\n');
}

export const flow_cookie = (value) => `${sign_in_cookie_name}=${value}`;
export const session_cookie = (value) => `${session_cookie_name}=${value}`;
