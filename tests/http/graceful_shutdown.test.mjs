// SIGTERM while sign-ins are being hashed: every one is answered in full, the
// process exits 0, and what they wrote is still there after a restart.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {client, freshDataDir, signInAs, startServer} from '../support/server.mjs';

const inFlight = 8;
// One worker and a costly hash (64 MiB) queue the sign-ins up for a good
// fraction of a second, so most are still waiting when the signal arrives.
const slowHashArgs = ['--worker-threads', '1', '--argon2-memory-kib', '65536', '--argon2-iterations', '2'];

async function auditCount(dataDir, event) {
  const {stdout} = await promisify(execFile)('sqlite3', [
    '-readonly', path.join(dataDir, 'twofold.db'), `SELECT count(*) FROM audit_events WHERE event = '${event}';`,
  ]);
  return Number(stdout.trim());
}

test('in-flight requests finish during a graceful shutdown and their audit events survive a restart', async (t) => {
  const dataDir = await freshDataDir();
  t.after(() => rm(dataDir, {recursive: true, force: true}));

  const first = await startServer({args: slowHashArgs, dataDir});
  const {demo} = first;
  assert.ok(demo, 'the first start creates the demo company');

  const browsers = Array.from({length: inFlight}, () => client(first.url));
  const answers = browsers.map((browser) => signInAs(browser, demo, 'agent').then((answer) => ({...answer, at: Date.now()})));
  // The first answer proves the server is busy hashing the others.
  await Promise.race(answers);
  const signalledAt = Date.now();
  const exitCode = first.stop('SIGTERM');

  const settled = await Promise.all(answers);
  for (const answer of settled) {
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.user.role, 'agent');
  }
  assert.ok(settled.some((answer) => answer.at > signalledAt), 'some sign-ins were answered after SIGTERM');
  assert.equal(await exitCode, 0);
  assert.ok(first.logs.some((line) => line.event === 'server.stopping'));
  assert.ok(first.logs.some((line) => line.event === 'server.stopped' && line.graceful === true));
  assert.equal(first.logs.filter((line) => line.event === 'http.request' && line.path === '/api/session').length, inFlight);
  for (const browser of browsers) browser.close();
  assert.equal(await auditCount(dataDir, 'sign_in.succeeded'), inFlight);

  // Same data directory: no second demo company, the old password still works.
  const second = await startServer({args: slowHashArgs, dataDir});
  assert.equal(second.demo, null, 'the demo company is created only once');
  assert.ok(!second.logs.some((line) => line.event === 'demo.created'));
  const browser = client(second.url);
  const again = await signInAs(browser, demo, 'admin');
  assert.equal(again.status, 200, again.text);
  browser.close();
  assert.equal(await second.stop(), 0);
  assert.equal(await auditCount(dataDir, 'sign_in.succeeded'), inFlight + 1);
});

test('a server with nothing to do stops at once on SIGINT too', async () => {
  const server = await startServer({args: ['--argon2-memory-kib', '8', '--argon2-iterations', '1']});
  assert.equal(await server.stop('SIGINT'), 0);
});
