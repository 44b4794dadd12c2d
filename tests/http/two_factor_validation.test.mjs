// Malformed second-step and confirmation bodies are 400 validation_failed
// with the field at fault (and cost no attempt); the two-factor endpoints
// need the CSRF header and a session.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {client} from '../support/server.mjs';
import {
  assertError, finishSecondStep, pendingSignIn, serverForTest, signedInClient, withAppOn,
} from '../support/two_factor.mjs';

function assertInvalid(answer, field, code, why) {
  assertError(answer, 400, 'validation_failed', why);
  const fields = answer.json.error.fields;
  assert.ok(Array.isArray(fields), `${why}: ${answer.text}`);
  assert.ok(fields.some((entry) => entry.field === field && entry.code === code &&
                                   entry.message_key === `validation.${code}`),
            `${why}: expected ${field}/${code} in ${answer.text}`);
}

test('malformed codes at the second step are 400 validation_failed and cost no attempt', async (t) => {
  const server = await serverForTest(t);
  const {backupCodes} = await withAppOn(server, 'agent');
  const {browser} = await pendingSignIn(server, 'agent');

  assertInvalid(await finishSecondStep(browser, {code: 'abcdef'}), 'code', 'not_digits', 'letters');
  assertInvalid(await finishSecondStep(browser, {code: '12345'}), 'code', 'not_six_digits', 'five digits');
  assertInvalid(await finishSecondStep(browser, {code: '1234567'}), 'code', 'not_six_digits', 'seven digits');
  const both = await finishSecondStep(browser, {code: '123456', backup_code: backupCodes[0]});
  assertError(both, 400, 'validation_failed', 'code and backup code');
  assert.ok(both.json.error.fields.some((entry) => entry.code === 'one_code_only'), both.text);
  const neither = await finishSecondStep(browser, {});
  assertError(neither, 400, 'validation_failed', 'neither');
  assert.ok(neither.json.error.fields.length > 0, neither.text);
  assertInvalid(await finishSecondStep(browser, {backup_code: '!!!!'}), 'backup_code', 'invalid_backup_code',
                'not a backup code');

  const pending = await browser.get('/api/session/second-step');
  assert.equal(pending.status, 200, pending.text);
  assert.equal(pending.json.second_step.attempts_left, 5, 'no attempt was used');
  assert.equal((await finishSecondStep(browser, {backup_code: backupCodes[0]})).status, 200);
  browser.close();
});

test('a malformed setup confirmation is 400 validation_failed', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'admin');
  assert.equal((await browser.post('/api/me/two-factor/app')).status, 200);
  assertInvalid(await browser.post('/api/me/two-factor/confirm', {json: {code: '12a456'}}), 'code', 'not_digits',
                'a letter');
  assertInvalid(await browser.post('/api/me/two-factor/confirm', {json: {code: '12345'}}), 'code', 'not_six_digits',
                'five digits');
  assertError(await browser.post('/api/me/two-factor/confirm', {body: '{"code":', headers: {'content-type': 'application/json'}}),
              400, 'malformed_json');
  browser.close();
});

test('confirming with no setup in progress is 409 no_setup_in_progress', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'admin');
  assertError(await browser.post('/api/me/two-factor/confirm', {json: {code: '123456'}}), 409, 'no_setup_in_progress');
  browser.close();
});

test('state-changing two-factor requests without the CSRF header are 403 csrf_failed', async (t) => {
  const server = await serverForTest(t);
  const {totp} = await withAppOn(server, 'admin');
  const {browser} = await pendingSignIn(server, 'admin');
  assertError(await browser.post('/api/session/second-step', {json: {code: await totp.next()}, csrf: false}),
              403, 'csrf_failed', 'second step');
  assertError(await browser.delete('/api/session/second-step', {csrf: false}), 403, 'csrf_failed', 'cancel');
  assertError(await browser.post('/api/session/second-step/resend', {csrf: false}), 403, 'csrf_failed', 'resend');
  assert.equal((await browser.get('/api/session/second-step')).status, 200, 'the pending sign-in is untouched');

  const agent = await signedInClient(server, 'agent');
  for (const [method, target] of [
    ['POST', '/api/me/two-factor/email'], ['POST', '/api/me/two-factor/app'], ['POST', '/api/me/two-factor/confirm'],
    ['DELETE', '/api/me/two-factor'], ['POST', '/api/me/backup-codes'], ['POST', '/api/me/backup-codes/download'],
  ]) {
    // No body on the DELETE: node's client would send it without a length.
    const json = method === 'DELETE' ? undefined : {};
    assertError(await agent.request(target, {method, json, csrf: false}), 403, 'csrf_failed', `${method} ${target}`);
  }
  const status = await agent.get('/api/me/two-factor');
  assert.equal(status.json.setup, null, 'no setup was started');
  browser.close();
  agent.close();
});

test('the two-factor endpoints need a session: 401 not_signed_in', async (t) => {
  const server = await serverForTest(t);
  const stranger = client(server.url);
  for (const [method, target] of [
    ['GET', '/api/me/two-factor'], ['DELETE', '/api/me/two-factor'], ['POST', '/api/me/two-factor/email'],
    ['POST', '/api/me/two-factor/app'], ['POST', '/api/me/two-factor/confirm'], ['GET', '/api/me/backup-codes'],
    ['POST', '/api/me/backup-codes'], ['POST', '/api/me/backup-codes/download'],
  ]) {
    const json = method === 'GET' ? undefined : (target.endsWith('confirm') ? {code: '123456'} : undefined);
    assertError(await stranger.request(target, {method, json}), 401, 'not_signed_in', `${method} ${target}`);
  }
  assertError(await stranger.get('/api/session/second-step'), 401, 'second_step_expired', 'no pending sign-in');
  assertError(await stranger.post('/api/session/second-step', {json: {code: '123456'}}), 401, 'second_step_expired');
  stranger.close();
});
