// Someone who knows the password cannot start sign-ins without end, each
// mailing a code: ten pending sign-ins and codes per account per hour, then
// the throttle's answer. A wrong password never reaches the limit, so it
// answers as ever and the limit tells nothing about a password.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {client} from '../support/server.mjs';
import {
  assert_error, audit_events, pending_sign_in, server_for_test, with_email_on,
} from '../support/two_factor.mjs';

const sends_per_hour = 10;  // two_factor/code_send_limit.hpp

test('the right password leaves at most ten sign-ins waiting an hour, each mailing a code; then 429 with Retry-After', async (t) => {
  const server = await server_for_test(t);
  const inbox = outbox_of(server);
  const {user} = await with_email_on(server, 'agent', inbox);

  for (let i = 0; i < sends_per_hour; ++i) {
    const {browser, answer} = await pending_sign_in(server, 'agent');
    assert.equal(answer.status, 202, answer.text);
    browser.close();
  }
  const visitor = client(server.url);
  const sign_in = (password) => visitor.post('/api/session', {json: {company: server.demo.company, account: user.account, password}});
  for (let i = 0; i < 5; ++i) {
    const capped = await sign_in(user.password);
    assert_error(capped, 429, 'too_many_attempts', 'the right password beyond the limit');
    const retry_after = Number(capped.headers['retry-after']);
    assert.ok(Number.isInteger(retry_after) && retry_after > 0 && retry_after <= 3600, capped.text);
  }
  // A wrong password is answered as it always is: the limit is behind the password.
  const wrong = await sign_in(`${user.password}x`);
  assert_error(wrong, 401, 'sign_in_failed');
  visitor.close();

  assert.equal((await audit_events(server, 'second_step.code_sent')).length, sends_per_hour, 'one code mail per sign-in let through');
  const [{waiting}] = await server.rows('SELECT count(*) AS waiting FROM sign_in_flows');
  assert.equal(waiting, sends_per_hour, 'no pending sign-in beyond the limit');
});
