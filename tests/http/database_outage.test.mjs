// A PostgreSQL outage under a running server: requests that need the
// database are answered 503 with Retry-After and a message for a person
// (never a crash, never raw internals), /readyz says not ready while
// /healthz still answers, and once PostgreSQL is back the server serves
// sign-ins again by itself, without a restart.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

import {client, fast_hash_args, repo_root, sign_in_as, start_server, until_ready} from '../support/server.mjs';

const run_file = promisify(execFile);
const cluster_script = path.join(repo_root, 'tests/support/postgresql');

async function cluster(command, dir) {
  return (await run_file(cluster_script, [command, dir])).stdout.trim();
}

test('an outage answers 503 and the server recovers by itself when PostgreSQL is back', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'twofold-outage-'));
  t.after(() => rm(dir, {recursive: true, force: true}));
  const url = await cluster('start', path.join(dir, 'pg'));
  t.after(() => cluster('stop', path.join(dir, 'pg')));
  const server = await start_server({args: [...fast_hash_args, '--database', url]});
  t.after(() => server.stop());
  await until_ready(server.url);
  const browser = client(server.url);

  assert.equal((await sign_in_as(client(server.url), server.demo, 'agent')).status, 200);
  assert.equal((await browser.get('/readyz')).status, 200);

  await cluster('halt', path.join(dir, 'pg'));

  const refused = await sign_in_as(client(server.url), server.demo, 'agent');
  assert.equal(refused.status, 503);
  assert.equal(refused.headers['retry-after'], '5');
  assert.equal(refused.json.error.code, 'unavailable');
  assert.match(refused.json.error.message, /try again/);
  assert.doesNotMatch(refused.text, /postgres|connection|127\.0\.0\.1/i, 'nothing of the database in the answer');
  const ready = await browser.get('/readyz');
  assert.equal(ready.status, 503);
  assert.deepEqual(ready.json.failing, ['database']);
  assert.equal((await browser.get('/healthz')).status, 200, 'the process itself is alive');

  await cluster('resume', path.join(dir, 'pg'));

  assert.equal((await sign_in_as(client(server.url), server.demo, 'agent')).status, 200);
  assert.equal((await browser.get('/readyz')).status, 200);
});
