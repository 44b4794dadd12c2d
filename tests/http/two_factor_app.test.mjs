// The authenticator app: setup with a secret the server issues, confirmed and
// used with codes from a real peer (oathtool); a used step never works twice
// and steps outside ±1 are refused (RFC 6238 §5.2).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  appCodes, assertError, assertSignedInAs, finishSecondStep, pendingSignIn, serverForTest, signedInClient,
  signOut, turnOnApp,
} from '../support/two_factor.mjs';
import {currentStep, oathtoolCode, secondsLeftInStep} from '../support/totp.mjs';

// RFC 4648 base32 alphabet; 32 symbols = 160 bits, no padding.
const base32Secret = /^[A-Z2-7]{32}$/;

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...: Google's Key Uri Format.
function parseOtpauthUri(uri) {
  const url = new URL(uri);
  const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const colon = label.indexOf(':');
  return {
    scheme: url.protocol,
    type: url.host,
    labelIssuer: colon < 0 ? null : label.slice(0, colon),
    labelAccount: colon < 0 ? label : label.slice(colon + 1),
    parameters: Object.fromEntries(url.searchParams),
  };
}

test('the app setup issues a 160-bit base32 secret and an otpauth URI that describes it', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'admin');
  const setup = await browser.post('/api/me/two-factor/app');
  assert.equal(setup.status, 200, setup.text);
  const {secret, secret_text: secretText, otpauth_uri: uri, issuer, account} = setup.json;

  assert.match(secret, base32Secret);
  assert.equal(secretText.replace(/ /g, ''), secret, 'the text form is the same secret');
  assert.ok(secretText.split(' ').every((group) => group.length === 4), `groups of 4: ${secretText}`);

  const parsed = parseOtpauthUri(uri);
  assert.equal(parsed.scheme, 'otpauth:');
  assert.equal(parsed.type, 'totp');
  assert.equal(parsed.labelIssuer, issuer);
  assert.equal(parsed.labelAccount, account);
  assert.ok([server.demo.admin.email, server.demo.admin.account].includes(account), `account ${account}`);
  assert.ok(issuer.length > 0);
  assert.deepEqual(parsed.parameters, {secret, issuer, algorithm: 'SHA1', digits: '6', period: '30'});

  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.status, 200, status.text);
  assert.equal(status.json.method, null, 'nothing is on before the confirmation');
  assert.equal(status.json.setup, 'app');

  // A second setup replaces the secret.
  const again = await browser.post('/api/me/two-factor/app');
  assert.equal(again.status, 200, again.text);
  assert.notEqual(again.json.secret, secret);
  browser.close();
});

test('confirmed with oathtool\'s code, the app is on and signing in takes its next code', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'agent');
  const {totp} = await turnOnApp(browser);
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'app');
  assert.equal(status.json.setup, null);
  assert.equal(status.json.backup_codes.total, 10);
  assert.equal(status.json.backup_codes.unused, 10);
  await signOut(browser);

  const {browser: signingIn, answer} = await pendingSignIn(server, 'agent');
  assert.equal(answer.json.second_step.method, 'app');
  assert.equal(answer.json.second_step.attempts_left, 5);
  assert.equal(answer.json.second_step.email_hint, undefined, 'no email hint for app users');
  const finished = await finishSecondStep(signingIn, {code: await totp.next()});
  assert.equal(finished.status, 200, finished.text);
  await assertSignedInAs(signingIn, server, 'agent');
  browser.close();
  signingIn.close();
});

test('a wrong code from the app is refused before a right one is accepted', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'admin');
  const setup = await browser.post('/api/me/two-factor/app');
  const totp = appCodes(setup.json.secret);
  const other = await signedInClient(server, 'agent');
  const otherSecret = (await other.post('/api/me/two-factor/app')).json.secret;
  other.close();
  // The right code for the wrong secret.
  const wrong = await browser.post('/api/me/two-factor/confirm', {json: {code: await oathtoolCode(otherSecret, currentStep())}});
  assertError(wrong, 401, 'code_rejected');
  assert.equal(wrong.json.error.attempts_left, 4);
  const right = await browser.post('/api/me/two-factor/confirm', {json: {code: await totp.next()}});
  assert.equal(right.status, 200, right.text);
  browser.close();
});

test('a TOTP step used once is refused the next time, and a step 2 or more ahead is refused', async (t) => {
  const server = await serverForTest(t);
  const browser = await signedInClient(server, 'admin');
  const {totp, backupCodes} = await turnOnApp(browser);
  await signOut(browser);
  browser.close();

  const first = await pendingSignIn(server, 'admin');
  const code = await totp.next();
  const usedStep = totp.lastStep;
  const accepted = await finishSecondStep(first.browser, {code});
  assert.equal(accepted.status, 200, accepted.text);
  first.browser.close();

  // The same code (the same step) in a new sign-in, still inside the window.
  const replay = await pendingSignIn(server, 'admin');
  const replayed = await finishSecondStep(replay.browser, {code});
  assertError(replayed, 401, 'code_rejected', 'a replayed step');
  assert.equal(replayed.json.error.attempts_left, 4);

  // Two steps ahead of now (three when the step is about to change, so that
  // it is still two ahead when the server looks at it). It is also later
  // than the used step, so only the window refuses it.
  const ahead = currentStep() + (secondsLeftInStep() < 2 ? 3 : 2);
  assert.ok(ahead > usedStep);
  const early = await finishSecondStep(replay.browser, {code: await oathtoolCode(totp.secret, ahead)});
  assertError(early, 401, 'code_rejected', `step ${ahead}, now ${currentStep()}`);
  assert.equal(early.json.error.attempts_left, 3);

  // Refusals used attempts but did not end the pending sign-in.
  const next = await finishSecondStep(replay.browser, {backup_code: backupCodes[0]});
  assert.equal(next.status, 200, next.text);
  await assertSignedInAs(replay.browser, server, 'admin');
  replay.browser.close();
});
