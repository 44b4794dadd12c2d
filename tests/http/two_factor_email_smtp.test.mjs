// Email codes end to end through a real SMTP server (aiosmtpd on loopback):
// setup, the code mail, sign-in in two steps, and what the mail looks like.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {addressesIn, sixDigitCode} from '../support/mail.mjs';
import {startSmtpSink} from '../support/smtp_sink.mjs';
import {
  assertError, catalogText, clears, cookieIn, finishSecondStep, pendingSignIn, signInCookieName, serverForTest,
  sessionCookieName, signedInClient, signOut,
} from '../support/two_factor.mjs';

// The demo users have no language of their own: the company's, English.
const userLanguage = 'en';
// A browser asking for another language must not change the mail's.
const browserLanguage = {'accept-language': 'zh-CN'};

async function smtpServer(t) {
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const server = await serverForTest(t, {args: ['--mail-transport', 'smtp', '--smtp-url', sink.url]});
  return {sink, server};
}

function assertCodeMail(mail, user, subjectKey) {
  assert.deepEqual(addressesIn(mail.to), [user.email.toLowerCase()], `To: ${mail.to}`);
  assert.deepEqual(mail.envelope.rcpt_tos.map((address) => address.toLowerCase()), [user.email.toLowerCase()]);
  assert.equal(mail.contentType, 'multipart/alternative');
  assert.equal(mail.subject, catalogText(userLanguage, subjectKey));
  assert.notEqual(mail.subject, catalogText('zh-CN', subjectKey));
  assert.ok(mail.text !== null, 'a text/plain part');
  assert.ok(mail.html !== null, 'a text/html part');
  const code = sixDigitCode(mail.text);
  assert.equal(sixDigitCode(mail.html), code, 'the HTML part shows the same code');
  assert.ok(mail.text.includes(catalogText(userLanguage, 'mail.code.expires', {minutes: 10})), mail.text);
  return code;
}

test('email codes: setup and sign-in through a real SMTP server', async (t) => {
  const {sink, server} = await smtpServer(t);
  const user = server.demo.admin;

  // Setup: a code by SMTP, confirmed, 10 backup codes.
  const browser = await signedInClient(server, 'admin');
  const setup = await browser.post('/api/me/two-factor/email', {headers: browserLanguage});
  assert.equal(setup.status, 200, setup.text);
  assert.ok(setup.json.resend_in > 0 && setup.json.resend_in <= 60, setup.text);
  assert.ok(setup.json.expires_in > 590 && setup.json.expires_in <= 600, 'codes live 10 minutes');
  assert.ok(setup.json.email_hint.endsWith(user.email.slice(user.email.indexOf('@'))), setup.json.email_hint);
  assert.notEqual(setup.json.email_hint, user.email, 'the hint hides part of the address');
  const setupMail = await sink.inbox.next({to: user.email});
  const setupCode = assertCodeMail(setupMail, user, 'mail.setup_code.subject');
  assert.ok(setupMail.text.includes(catalogText(userLanguage, 'mail.setup_code.body', {company: server.demo.company})),
            setupMail.text);

  const confirmed = await browser.post('/api/me/two-factor/confirm', {json: {code: setupCode}});
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.json.method, 'email');
  assert.equal(confirmed.json.backup_codes.codes.length, 10);
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'email');
  await signOut(browser);
  browser.close();

  // Sign-in: 202, and the code is mailed without being asked for.
  const {browser: signingIn, answer} = await pendingSignIn(server, 'admin', {headers: browserLanguage});
  assert.equal(answer.json.second_step.method, 'email');
  assert.equal(answer.json.second_step.attempts_left, 5);
  assert.ok(answer.json.second_step.expires_in > 0 && answer.json.second_step.expires_in <= 600);
  const pendingCookie = cookieIn(answer, signInCookieName);
  assert.equal(pendingCookie.attributes.httponly, true);
  assert.equal(pendingCookie.attributes.samesite, 'Strict');
  assert.equal(pendingCookie.attributes.path, '/');
  assert.equal(pendingCookie.attributes['max-age'], '600');

  const signInMail = await sink.inbox.next({to: user.email});
  const code = assertCodeMail(signInMail, user, 'mail.sign_in_code.subject');
  assert.notEqual(signInMail.messageId, setupMail.messageId);

  const wrongCode = code === '000000' ? '000001' : '000000';
  const wrong = await finishSecondStep(signingIn, {code: wrongCode});
  assertError(wrong, 401, 'code_rejected');
  assert.equal(wrong.json.error.attempts_left, 4);
  assert.equal((await signingIn.get('/api/me')).status, 401, 'a wrong code signs nobody in');

  const right = await finishSecondStep(signingIn, {code});
  assert.equal(right.status, 200, right.text);
  assert.equal(right.json.user.username, user.account);
  assert.match(cookieIn(right, sessionCookieName)?.value ?? '', /^[A-Za-z0-9_-]{43}$/, 'a session cookie');
  assert.ok(clears(cookieIn(right, signInCookieName)), 'the second-step cookie is cleared');
  const me = await signingIn.get('/api/me');
  assert.equal(me.status, 200, me.text);
  const {flow, ...signedIn} = right.json;
  assert.deepEqual(flow, {state: 'signed_in'});
  assert.deepEqual(me.json, signedIn);

  // The code worked once: the pending sign-in is over.
  const pendingAgain = await signingIn.post('/api/session/second-step', {
    json: {code}, headers: {cookie: `${signInCookieName}=${pendingCookie.value}`},
  });
  assertError(pendingAgain, 401, 'second_step_expired');
  signingIn.close();
});
