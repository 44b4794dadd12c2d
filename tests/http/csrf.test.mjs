// Cross-site request forgery: state-changing requests need
// X-Requested-With: twofold and, when an Origin header is sent, our origin.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {client, fastHashArgs, signInAs, startServer} from '../support/server.mjs';

let server;
before(async () => {
  server = await startServer({args: fastHashArgs});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

function demoForm() {
  const {company, agent} = server.demo;
  return {company, account: agent.account, password: agent.password};
}

function assertRefused(answer, why) {
  assert.equal(answer.status, 403, `${why}: ${answer.text}`);
  assert.equal(answer.json.error.code, 'csrf_failed', why);
  assert.equal(answer.json.error.message_key, 'error.csrf_failed', why);
  assert.equal(answer.setCookies.length, 0, `${why}: no session may start`);
}

test('a sign-in without X-Requested-With is refused', async () => {
  const browser = client(server.url);
  assertRefused(await browser.post('/api/session', {json: demoForm(), csrf: false}), 'no header, no origin');
  assertRefused(await browser.post('/api/session', {json: demoForm(), headers: {origin: server.url}, csrf: false}),
                'same origin but no header');
  assertRefused(await browser.post('/api/session', {json: demoForm(), headers: {'x-requested-with': 'XMLHttpRequest'}}),
                'another X-Requested-With value');
  browser.close();
});

test('a sign-in from a foreign origin is refused', async () => {
  const browser = client(server.url);
  const foreign = ['https://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`];
  for (const origin of foreign) assertRefused(await browser.post('/api/session', {json: demoForm(), origin}), origin);
  browser.close();
});

test('a sign-in from our own origin, or with no Origin at all, is accepted', async () => {
  const sameOrigin = client(server.url);
  assert.equal((await sameOrigin.post('/api/session', {json: demoForm()})).status, 200);
  const noOrigin = client(server.url);
  assert.equal((await noOrigin.post('/api/session', {json: demoForm(), origin: null})).status, 200);
  sameOrigin.close();
  noOrigin.close();
});

test('a forged sign-out does not end the session', async () => {
  const browser = client(server.url);
  assert.equal((await signInAs(browser, server.demo, 'admin')).status, 200);
  assertRefused(await browser.delete('/api/session', {csrf: false}), 'sign-out without header');
  assertRefused(await browser.delete('/api/session', {origin: 'https://evil.example'}), 'sign-out from elsewhere');
  assert.equal((await browser.get('/api/me')).status, 200);
  browser.close();
});

test('reading needs no CSRF header', async () => {
  const browser = client(server.url);
  assert.equal((await signInAs(browser, server.demo, 'agent')).status, 200);
  const me = await browser.get('/api/me', {headers: {origin: 'https://evil.example'}});
  assert.equal(me.status, 200, me.text);
  browser.close();
});
