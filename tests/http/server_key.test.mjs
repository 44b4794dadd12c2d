// Several servers on one database share one server key. A server started
// with another key on the same database refuses to start, naming its key
// file and what to do, instead of failing every code; the same key in
// another file (--server-key-file, TWOFOLD_SERVER_KEY_FILE) is welcome.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {copyFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';

import {core_dir, fast_hash_args, fresh_data_dir, run_server_command, start_server, www_dir} from '../support/server.mjs';

const mismatch = (file) => new RegExp(
  `the server key ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not the key this database was first served with` +
  '.*copy server\\.key from a server that serves this database.*--server-key-file', 's');

async function first_served(t) {
  const data_dir = await fresh_data_dir();
  const keys = await mkdtemp(path.join(tmpdir(), 'twofold-keys-'));
  t.after(() => Promise.all([rm(data_dir, {recursive: true, force: true}), rm(keys, {recursive: true, force: true})]));
  const first = await start_server({data_dir, args: fast_hash_args});
  assert.notEqual(first.demo, null, 'a fresh database');
  assert.equal(await first.stop(), 0);
  return {data_dir, keys};
}

function second_server_args(data_dir) {
  return [...fast_hash_args, '--www-dir', www_dir(), '--core-dir', core_dir(), '--data-dir', data_dir, '--port', '0'];
}

test('a server with another key on the same database refuses to start, naming the key file', async (t) => {
  const {data_dir, keys} = await first_served(t);
  const other_key = path.join(keys, 'other.key');
  await writeFile(other_key, randomBytes(32), {mode: 0o600});

  const by_option = await run_server_command([...second_server_args(data_dir), '--server-key-file', other_key]);
  assert.equal(by_option.code, 1, by_option.stderr);
  assert.match(by_option.stderr, mismatch(other_key));
  assert.doesNotMatch(by_option.stdout, /server\.listening/);
  assert.match(by_option.stdout, /"event":"server\.start_failed"/);

  const by_environment = await run_server_command(second_server_args(data_dir), {env: {TWOFOLD_SERVER_KEY_FILE: other_key}});
  assert.equal(by_environment.code, 1, by_environment.stderr);
  assert.match(by_environment.stderr, mismatch(other_key));
});

test('a lost key file is not quietly replaced by a new key', async (t) => {
  const {data_dir} = await first_served(t);
  const key_file = path.join(data_dir, 'server.key');
  await rm(key_file);
  const {code, stdout, stderr} = await run_server_command(second_server_args(data_dir));
  assert.equal(code, 1, stderr);
  assert.match(stderr, mismatch(key_file));
  assert.doesNotMatch(stdout, /server\.listening/);
});

test('the same key in another file serves the same database', async (t) => {
  const {data_dir, keys} = await first_served(t);
  const shared_key = path.join(keys, 'shared.key');
  await copyFile(path.join(data_dir, 'server.key'), shared_key);
  await rm(path.join(data_dir, 'server.key'));

  const second = await start_server({data_dir, args: [...fast_hash_args, '--server-key-file', shared_key]});
  assert.equal(second.demo, null, 'the same database');
  assert.equal(await second.stop(), 0);
  await assert.rejects(readFile(path.join(data_dir, 'server.key')), {code: 'ENOENT'}, 'no key of its own made');
});
