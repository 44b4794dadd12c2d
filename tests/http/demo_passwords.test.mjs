// The demo company's passwords are printed once for the person at the
// terminal; the structured log, which is collected and kept, never holds them.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {client, fast_hash_args, sign_in_as, start_server} from '../support/server.mjs';

test('a first start prints the demo passwords on standard error and logs none of them', async (t) => {
  const server = await start_server({args: fast_hash_args});
  t.after(() => server.stop());
  const {demo} = server;
  assert.ok(demo, 'the first start creates the demo company');
  const passwords = [demo.admin.password, demo.agent.password];
  for (const password of passwords) assert.ok(server.stderr().includes(password));

  const logged = server.logs.map((line) => JSON.stringify(line)).join('\n');
  const created = server.logs.find((line) => line.event === 'demo.created');
  assert.deepEqual(created.accounts.map(({role, account}) => ({role, account})),
                   [{role: 'admin', account: demo.admin.account}, {role: 'agent', account: demo.agent.account}]);
  for (const password of passwords) assert.ok(!logged.includes(password), 'a demo password is in the log');

  // The printed passwords are the real ones.
  const browser = client(server.url);
  const signed_in = await sign_in_as(browser, demo, 'admin');
  assert.equal(signed_in.status, 200, signed_in.text);
  browser.close();
});
