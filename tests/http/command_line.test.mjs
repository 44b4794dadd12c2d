// The command line: --help, and clear refusals of bad options and of
// settings the server cannot use.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {rm} from 'node:fs/promises';

import {fastHashArgs, freshDataDir, runServerCommand, startServer} from '../support/server.mjs';

const documentedOptions = [
  'listen-address', 'port', 'public-url', 'data-dir', 'www-dir', 'core-dir', 'tls-cert-file', 'tls-key-file', 'allow-plain-http',
  'io-threads', 'worker-threads', 'argon2-memory-kib', 'argon2-iterations', 'session-idle-timeout',
  'session-absolute-timeout', 'max-body-bytes', 'header-timeout', 'log-level', 'config', 'help', 'list-routes',
];

test('--help exits 0 and lists every option', async () => {
  const {code, stdout} = await runServerCommand(['--help']);
  assert.equal(code, 0);
  for (const option of documentedOptions) assert.match(stdout, new RegExp(`--${option}\\b`), option);
});

test('an unknown option exits non-zero and names it', async () => {
  const {code, stdout, stderr} = await runServerCommand(['--no-such-option']);
  assert.notEqual(code, 0);
  assert.match(stderr, /no-such-option/);
  assert.doesNotMatch(stdout, /server\.listening/);
});

test('a port that is not a number exits non-zero and names the option', async () => {
  const {code, stderr} = await runServerCommand(['--port', 'eighty']);
  assert.notEqual(code, 0);
  assert.match(stderr, /port/);
});

test('unreadable TLS files stop the server before it listens, naming the file', async (t) => {
  const dataDir = await freshDataDir();
  t.after(() => rm(dataDir, {recursive: true, force: true}));
  const missing = '/nonexistent/twofold-cert.pem';
  const {code, stdout, stderr} = await runServerCommand([
    ...fastHashArgs, '--data-dir', dataDir, '--port', '0', '--tls-cert-file', missing, '--tls-key-file', missing,
  ]);
  assert.notEqual(code, 0);
  assert.match(stdout + stderr, new RegExp(missing));
  assert.doesNotMatch(stdout, /server\.listening/);
});

test('a port already in use stops the second server with a clear message', async (t) => {
  const dataDir = await freshDataDir();
  t.after(() => rm(dataDir, {recursive: true, force: true}));
  const first = await startServer({args: fastHashArgs});
  const {code, stdout, stderr} = await runServerCommand([...fastHashArgs, '--port', String(first.port), '--data-dir', dataDir]);
  assert.notEqual(code, 0);
  assert.match(stdout + stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}`));
  assert.doesNotMatch(stdout, /server\.listening/);
  assert.equal(await first.stop(), 0);
});
