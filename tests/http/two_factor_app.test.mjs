// The authenticator app: setup with a secret the server issues, confirmed and
// used with codes from a real peer (oathtool); a used step never works twice
// and steps outside ±1 are refused (RFC 6238 §5.2).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  app_codes, assert_error, assert_signed_in_as, finish_second_step, pending_sign_in, server_for_test, signed_in_client,
  sign_out, turn_on_app,
} from '../support/two_factor.mjs';
import {current_step, oathtool_code, seconds_left_in_step} from '../support/totp.mjs';

// RFC 4648 base32 alphabet; 32 symbols = 160 bits, no padding.
const base32_secret = /^[A-Z2-7]{32}$/;

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...: Google's Key Uri Format.
function parse_otpauth_uri(uri) {
  const url = new URL(uri);
  const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const colon = label.indexOf(':');
  return {
    scheme: url.protocol,
    type: url.host,
    label_issuer: colon < 0 ? null : label.slice(0, colon),
    label_account: colon < 0 ? label : label.slice(colon + 1),
    parameters: Object.fromEntries(url.searchParams),
  };
}

test('the app setup issues a 160-bit base32 secret and an otpauth URI that describes it', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  const setup = await browser.post('/api/me/two-factor/app');
  assert.equal(setup.status, 200, setup.text);
  const {secret, secret_text, otpauth_uri: uri, issuer, account} = setup.json;

  assert.match(secret, base32_secret);
  assert.equal(secret_text.replace(/ /g, ''), secret, 'the text form is the same secret');
  assert.ok(secret_text.split(' ').every((group) => group.length === 4), `groups of 4: ${secret_text}`);

  const parsed = parse_otpauth_uri(uri);
  assert.equal(parsed.scheme, 'otpauth:');
  assert.equal(parsed.type, 'totp');
  assert.equal(parsed.label_issuer, issuer);
  assert.equal(parsed.label_account, account);
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
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'agent');
  const {totp} = await turn_on_app(browser);
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'app');
  assert.equal(status.json.setup, null);
  assert.equal(status.json.backup_codes.total, 10);
  assert.equal(status.json.backup_codes.unused, 10);
  await sign_out(browser);

  const {browser: signing_in, answer} = await pending_sign_in(server, 'agent');
  assert.equal(answer.json.second_step.method, 'app');
  assert.equal(answer.json.second_step.attempts_left, 5);
  assert.equal(answer.json.second_step.email_hint, undefined, 'no email hint for app users');
  const finished = await finish_second_step(signing_in, {code: await totp.next()});
  assert.equal(finished.status, 200, finished.text);
  await assert_signed_in_as(signing_in, server, 'agent');
  browser.close();
  signing_in.close();
});

test('a wrong code from the app is refused before a right one is accepted', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  const setup = await browser.post('/api/me/two-factor/app');
  const totp = app_codes(setup.json.secret);
  const other = await signed_in_client(server, 'agent');
  const other_secret = (await other.post('/api/me/two-factor/app')).json.secret;
  other.close();
  // The right code for the wrong secret.
  const wrong = await browser.post('/api/me/two-factor/confirm', {json: {code: await oathtool_code(other_secret, current_step())}});
  assert_error(wrong, 401, 'code_rejected');
  assert.equal(wrong.json.error.attempts_left, 4);
  const right = await browser.post('/api/me/two-factor/confirm', {json: {code: await totp.next()}});
  assert.equal(right.status, 200, right.text);
  browser.close();
});

test('a TOTP step used once is refused the next time, and a step 2 or more ahead is refused', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'admin');
  const {totp, backup_codes} = await turn_on_app(browser);
  await sign_out(browser);
  browser.close();

  const first = await pending_sign_in(server, 'admin');
  const code = await totp.next();
  const used_step = totp.last_step;
  const accepted = await finish_second_step(first.browser, {code});
  assert.equal(accepted.status, 200, accepted.text);
  first.browser.close();

  // The same code (the same step) in a new sign-in, still inside the window.
  const replay = await pending_sign_in(server, 'admin');
  const replayed = await finish_second_step(replay.browser, {code});
  assert_error(replayed, 401, 'code_rejected', 'a replayed step');
  assert.equal(replayed.json.error.attempts_left, 4);

  // Two steps ahead of now (three when the step is about to change, so that
  // it is still two ahead when the server looks at it). It is also later
  // than the used step, so only the window refuses it.
  const ahead = current_step() + (seconds_left_in_step() < 2 ? 3 : 2);
  assert.ok(ahead > used_step);
  const early = await finish_second_step(replay.browser, {code: await oathtool_code(totp.secret, ahead)});
  assert_error(early, 401, 'code_rejected', `step ${ahead}, now ${current_step()}`);
  assert.equal(early.json.error.attempts_left, 3);

  // Refusals used attempts but did not end the pending sign-in.
  const next = await finish_second_step(replay.browser, {backup_code: backup_codes[0]});
  assert.equal(next.status, 200, next.text);
  await assert_signed_in_as(replay.browser, server, 'admin');
  replay.browser.close();
});
