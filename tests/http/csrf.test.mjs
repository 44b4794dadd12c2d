// Cross-site request forgery: state-changing requests need
// X-Requested-With: twofold and, when an Origin header is sent, our origin.
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

function demo_form() {
  const {company, agent} = server.demo;
  return {company, account: agent.account, password: agent.password};
}

function assert_refused(answer, why) {
  assert.equal(answer.status, 403, `${why}: ${answer.text}`);
  assert.equal(answer.json.error.code, 'csrf_failed', why);
  assert.equal(answer.json.error.message_key, 'error.csrf_failed', why);
  assert.equal(answer.set_cookies.length, 0, `${why}: no session may start`);
}

test('a sign-in without X-Requested-With is refused', async () => {
  const browser = client(server.url);
  assert_refused(await browser.post('/api/session', {json: demo_form(), csrf: false}), 'no header, no origin');
  assert_refused(await browser.post('/api/session', {json: demo_form(), headers: {origin: server.url}, csrf: false}),
                'same origin but no header');
  assert_refused(await browser.post('/api/session', {json: demo_form(), headers: {'x-requested-with': 'XMLHttpRequest'}}),
                'another X-Requested-With value');
  browser.close();
});

test('a sign-in from a foreign origin is refused', async () => {
  const browser = client(server.url);
  const foreign = ['https://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`];
  for (const origin of foreign) assert_refused(await browser.post('/api/session', {json: demo_form(), origin}), origin);
  browser.close();
});

test('a sign-in from our own origin, or with no Origin at all, is accepted', async () => {
  const same_origin = client(server.url);
  assert.equal((await same_origin.post('/api/session', {json: demo_form()})).status, 200);
  const no_origin = client(server.url);
  assert.equal((await no_origin.post('/api/session', {json: demo_form(), origin: null})).status, 200);
  same_origin.close();
  no_origin.close();
});

test('a forged sign-out does not end the session', async () => {
  const browser = client(server.url);
  assert.equal((await sign_in_as(browser, server.demo, 'admin')).status, 200);
  assert_refused(await browser.delete('/api/session', {csrf: false}), 'sign-out without header');
  assert_refused(await browser.delete('/api/session', {origin: 'https://evil.example'}), 'sign-out from elsewhere');
  assert.equal((await browser.get('/api/me')).status, 200);
  browser.close();
});

test('reading needs no CSRF header', async () => {
  const browser = client(server.url);
  assert.equal((await sign_in_as(browser, server.demo, 'agent')).status, 200);
  const me = await browser.get('/api/me', {headers: {origin: 'https://evil.example'}});
  assert.equal(me.status, 200, me.text);
  browser.close();
});
