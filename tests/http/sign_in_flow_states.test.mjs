// The sign-in flow's state in every answer (docs/openapi.yaml Flow), over
// HTTP against the real server: the web app routes by it alone, so each
// step must name where the person is.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assert_flow_read_later} from '../support/flow.mjs';
import {client, sign_in_as} from '../support/server.mjs';
import {
  cookie_in, finish_second_step, lock_with_wrong_codes, pending_sign_in, server_for_test, sign_in_cookie_name, with_app_on,
  wrong_app_code,
} from '../support/two_factor.mjs';

test('password, second_factor, a wrong code, the right code: each answer names its state', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const {company, agent} = server.demo;

  const wrong_password = await client(server.url).post('/api/session', {json: {company, account: agent.account, password: 'nope'}});
  assert.deepEqual(wrong_password.json.flow, {state: 'password'});

  const began = Date.now();
  const {browser, answer} = await pending_sign_in(server, 'agent');
  assert.deepEqual(answer.json.flow, {state: 'second_factor', expires_in: 600, methods: ['app', 'backup_code']});
  const page = await browser.get('/api/session/second-step');
  assert_flow_read_later(page.json.flow, answer.json.flow, began);

  const wrong = await finish_second_step(browser, {code: await wrong_app_code(totp)});
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.json.flow, {state: 'second_factor'});

  const right = await finish_second_step(browser, {code: await totp.next()});
  assert.equal(right.status, 200, right.text);
  assert.deepEqual(right.json.flow, {state: 'signed_in'});
  assert.equal(right.json.home, '/agent/');

  const again = await browser.get('/api/session/second-step');
  assert.equal(again.status, 401);
  assert.deepEqual(again.json.flow, {state: 'password'}, 'the flow is over: start again');
});

test('five wrong codes: the answer that locks says locked; the right password after it is answered as a wrong one', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const {browser} = await pending_sign_in(server, 'agent');
  const locking = await lock_with_wrong_codes(browser, totp);
  assert.deepEqual(locking.json.flow, {state: 'locked'});
  assert.equal(cookie_in(locking, sign_in_cookie_name)?.value, '', 'the flow ends with the lock');

  const later = await sign_in_as(client(server.url), server.demo, 'agent');
  assert.equal(later.status, 401);
  assert.deepEqual(later.json.flow, {state: 'password'});
});

test('a temporary password leads to new_password, and a valid new one to signed_in', async (t) => {
  const server = await server_for_test(t);
  const admin = client(server.url);
  assert.equal((await sign_in_as(admin, server.demo, 'admin')).status, 200);
  const temporary = 'a temporary passphrase';
  const created = await admin.post('/api/admin/users', {json: {
    display_name: 'Dana New', username: 'dana', email: 'dana@demo.example', role: 'agent', language: 'en',
    temporary_password: temporary,
  }});
  assert.equal(created.status, 201, created.text);
  const browser = client(server.url);
  const first = await browser.post('/api/session', {json: {company: server.demo.company, account: 'dana', password: temporary}});
  assert.equal(first.status, 202, first.text);
  assert.deepEqual(first.json.flow, {state: 'new_password', expires_in: 600, methods: ['password']});

  const too_short = await browser.post('/api/session/new-password', {json: {password: 'short'}});
  assert.equal(too_short.status, 400);
  assert.deepEqual(too_short.json.flow, {state: 'new_password'});

  const done = await browser.post('/api/session/new-password', {json: {password: 'a brand new passphrase'}});
  assert.equal(done.status, 200, done.text);
  assert.deepEqual(done.json.flow, {state: 'signed_in'});
});

test('with 2FA required and none set up, the password leads to setup_required', async (t) => {
  const server = await server_for_test(t);
  const admin = client(server.url);
  assert.equal((await sign_in_as(admin, server.demo, 'admin')).status, 200);
  const changed = await admin.request('/api/admin/security', {
    method: 'PUT', json: {lock_mode: 'until_unlocked', require_two_factor: true},
  });
  assert.equal(changed.status, 200, changed.text);

  const agent = await sign_in_as(client(server.url), server.demo, 'agent');
  assert.equal(agent.status, 200, agent.text);
  assert.deepEqual(agent.json.flow, {state: 'setup_required'});
  assert.equal(agent.json.home, '/profile/');
});
