// The command line: --help, and clear refusals of bad options and of
// settings the server cannot use.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {rm} from 'node:fs/promises';

import {fast_hash_args, fresh_data_dir, run_server_command, start_server} from '../support/server.mjs';

const documented_options = [
  'listen-address', 'port', 'public-url', 'data-dir', 'www-dir', 'core-dir', 'tls-cert-file', 'tls-key-file', 'allow-plain-http',
  'io-threads', 'worker-threads', 'argon2-memory-kib', 'argon2-iterations', 'session-idle-timeout',
  'session-absolute-timeout', 'max-body-bytes', 'header-timeout', 'log-level', 'config', 'help', 'list-routes',
  'trusted-proxy', 'max-connections', 'max-connections-per-client', 'server-key-file',
];

test('--help exits 0 and lists every option', async () => {
  const {code, stdout} = await run_server_command(['--help']);
  assert.equal(code, 0);
  for (const option of documented_options) assert.match(stdout, new RegExp(`--${option}\\b`), option);
});

test('an unknown option exits non-zero and names it', async () => {
  const {code, stdout, stderr} = await run_server_command(['--no-such-option']);
  assert.notEqual(code, 0);
  assert.match(stderr, /no-such-option/);
  assert.doesNotMatch(stdout, /server\.listening/);
});

test('a port that is not a number exits non-zero and names the option', async () => {
  const {code, stderr} = await run_server_command(['--port', 'eighty']);
  assert.notEqual(code, 0);
  assert.match(stderr, /port/);
});

test('unreadable TLS files stop the server before it listens, naming the file', async (t) => {
  const data_dir = await fresh_data_dir();
  t.after(() => rm(data_dir, {recursive: true, force: true}));
  const missing = '/nonexistent/twofold-cert.pem';
  const {code, stdout, stderr} = await run_server_command([
    ...fast_hash_args, '--data-dir', data_dir, '--port', '0', '--tls-cert-file', missing, '--tls-key-file', missing,
  ]);
  assert.notEqual(code, 0);
  assert.match(stdout + stderr, new RegExp(missing));
  assert.doesNotMatch(stdout, /server\.listening/);
});

test('a port already in use stops the second server with a clear message', async (t) => {
  const data_dir = await fresh_data_dir();
  t.after(() => rm(data_dir, {recursive: true, force: true}));
  const first = await start_server({args: fast_hash_args});
  const {code, stdout, stderr} = await run_server_command([...fast_hash_args, '--port', String(first.port), '--data-dir', data_dir]);
  assert.notEqual(code, 0);
  assert.match(stdout + stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}`));
  assert.doesNotMatch(stdout, /server\.listening/);
  assert.equal(await first.stop(), 0);
});

// Without --public-url the Origin check would trust the request's own Host,
// which a DNS-rebinding page controls.
test('listening beyond loopback without --public-url stops the server, naming the option', async (t) => {
  const data_dir = await fresh_data_dir();
  t.after(() => rm(data_dir, {recursive: true, force: true}));
  for (const extra of [['--allow-plain-http', 'true'], ['--tls-cert-file', 'c.pem', '--tls-key-file', 'k.pem']]) {
    const {code, stdout, stderr} = await run_server_command([
      ...fast_hash_args, '--data-dir', data_dir, '--port', '0', '--listen-address', '0.0.0.0', ...extra,
    ]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /--public-url is required when listening on an address other than loopback/);
    assert.doesNotMatch(stdout, /server\.listening/);
  }
});

test('a --trusted-proxy that is no network stops the server, naming it', async () => {
  const {code, stderr} = await run_server_command(['--trusted-proxy', '127.0.0.1/32', '--trusted-proxy', '10.0.0.1/8']);
  assert.equal(code, 2);
  assert.match(stderr, /--trusted-proxy must be .*not "10\.0\.0\.1\/8"/);
});

test('the start logs the open-file limit it raised', async () => {
  const server = await start_server({args: fast_hash_args});
  const limit = server.logs.find((line) => line.event === 'server.open_file_limit');
  assert.ok(limit, 'logged before listening');
  assert.equal(limit.soft, limit.hard, 'the soft limit is raised to the hard one');
  assert.ok(limit.soft_before <= limit.soft);
  assert.equal(await server.stop(), 0);
});
