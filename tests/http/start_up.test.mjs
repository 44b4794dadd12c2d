// A restart on an existing data folder: the server listens before uap-core's
// rules are compiled and the password blocklist is read (both on threads of
// their own), so the first sign-in right after `server.listening` waits for
// the rules and still names its browser, and /readyz says which of the two
// it still loads until both are there.
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';

import {browser_at, firefox_on_linux, submit_password, unlocated} from '../support/security_center.mjs';
import {client, fast_hash_args, fresh_data_dir, start_server} from '../support/server.mjs';

const still_loading = ['user_agent_rules', 'password_blocklist'];
const ready_within_ms = 30_000;
const poll_every_ms = 5;

// The demo agent from a first start, and a second start on the same folder.
async function restarted_server(t) {
  const data_dir = await fresh_data_dir();
  const first = await start_server({args: fast_hash_args, data_dir});
  const {account, password, email} = first.demo.agent;
  const agent = {company: first.demo.company, account, password, email};
  assert.equal(await first.stop(), 0);
  const server = await start_server({args: fast_hash_args, data_dir});
  t.after(async () => {
    await server.stop();
    await rm(data_dir, {recursive: true, force: true});
  });
  assert.equal(server.demo, null, 'a restart, not a first start');
  return {server, agent};
}

test('the first sign-in after a restart names its browser', async (t) => {
  const {server, agent} = await restarted_server(t);

  const browser = browser_at(server, {place: unlocated, agent: firefox_on_linux});
  const signed_in = await submit_password(browser, agent);
  assert.equal(signed_in.status, 200, signed_in.text);

  const sessions = await browser.get('/api/me/sessions');
  assert.equal(sessions.status, 200, sessions.text);
  assert.deepEqual(sessions.json.sessions.map((session) => session.device), [firefox_on_linux.name]);
});

test('/readyz names what is still loading after a restart, then says ready', async (t) => {
  const {server} = await restarted_server(t);
  const probe = client(server.url);
  t.after(() => probe.close());

  const give_up = Date.now() + ready_within_ms;
  for (;;) {
    const answer = await probe.get('/readyz');
    if (answer.status === 200) {
      assert.deepEqual(answer.json, {status: 'ready'});
      break;
    }
    assert.equal(answer.status, 503, answer.text);
    assert.equal(answer.json.status, 'not_ready');
    assert.ok(answer.json.failing.length > 0 && answer.json.failing.every((name) => still_loading.includes(name)),
      `only what loads after listening may be missing: ${answer.text}`);
    assert.equal((await probe.get('/healthz')).status, 200, 'the process answers meanwhile');
    assert.ok(Date.now() < give_up, `not ready within ${ready_within_ms} ms: ${answer.text}`);
    await delay(poll_every_ms);
  }
  assert.ok(server.logs.some((line) => line.event === 'user_agent.rules_loaded'), 'the rules were loaded');
});
