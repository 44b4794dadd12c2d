// Turning two-factor authentication off: allowed without the password right
// after signing in, checked against the password when one is sent; it
// deletes the method and its backup codes, and the user is told by email.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf, sixDigitCode} from '../support/mail.mjs';
import {
  assertError, assertSignedInAs, catalogText, finishSecondStep, pendingSignIn, serverForTest,
  signedInClient, signOut, withAppOn, withEmailOn,
} from '../support/two_factor.mjs';

const turnedOffSubject = catalogText('en', 'mail.two_factor_off.subject');

async function assertOff(browser) {
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.status, 200, status.text);
  assert.equal(status.json.method, null, status.text);
  assert.equal(status.json.backup_codes ?? null, null, 'the backup codes are gone');
  assertError(await browser.get('/api/me/backup-codes'), 409, 'two_factor_off', 'backup codes after turning off');
}

async function assertOneStepSignIn(server, role) {
  const browser = await signedInClient(server, role);
  await assertSignedInAs(browser, server, role);
  browser.close();
}

function assertTurnedOffMail(mail, server, role) {
  const {company} = server.demo;
  assert.equal(mail.subject, turnedOffSubject);
  assert.ok(mail.text.includes(server.demo[role].account) || mail.text.includes(server.demo[role].email), mail.text);
  assert.ok(mail.text.includes(company), mail.text);
  assert.ok(mail.html !== null, 'an HTML part');
}

test('right after signing in with a TOTP code, 2FA turns off without the password', async (t) => {
  const server = await serverForTest(t);
  const inbox = outboxOf(server);
  const {user, totp} = await withAppOn(server, 'agent');
  const {browser} = await pendingSignIn(server, 'agent');
  assert.equal((await finishSecondStep(browser, {code: await totp.next()})).status, 200);

  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.step_up_required, false, 'a recent sign-in needs no password');
  const off = await browser.delete('/api/me/two-factor');
  assert.equal(off.status, 204, off.text);
  await assertOff(browser);
  assertError(await browser.delete('/api/me/two-factor'), 409, 'two_factor_off', 'turning off twice');
  await signOut(browser);
  browser.close();

  await assertOneStepSignIn(server, 'agent');
  assertTurnedOffMail(await inbox.next({to: user.email, subject: turnedOffSubject}), server, 'agent');
});

test('with a password sent, a wrong one is 401 password_rejected and the right one turns 2FA off', async (t) => {
  const server = await serverForTest(t);
  const inbox = outboxOf(server);
  const {user} = await withEmailOn(server, 'admin', inbox);
  const {browser} = await pendingSignIn(server, 'admin');
  const code = sixDigitCode((await inbox.next({to: user.email})).text);
  assert.equal((await finishSecondStep(browser, {code})).status, 200);

  const wrong = await browser.delete('/api/me/two-factor', {json: {password: `${user.password}x`}});
  assertError(wrong, 401, 'password_rejected');
  const still = await browser.get('/api/me/two-factor');
  assert.equal(still.json.method, 'email', 'a rejected password changes nothing');
  assert.equal((await browser.get('/api/me')).status, 200, 'a wrong password does not end the session');

  const right = await browser.delete('/api/me/two-factor', {json: {password: user.password}});
  assert.equal(right.status, 204, right.text);
  await assertOff(browser);
  await signOut(browser);
  browser.close();

  await assertOneStepSignIn(server, 'admin');
  assertTurnedOffMail(await inbox.next({to: user.email, subject: turnedOffSubject}), server, 'admin');
});

test('turning off needs a session and the CSRF header', async (t) => {
  const server = await serverForTest(t);
  const {totp} = await withAppOn(server, 'admin');
  const {browser} = await pendingSignIn(server, 'admin');
  assertError(await browser.delete('/api/me/two-factor'), 401, 'not_signed_in', 'a pending sign-in is no session');
  assert.equal((await finishSecondStep(browser, {code: await totp.next()})).status, 200);
  assertError(await browser.delete('/api/me/two-factor', {csrf: false}), 403, 'csrf_failed');
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'app', 'still on');
  browser.close();
});

test('once the step-up window has passed, turning off and new backup codes need the password', async (t) => {
  const server = await serverForTest(t, {args: ['--step-up-window', '0']});
  const {user, totp} = await withAppOn(server, 'agent');
  const {browser} = await pendingSignIn(server, 'agent');
  assert.equal((await finishSecondStep(browser, {code: await totp.next()})).status, 200);

  assert.equal((await browser.get('/api/me/two-factor')).json.step_up_required, true);
  assertError(await browser.delete('/api/me/two-factor'), 403, 'step_up_required', 'turning off without a password');
  assertError(await browser.post('/api/me/backup-codes'), 403, 'step_up_required', 'new codes without a password');
  const renewed = await browser.post('/api/me/backup-codes', {json: {password: user.password}});
  assert.equal(renewed.status, 200, renewed.text);
  const off = await browser.delete('/api/me/two-factor', {json: {password: user.password}});
  assert.equal(off.status, 204, off.text);
  await assertOff(browser);
  browser.close();
});
