// Malformed second-step and confirmation bodies are 400 validation_failed
// with the field at fault (and cost no attempt); the two-factor endpoints
// need the CSRF header and a session.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {client} from '../support/server.mjs';
import {
  assert_error, finish_second_step, pending_sign_in, server_for_test, signed_in_client, with_app_on,
} from '../support/two_factor.mjs';

function assert_invalid(answer, field, code, why) {
  assert_error(answer, 400, 'validation_failed', why);
  const fields = answer.json.error.fields;
  assert.ok(Array.isArray(fields), `${why}: ${answer.text}`);
  assert.ok(fields.some((entry) => entry.field === field && entry.code === code &&
                                   entry.message_key === `validation.${code}`),
            `${why}: expected ${field}/${code} in ${answer.text}`);
}

test('malformed codes at the second step are 400 validation_failed and cost no attempt', async (t) => {
  const server = await server_for_test(t);
  const {backup_codes} = await with_app_on(server, 'agent');
  const {browser} = await pending_sign_in(server, 'agent');

  assert_invalid(await finish_second_step(browser, {code: 'abcdef'}), 'code', 'not_digits', 'letters');
  assert_invalid(await finish_second_step(browser, {code: '12345'}), 'code', 'not_six_digits', 'five digits');
  assert_invalid(await finish_second_step(browser, {code: '1234567'}), 'code', 'not_six_digits', 'seven digits');
  const both = await finish_second_step(browser, {code: '123456', backup_code: backup_codes[0]});
  assert_error(both, 400, 'validation_failed', 'code and backup code');
  assert.ok(both.json.error.fields.some((entry) => entry.code === 'one_code_only'), both.text);
  const neither = await finish_second_step(browser, {});
  assert_error(neither, 400, 'validation_failed', 'neither');
  assert.ok(neither.json.error.fields.length > 0, neither.text);
  assert_invalid(await finish_second_step(browser, {backup_code: '!!!!'}), 'backup_code', 'invalid_backup_code',
                'not a backup code');

  const pending = await browser.get('/api/session/second-step');
  assert.equal(pending.status, 200, pending.text);
  assert.equal(pending.json.second_step.attempts_left, 5, 'no attempt was used');
  assert.equal((await finish_second_step(browser, {backup_code: backup_codes[0]})).status, 200);
  browser.close();
});

test('a malformed setup confirmation is 400 validation_failed', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  assert.equal((await browser.post('/api/me/two-factor/app')).status, 200);
  assert_invalid(await browser.post('/api/me/two-factor/confirm', {json: {code: '12a456'}}), 'code', 'not_digits',
                'a letter');
  assert_invalid(await browser.post('/api/me/two-factor/confirm', {json: {code: '12345'}}), 'code', 'not_six_digits',
                'five digits');
  assert_error(await browser.post('/api/me/two-factor/confirm', {body: '{"code":', headers: {'content-type': 'application/json'}}),
              400, 'malformed_json');
  browser.close();
});

test('confirming with no setup in progress is 409 no_setup_in_progress', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  assert_error(await browser.post('/api/me/two-factor/confirm', {json: {code: '123456'}}), 409, 'no_setup_in_progress');
  browser.close();
});

test('state-changing two-factor requests without the CSRF header are 403 csrf_failed', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'admin');
  const {browser} = await pending_sign_in(server, 'admin');
  assert_error(await browser.post('/api/session/second-step', {json: {code: await totp.next()}, csrf: false}),
              403, 'csrf_failed', 'second step');
  assert_error(await browser.delete('/api/session/second-step', {csrf: false}), 403, 'csrf_failed', 'cancel');
  assert_error(await browser.post('/api/session/second-step/resend', {csrf: false}), 403, 'csrf_failed', 'resend');
  assert.equal((await browser.get('/api/session/second-step')).status, 200, 'the pending sign-in is untouched');

  const agent = await signed_in_client(server, 'agent');
  for (const [method, target] of [
    ['POST', '/api/me/two-factor/email'], ['POST', '/api/me/two-factor/app'], ['POST', '/api/me/two-factor/confirm'],
    ['DELETE', '/api/me/two-factor'], ['POST', '/api/me/backup-codes'], ['POST', '/api/me/backup-codes/download'],
  ]) {
    // No body on the DELETE: node's client would send it without a length.
    const json = method === 'DELETE' ? undefined : {};
    assert_error(await agent.request(target, {method, json, csrf: false}), 403, 'csrf_failed', `${method} ${target}`);
  }
  const status = await agent.get('/api/me/two-factor');
  assert.equal(status.json.setup, null, 'no setup was started');
  browser.close();
  agent.close();
});

test('the two-factor endpoints need a session: 401 not_signed_in', async (t) => {
  const server = await server_for_test(t);
  const stranger = client(server.url);
  for (const [method, target] of [
    ['GET', '/api/me/two-factor'], ['DELETE', '/api/me/two-factor'], ['POST', '/api/me/two-factor/email'],
    ['POST', '/api/me/two-factor/app'], ['POST', '/api/me/two-factor/confirm'], ['GET', '/api/me/backup-codes'],
    ['POST', '/api/me/backup-codes'], ['POST', '/api/me/backup-codes/download'],
  ]) {
    const json = method === 'GET' ? undefined : (target.endsWith('confirm') ? {code: '123456'} : undefined);
    assert_error(await stranger.request(target, {method, json}), 401, 'not_signed_in', `${method} ${target}`);
  }
  assert_error(await stranger.get('/api/session/second-step'), 401, 'second_step_expired', 'no pending sign-in');
  assert_error(await stranger.post('/api/session/second-step', {json: {code: '123456'}}), 401, 'second_step_expired');
  stranger.close();
});
