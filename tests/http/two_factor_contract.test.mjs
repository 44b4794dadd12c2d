// Every two-factor answer the server gives along the usual paths is the one
// docs/openapi.yaml documents: status, body schema, headers.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf, sixDigitCode} from '../support/mail.mjs';
import {assertDocumented} from '../support/openapi_schema.mjs';
import {client} from '../support/server.mjs';
import {codeOfNoneOf, currentStep} from '../support/totp.mjs';
import {appCodes, pendingSignIn, serverForTest, signedInClient, signOut} from '../support/two_factor.mjs';

// Sends the request and checks the answer against the document; `status` is
// the one this step must produce.
async function documented(browser, method, route, status, options = {}) {
  const answer = await browser.request(route, {...options, method});
  assert.equal(answer.status, status, `${method} ${route}: ${answer.text}`);
  assertDocumented(answer, method, route);
  return answer;
}

test('the authenticator app path answers as documented', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'admin');
  await documented(browser, 'GET', '/api/me/two-factor', 200);
  const setup = await documented(browser, 'POST', '/api/me/two-factor/app', 200);
  const totp = appCodes(setup.json.secret);
  const now = currentStep();
  const wrongCode = await codeOfNoneOf(totp.secret, [now - 1, now, now + 1, now + 2]);
  await documented(browser, 'GET', '/api/me/two-factor', 200);
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 401, {json: {code: wrongCode}});
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 200, {json: {code: await totp.next()}});
  await documented(browser, 'POST', '/api/me/two-factor/app', 409);
  await documented(browser, 'POST', '/api/me/two-factor/email', 409);
  await documented(browser, 'GET', '/api/me/two-factor', 200);
  await documented(browser, 'GET', '/api/me/backup-codes', 200);
  await documented(browser, 'POST', '/api/me/backup-codes/download', 204);
  await documented(browser, 'POST', '/api/me/backup-codes', 200);
  await signOut(browser);
  browser.close();

  const {browser: signingIn, answer} = await pendingSignIn(server, 'admin');
  assertDocumented(answer, 'POST', '/api/session');
  await documented(signingIn, 'GET', '/api/session/second-step', 200);
  await documented(signingIn, 'POST', '/api/session/second-step/resend', 409);
  await documented(signingIn, 'POST', '/api/session/second-step', 401, {json: {code: wrongCode}});
  await documented(signingIn, 'POST', '/api/session/second-step', 400, {json: {code: '12345'}});
  await documented(signingIn, 'POST', '/api/session/second-step', 200, {json: {code: await totp.next()}});
  await documented(signingIn, 'DELETE', '/api/me/two-factor', 204);
  await documented(signingIn, 'DELETE', '/api/me/two-factor', 409);
  await documented(signingIn, 'GET', '/api/me/backup-codes', 409);
  await documented(signingIn, 'POST', '/api/me/backup-codes', 409);
  await documented(signingIn, 'POST', '/api/me/backup-codes/download', 409);
  await documented(signingIn, 'POST', '/api/me/two-factor/confirm', 409, {json: {code: '123456'}});
  signingIn.close();
});

test('the email path answers as documented', async (t) => {
  const server = await serverForTest(t);
  const inbox = outboxOf(server);
  const user = server.demo.agent;
  const browser = await signedInClient(server, 'agent');
  await documented(browser, 'POST', '/api/me/two-factor/email', 200);
  await documented(browser, 'POST', '/api/me/two-factor/email', 429);
  const code = sixDigitCode((await inbox.next({to: user.email})).text);
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 400, {json: {code: 'abcdef'}});
  await documented(browser, 'POST', '/api/me/two-factor/confirm', 200, {json: {code}});
  await signOut(browser);
  browser.close();

  const {browser: signingIn, answer} = await pendingSignIn(server, 'agent');
  assertDocumented(answer, 'POST', '/api/session');
  await documented(signingIn, 'GET', '/api/session/second-step', 200);
  await documented(signingIn, 'POST', '/api/session/second-step/resend', 429);
  await documented(signingIn, 'POST', '/api/session/second-step', 400, {json: {code: '123456', backup_code: 'x'}});
  await documented(signingIn, 'DELETE', '/api/session/second-step', 204);
  await documented(signingIn, 'DELETE', '/api/session/second-step', 204);
  await documented(signingIn, 'GET', '/api/session/second-step', 401);
  await documented(signingIn, 'POST', '/api/session/second-step', 401, {json: {code: '123456'}});
  await documented(signingIn, 'POST', '/api/session/second-step/resend', 401);
  signingIn.close();
});

test('refusals without a session or the CSRF header answer as documented', async (t) => {
  const server = await serverForTest(t);
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

  const browser = await signedInClient(server, 'agent');
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
