// Two servers on one database (tests/support/instances.mjs) hold one
// throttle: the forgot-password requests one of them counted hold the
// account back on the other, and refusals on both belong to one back-off
// window, audited once. TWOFOLD_TEST_DATABASE=postgresql runs it on PostgreSQL.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {instances_for_test} from '../support/instances.mjs';
import {client} from '../support/server.mjs';

test('forgot-password requests counted on one server hold the account back on the other', async (t) => {
  const group = await instances_for_test(t);
  const [first, second] = group.instances;
  const on_first = client(first.url);
  const on_second = client(second.url);
  t.after(() => { on_first.close(); on_second.close(); });
  const {company, agent} = group.demo;
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

  const rows = await group.audit_events('password_reset.throttled');
  assert.equal(rows.length, 1, 'one back-off window, refused on both servers, one audit row');
});
