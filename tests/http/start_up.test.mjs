// A restart on an existing data folder: the server listens before uap-core's
// rules are compiled, the password blocklist is read and the web app's files
// are read (each on a thread of its own), so the first sign-in right after `server.listening` waits for
// the rules and still names its browser, and /readyz says which of the two
// it still loads until both are there.
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {test} from 'node:test';

import {browser_at, firefox_on_linux, submit_password, unlocated} from '../support/security_center.mjs';
import {client, fast_hash_args, fresh_data_dir, start_server, until_ready} from '../support/server.mjs';

const still_loading = ['user_agent_rules', 'password_blocklist', 'static_files'];

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

  const before_ready = await until_ready(server.url);

  for (const answer of before_ready) {
    assert.equal(answer.status, 503, answer.text);
    assert.equal(answer.json.status, 'not_ready');
    assert.ok(answer.json.failing.length > 0 && answer.json.failing.every((name) => still_loading.includes(name)),
      `only what loads after listening may be missing: ${answer.text}`);
  }
  const probe = client(server.url);
  assert.equal((await probe.get('/readyz')).status, 200, 'and it stays ready');
  probe.close();
  assert.ok(server.logs.some((line) => line.event === 'user_agent.rules_loaded'), 'the rules were loaded');
});
