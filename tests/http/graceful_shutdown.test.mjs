// SIGTERM while sign-ins are being hashed: every one is answered in full, the
// process exits 0, and what they wrote is still there after a restart.
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {test} from 'node:test';

import {audit_events} from '../support/database.mjs';
import {client, fresh_data_dir, sign_in_as, start_server} from '../support/server.mjs';

const in_flight = 8;
// One worker and a costly hash (64 MiB) queue the sign-ins up for a good
// fraction of a second, so most are still waiting when the signal arrives.
const slow_hash_args = ['--worker-threads', '1', '--argon2-memory-kib', '65536', '--argon2-iterations', '2'];

test('in-flight requests finish during a graceful shutdown and their audit events survive a restart', async (t) => {
  const data_dir = await fresh_data_dir();
  t.after(() => rm(data_dir, {recursive: true, force: true}));

  const first = await start_server({args: slow_hash_args, data_dir});
  const {demo} = first;
  assert.ok(demo, 'the first start creates the demo company');

  const browsers = Array.from({length: in_flight}, () => client(first.url));
  const answers = browsers.map((browser) => sign_in_as(browser, demo, 'agent').then((answer) => ({...answer, at: Date.now()})));
  // The first answer proves the server is busy hashing the others.
  await Promise.race(answers);
  const signalled_at = Date.now();
  const exit_code = first.stop('SIGTERM');

  const settled = await Promise.all(answers);
  for (const answer of settled) {
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.user.role, 'agent');
  }
  assert.ok(settled.some((answer) => answer.at > signalled_at), 'some sign-ins were answered after SIGTERM');
  assert.equal(await exit_code, 0);
  assert.ok(first.logs.some((line) => line.event === 'server.stopping'));
  assert.ok(first.logs.some((line) => line.event === 'server.stopped' && line.graceful === true));
  assert.equal(first.logs.filter((line) => line.event === 'http.request' && line.path === '/api/session').length, in_flight);
  for (const browser of browsers) browser.close();
  assert.equal((await audit_events(first, 'sign_in.succeeded')).length, in_flight);

  // Same data directory: no second demo company, the old password still works.
  const second = await start_server({args: slow_hash_args, data_dir});
  assert.equal(second.demo, null, 'the demo company is created only once');
  assert.ok(!second.logs.some((line) => line.event === 'demo.created'));
  const browser = client(second.url);
  const again = await sign_in_as(browser, demo, 'admin');
  assert.equal(again.status, 200, again.text);
  browser.close();
  assert.equal(await second.stop(), 0);
  assert.equal((await audit_events(second, 'sign_in.succeeded')).length, in_flight + 1);
});

test('a server with nothing to do stops at once on SIGINT too', async () => {
  const server = await start_server({args: ['--argon2-memory-kib', '8', '--argon2-iterations', '1']});
  assert.equal(await server.stop('SIGINT'), 0);
});
