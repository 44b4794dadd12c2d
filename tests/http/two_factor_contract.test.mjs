// Every two-factor answer the server gives along the usual paths is the one
// docs/openapi.yaml documents: status, body schema, headers.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of, six_digit_code} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {client} from '../support/server.mjs';
import {code_of_none_of, current_step} from '../support/totp.mjs';
import {app_codes, pending_sign_in, server_for_test, signed_in_client, sign_out} from '../support/two_factor.mjs';

// Sends the request and checks the answer against the document; `status` is
// the one this step must produce.
async function documented(browser, method, route, status, options = {}) {
  const answer = await browser.request(route, {...options, method});
  assert.equal(answer.status, status, `${method} ${route}: ${answer.text}`);
  assert_documented(answer, method, route);
  return answer;
}

test('the authenticator app path answers as documented', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  await documented(browser, 'GET', '/api/me/two-factor', 200);
  const setup = await documented(browser, 'POST', '/api/me/two-factor/app', 200);
  const totp = app_codes(setup.json.secret);
  const now = current_step();
  const wrong_code = await code_of_none_of(totp.secret, [now - 1, now, now + 1, now + 2]);
  await documented(browser, 'GET', '/api/me/two-factor', 200);
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 401, {json: {code: wrong_code}});
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 200, {json: {code: await totp.next()}});
  await documented(browser, 'POST', '/api/me/two-factor/app', 409);
  await documented(browser, 'POST', '/api/me/two-factor/email', 409);
  await documented(browser, 'GET', '/api/me/two-factor', 200);
  await documented(browser, 'GET', '/api/me/backup-codes', 200);
  await documented(browser, 'POST', '/api/me/backup-codes/download', 204);
  await documented(browser, 'POST', '/api/me/backup-codes', 200);
  await sign_out(browser);
  browser.close();

  const {browser: signing_in, answer} = await pending_sign_in(server, 'admin');
  assert_documented(answer, 'POST', '/api/session');
  await documented(signing_in, 'GET', '/api/session/second-step', 200);
  await documented(signing_in, 'POST', '/api/session/second-step/resend', 409);
  await documented(signing_in, 'POST', '/api/session/second-step', 401, {json: {code: wrong_code}});
  await documented(signing_in, 'POST', '/api/session/second-step', 400, {json: {code: '12345'}});
  await documented(signing_in, 'POST', '/api/session/second-step', 200, {json: {code: await totp.next()}});
  await documented(signing_in, 'DELETE', '/api/me/two-factor', 204);
  await documented(signing_in, 'DELETE', '/api/me/two-factor', 409);
  await documented(signing_in, 'GET', '/api/me/backup-codes', 409);
  await documented(signing_in, 'POST', '/api/me/backup-codes', 409);
  await documented(signing_in, 'POST', '/api/me/backup-codes/download', 409);
  await documented(signing_in, 'POST', '/api/me/two-factor/confirm', 409, {json: {code: '123456'}});
  signing_in.close();
});

test('the email path answers as documented', async (t) => {
  const server = await server_for_test(t);
  const inbox = outbox_of(server);
  const user = server.demo.agent;
  const browser = await signed_in_client(server, 'agent');
  await documented(browser, 'POST', '/api/me/two-factor/email', 200);
  await documented(browser, 'POST', '/api/me/two-factor/email', 429);
  const code = six_digit_code((await inbox.next({to: user.email})).text);
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 400, {json: {code: 'abcdef'}});
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 200, {json: {code}});
  await sign_out(browser);
  browser.close();

  const {browser: signing_in, answer} = await pending_sign_in(server, 'agent');
  assert_documented(answer, 'POST', '/api/session');
  await documented(signing_in, 'GET', '/api/session/second-step', 200);
  await documented(signing_in, 'POST', '/api/session/second-step/resend', 429);
  await documented(signing_in, 'POST', '/api/session/second-step', 400, {json: {code: '123456', backup_code: 'x'}});
  await documented(signing_in, 'DELETE', '/api/session/second-step', 200);
  await documented(signing_in, 'DELETE', '/api/session/second-step', 200);
  await documented(signing_in, 'GET', '/api/session/second-step', 401);
  await documented(signing_in, 'POST', '/api/session/second-step', 401, {json: {code: '123456'}});
  await documented(signing_in, 'POST', '/api/session/second-step/resend', 401);
  signing_in.close();
});

test('refusals without a session or the CSRF header answer as documented', async (t) => {
  const server = await server_for_test(t);
  const stranger = client(server.url);
  await documented(stranger, 'GET', '/api/me/two-factor', 401);
  await documented(stranger, 'DELETE', '/api/me/two-factor', 401);
  await documented(stranger, 'POST', '/api/me/two-factor/email', 401);
  await documented(stranger, 'POST', '/api/me/two-factor/app', 401);
  await documented(stranger, 'POST', '/api/me/two-factor/confirm', 401, {json: {code: '123456'}});
  await documented(stranger, 'GET', '/api/me/backup-codes', 401);
  await documented(stranger, 'POST', '/api/me/backup-codes', 401);
  await documented(stranger, 'POST', '/api/me/backup-codes/download', 401);
  stranger.close();

  const browser = await signed_in_client(server, 'agent');
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 409, {json: {code: '123456'}});
  for (const [method, route] of [
    ['POST', '/api/me/two-factor/email'], ['POST', '/api/me/two-factor/app'], ['POST', '/api/me/two-factor/confirm'],
    ['DELETE', '/api/me/two-factor'], ['POST', '/api/me/backup-codes'], ['POST', '/api/me/backup-codes/download'],
    ['POST', '/api/session/second-step'], ['DELETE', '/api/session/second-step'],
    ['POST', '/api/session/second-step/resend'],
  ]) {
    await documented(browser, method, route, 403, {csrf: false});
  }
  browser.close();
});
