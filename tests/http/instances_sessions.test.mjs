// Servers on one database (tests/support/instances.mjs): started together on
// a fresh data folder they agree on one schema, one demo company and one
// server key; a session opened on one is the session of every other.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {close_all, instances_for_test, same_browser_on} from '../support/instances.mjs';
import {
  assert_signed_in_as, finish_second_step, pending_sign_in, sign_out, signed_in_client, with_app_on,
} from '../support/two_factor.mjs';

test('four servers started together on a fresh data folder: one schema, one demo company, one key', async (t) => {
  const group = await instances_for_test(t, {count: 4});  // which also checks one of them created the demo company

  const migrations = await group.rows('SELECT version FROM schema_migrations ORDER BY version');
  const versions = migrations.map((row) => row.version);
  assert.deepEqual(versions, [...new Set(versions)], 'each migration applied once');
  assert.deepEqual(await group.rows('SELECT name FROM companies'), [{name: group.demo.company}]);
  const people = await group.rows('SELECT username FROM users ORDER BY username');
  assert.deepEqual(people.map((row) => row.username), [group.demo.admin.account, group.demo.agent.account].sort());

  // A TOTP secret sealed by one server's key opens with every other's, and
  // backup codes hashed by one are found by the others: one key.
  const [first, ...others] = group.instances;
  const {totp, backup_codes} = await with_app_on(first, 'agent');
  const pending = await Promise.all(others.map((instance) => pending_sign_in(instance, 'agent')));
  const by_app = await finish_second_step(pending[0].browser, {code: await totp.next()});
  assert.equal(by_app.status, 200, `an app code on the second server: ${by_app.text}`);
  for (const [index, {browser}] of pending.entries()) {
    if (index === 0) continue;
    const answer = await finish_second_step(browser, {backup_code: backup_codes[index]});
    assert.equal(answer.status, 200, `a backup code on server ${index + 2}: ${answer.text}`);
  }
  close_all(pending.map(({browser}) => browser));
});

test('a session opened on one server is valid on the other; signed out there, it ends on the first', async (t) => {
  const group = await instances_for_test(t);
  const [a, b] = group.instances;
  const on_a = await signed_in_client(a, 'agent');
  const on_b = same_browser_on(b, on_a);
  const session = on_a.cookies.get('twofold_session');
  assert.ok(session, 'a session cookie from the first server');

  await assert_signed_in_as(on_b, b, 'agent');
  await sign_out(on_b);
  // The sign-out cleared the cookie from the browser; the first server is
  // shown it again, as a copy kept elsewhere would be: the session is gone
  // from the database, not merely from the browser.
  on_a.cookies.set(session.name, session);
  const after = await on_a.get('/api/me');
  assert.equal(after.status, 401, `the first server after the sign-out on the other: ${after.text}`);
  assert.equal(after.json?.error?.code, 'not_signed_in', after.text);
  close_all([on_a, on_b]);
});
