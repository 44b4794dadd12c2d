// Only one two-factor method at a time: while one is on, the server refuses
// to set up the other.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {assert_error, server_for_test, signed_in_client, turn_on_app, turn_on_email} from '../support/two_factor.mjs';

test('with email codes on, the app setup is refused with 409 two_factor_already_on', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'agent');
  await turn_on_email(browser, outbox_of(server), server.demo.agent);
  assert_error(await browser.post('/api/me/two-factor/app'), 409, 'two_factor_already_on');
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'email');
  assert.equal(status.json.setup, null, 'no app setup was started');
  browser.close();
});

test('with the app on, the email setup is refused with 409 two_factor_already_on', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  await turn_on_app(browser);
  assert_error(await browser.post('/api/me/two-factor/email'), 409, 'two_factor_already_on');
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'app');
  assert.equal(status.json.setup, null, 'no email setup was started');
  browser.close();
});

test('a method that is on cannot be set up again either', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  await turn_on_app(browser);
  assert_error(await browser.post('/api/me/two-factor/app'), 409, 'two_factor_already_on');
  browser.close();
});
