// Two servers on one database (here one SQLite file) hold one throttle: the
// forgot-password requests one of them counted hold the account back on the
// other, and refusals on both belong to one back-off window, audited once.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {client, fast_hash_args, start_server} from '../support/server.mjs';
import {audit_events} from '../support/two_factor.mjs';

test('forgot-password requests counted on one server hold the account back on the other', async (t) => {
  const first = await start_server({args: fast_hash_args});
  const second = await start_server({data_dir: first.data_dir, args: fast_hash_args});
  // The second server first: the first owns the data folder.
  t.after(async () => {
    assert.equal(await second.stop(), 0);
    assert.equal(await first.stop(), 0);
  });
  assert.equal(second.demo, null, 'the same database');
  const on_first = client(first.url);
  const on_second = client(second.url);
  t.after(() => { on_first.close(); on_second.close(); });
  const {company, agent} = first.demo;
  const forgot = {json: {company, account: agent.account}};

  // Three requests per account, then a minute's wait (flows/password_reset.hpp).
  for (const browser of [on_first, on_second, on_first]) {
    assert.equal((await browser.post('/api/password/forgot', forgot)).status, 202);
  }
  const refused = await on_second.post('/api/password/forgot', forgot);
  assert.equal(refused.status, 429, 'the second server counts the first one\'s requests');
  assert.equal(refused.json.error.code, 'too_many_attempts');
  assert.ok(Number(refused.headers['retry-after']) > 1, refused.headers['retry-after']);
  assert.equal((await on_first.post('/api/password/forgot', forgot)).status, 429, 'and the first the second\'s');

  const rows = await audit_events(first, 'password_reset.throttled');
  assert.equal(rows.length, 1, 'one back-off window, refused on both servers, one audit row');
});
