// The database a server (or a group of servers) runs on, for the tests to
// read and write whichever it is:
//   sqlite      the data folder's twofold.db, through Debian's sqlite3 tool
//               (SQLite's WAL lets it and the servers work side by side; it
//               waits for a server's write lock)
//   postgresql  the database at the servers' --database URL, through psql
// Each is {kind, url (PostgreSQL), server_args, rows(sql), run(sql), stop()}:
//   await database.rows('SELECT ...');   // [{column: value}], numbers as numbers
//   await database.run('UPDATE ...');    // one or more statements, no rows
// `sql` is the test's own text, never input, and must mean the same on both
// (the schemas have the same tables and columns; times and booleans are
// integers on both). A missing tool fails the test.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run_file = promisify(execFile);
const cluster_script = fileURLToPath(new URL('postgresql', import.meta.url));

export const database_kinds = ['sqlite', 'postgresql'];

// The database the tests run on (TWOFOLD_TEST_DATABASE); an unknown name
// fails rather than falling back.
export function test_database_kind() {
  const kind = process.env.TWOFOLD_TEST_DATABASE ?? 'sqlite';
  if (!database_kinds.includes(kind)) {
    throw new Error(`TWOFOLD_TEST_DATABASE must be one of ${database_kinds.join(', ')}, not "${kind}"`);
  }
  return kind;
}

// SQLite: the servers find twofold.db in the data folder.
export function sqlite_database(data_dir) {
  const file = path.join(data_dir, 'twofold.db');
  const sqlite3 = (options, sql) => run_file('sqlite3', [...options, '-cmd', '.timeout 10000', file, sql]);
  return {
    kind: 'sqlite',
    server_args: [],
    async rows(sql) {
      const {stdout} = await sqlite3(['-readonly', '-json'], sql);
      return stdout.trim() ? JSON.parse(stdout) : [];
    },
    async run(sql) {
      await sqlite3([], sql);
    },
    async stop() {},
  };
}

// PostgreSQL at `url`, which someone else started and stops.
export function postgresql_at(url) {
  const psql = (sql) => run_file('psql', ['--no-psqlrc', '--quiet', '--tuples-only', '--no-align',
    '--set', 'ON_ERROR_STOP=1', '--dbname', url, '--command', sql]);
  return {
    kind: 'postgresql',
    url,
    server_args: ['--database', url],
    async rows(sql) {
      const {stdout} = await psql(`SELECT coalesce(json_agg(row_to_json(r)), '[]') FROM (${sql}) r`);
      return JSON.parse(stdout);
    },
    async run(sql) {
      await psql(sql);
    },
    async stop() {},
  };
}

// PostgreSQL in a new cluster (tests/support/postgresql), removed by stop().
export async function start_postgresql() {
  const dir = await mkdtemp(path.join(tmpdir(), 'twofold-pg-'));
  let url;
  try {
    url = (await run_file(cluster_script, ['start', dir])).stdout.trim();
  } catch (error) {
    await rm(dir, {recursive: true, force: true});
    throw new Error(`tests/support/postgresql could not start a cluster: ${error.stderr || error.message}`);
  }
  return {
    ...postgresql_at(url),
    async stop() {
      await run_file(cluster_script, ['stop', dir]);
    },
  };
}

// A new database of `kind` for servers on `data_dir`.
export function open_database(kind, data_dir) {
  return kind === 'postgresql' ? start_postgresql() : sqlite_database(data_dir);
}

// The database a server started with command-line `args` on `data_dir`
// uses: the one --database names, else the data folder's SQLite file.
export function database_of_server(args, data_dir) {
  const at = args.lastIndexOf('--database');
  return at >= 0 ? postgresql_at(args[at + 1]) : sqlite_database(data_dir);
}

/**
 * The audit events named `event` in the database of `server` (anything with
 * rows(sql): a server, a group, a database), oldest first:
 * [{user_id, company_id, detail (parsed)}].
 */
export async function audit_events(server, event) {
  assert.match(event, /^[a-z_.]+$/);
  const found = await server.rows(
    `SELECT user_id, company_id, detail FROM audit_events WHERE event = '${event}' ORDER BY id`);
  return found.map((row) => ({...row, detail: JSON.parse(row.detail)}));
}
