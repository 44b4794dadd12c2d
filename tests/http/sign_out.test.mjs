// DELETE /api/session ends the session on the server, not just in the browser.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {client, fast_hash_args, sign_in_as, start_server} from '../support/server.mjs';

let server;
before(async () => {
  server = await start_server({args: fast_hash_args});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test('signing out clears the cookie and the old cookie no longer works', async () => {
  const browser = client(server.url);
  assert.equal((await sign_in_as(browser, server.demo, 'agent')).status, 200);
  const stolen = `twofold_session=${browser.cookies.get('twofold_session').value}`;

  const sign_out = await browser.delete('/api/session');
  assert.equal(sign_out.status, 204);
  assert.equal(sign_out.text, '');
  const cleared = sign_out.set_cookies.find((cookie) => cookie.name === 'twofold_session');
  assert.ok(cleared, 'the answer clears the cookie');
  assert.equal(cleared.value, '');
  assert.equal(cleared.attributes['max-age'], '0');
  assert.deepEqual([...browser.cookies.keys()], ['twofold_device'], 'the device cookie outlives the session');
  assert.equal((await browser.get('/api/me')).status, 401);

  // Someone who copied the cookie before sign-out replays it.
  const replay = client(server.url);
  const me = await replay.get('/api/me', {headers: {cookie: stolen}});
  assert.equal(me.status, 401, me.text);
  assert.equal(me.json.error.code, 'not_signed_in');
  browser.close();
  replay.close();
});

test('signing out without a session is still 204', async () => {
  const browser = client(server.url);
  const answer = await browser.delete('/api/session');
  assert.equal(answer.status, 204);
  const unknown = await browser.delete('/api/session', {headers: {cookie: `twofold_session=${'B'.repeat(43)}`}});
  assert.equal(unknown.status, 204);
  browser.close();
});

test('signing out ends only that session', async () => {
  const laptop = client(server.url);
  const phone = client(server.url);
  assert.equal((await sign_in_as(laptop, server.demo, 'admin')).status, 200);
  assert.equal((await sign_in_as(phone, server.demo, 'admin')).status, 200);
  assert.equal((await laptop.delete('/api/session')).status, 204);
  assert.equal((await laptop.get('/api/me')).status, 401);
  assert.equal((await phone.get('/api/me')).status, 200);
  laptop.close();
  phone.close();
});
