// The first sign-in of an external identity nobody is linked to: the bind
// step (GET/POST/DELETE /api/session/bind) asks for the Twofold account and
// its password, then the second factor when the account has one; only a
// finished sign-in links. Wrong passwords are the sign-in's: one throttle,
// one code lockout, one answer for every failure.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outboxOf} from '../support/mail.mjs';
import {addOtherCompany} from '../support/people.mjs';
import {
  ann, assertRedirectedTo, ben, failureReasons, linkedIdentities, linkOf, ssoSignIn, ssoWithGoogle,
} from '../support/sso.mjs';
import {
  assertError, auditEvents, clears, cookieIn, finishSecondStep, listedUserId, lockWithWrongCodes, maxCodeFailures,
  pendingSignIn, sessionCookieName, signInCookieName, withAppOn, wrongAppCode,
} from '../support/two_factor.mjs';

const bindFlow = {state: 'bind', expires_in: 600, methods: ['password']};

// A browser whose SSO sign-in as `login` arrived at /bind/.
async function atBind(world, login) {
  const browser = world.browser();
  const answer = await ssoSignIn(browser, world.google, {login});
  assertRedirectedTo(answer, '/bind/');
  assert.ok(cookieIn(answer, signInCookieName)?.value, `the bind step is a sign-in flow (${signInCookieName})`);
  assert.ok(!cookieIn(answer, sessionCookieName)?.value, 'no session yet');
  return browser;
}

function bind(browser, {company = 'Demo', account, password}) {
  return browser.post('/api/session/bind', {json: {company, account, password}});
}

test('the bind step names the provider, the person and the company, and the address only when verified', async (t) => {
  const world = await ssoWithGoogle(t);
  for (const [account, email] of [[ann, {email: ann.email}], [ben, {}]]) {
    const browser = await atBind(world, account.sub);
    const page = await browser.get('/api/session/bind');
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(page.json, {
      bind: {provider: 'google', provider_name: 'Google', name: account.name, ...email, company: 'Demo'},
      flow: bindFlow,
    }, account.email_verified ? 'a verified address is shown' : 'an unverified address is not');
  }
  assert.deepEqual(await linkedIdentities(world.server), [], 'arriving at the bind step links nothing');
  assert.equal((await world.browser().get('/api/session/bind')).status, 401, 'no bind flow without its cookie');
});

test('bind without 2FA: into the agent panel, linked, mailed and audited', async (t) => {
  const world = await ssoWithGoogle(t);
  const {agent} = world.server.demo;
  const browser = await atBind(world, ann.sub);
  const answer = await bind(browser, agent);
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json.home, '/agent/');
  assert.deepEqual(answer.json.flow, {state: 'signed_in'});
  assert.ok(cookieIn(answer, sessionCookieName)?.value, 'a session');
  assert.equal((await browser.get('/api/me')).json.user.username, agent.account);
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(agent.account, world.google, ann)]);

  const [linked] = await auditEvents(world.server, 'sso.linked');
  assert.equal(linked?.user_id, await listedUserId(world.admin, agent.account));
  const mail = await outboxOf(world.server).next({to: agent.email});
  assert.ok(mail.text.includes('Google'), `the mail names the provider: ${mail.text}`);
  assert.equal((await browser.get('/api/session/bind')).status, 401, 'the bind flow is over');
});

test('bind with 2FA: the password, then the code; linked only once the code is right', async (t) => {
  const world = await ssoWithGoogle(t);
  const {totp} = await withAppOn(world.server, 'agent');
  const {agent} = world.server.demo;
  const browser = await atBind(world, ann.sub);
  const answer = await bind(browser, agent);
  assert.equal(answer.status, 202, answer.text);
  assert.deepEqual(answer.json.flow, {state: 'second_factor', expires_in: 600, methods: ['app', 'backup_code']});
  assert.ok(!cookieIn(answer, sessionCookieName)?.value, 'no session before the code');
  assert.deepEqual(await linkedIdentities(world.server), [], 'not linked before the code');

  const wrong = await finishSecondStep(browser, {code: await wrongAppCode(totp)});
  assertError(wrong, 401, 'code_rejected');
  assert.deepEqual(await linkedIdentities(world.server), [], 'not linked by a wrong code');
  const right = await finishSecondStep(browser, {code: await totp.next()});
  assert.equal(right.status, 200, right.text);
  assert.equal(right.json.home, '/agent/');
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(agent.account, world.google, ann)]);
  assert.equal((await auditEvents(world.server, 'sso.linked')).length, 1);

  // Linked now, and the company does not ask for Twofold's code after SSO.
  const later = await ssoSignIn(world.browser(), world.google, {login: ann.sub});
  assertRedirectedTo(later, '/agent/');
});

test('Cancel at the bind step links nothing, ends the flow and clears its cookie', async (t) => {
  const world = await ssoWithGoogle(t);
  const browser = await atBind(world, ann.sub);
  const flowCookie = [...browser.cookies.values()].find(({name}) => name === signInCookieName);
  const cancelled = await browser.delete('/api/session/bind');
  assert.equal(cancelled.status, 204, cancelled.text);
  assert.ok(clears(cookieIn(cancelled, signInCookieName)), 'the cookie is cleared');

  const withOldCookie = {headers: {cookie: `${signInCookieName}=${flowCookie.value}`}};
  const page = await browser.get('/api/session/bind', withOldCookie);
  assert.equal(page.status, 401, page.text);
  const {account, password} = world.server.demo.agent;
  const late = await browser.post('/api/session/bind', {json: {company: 'Demo', account, password}, ...withOldCookie});
  assert.equal(late.status, 401, late.text);
  assert.deepEqual(await linkedIdentities(world.server), []);
  assert.deepEqual(await auditEvents(world.server, 'sso.linked'), []);

  // The identity is still nobody's: the next sign-in asks to bind again.
  await atBind(world, ann.sub);
});

test('a wrong password at the bind step: the sign-in\'s 401, the flow stays, the right one then links', async (t) => {
  const world = await ssoWithGoogle(t);
  const {agent} = world.server.demo;
  const browser = await atBind(world, ann.sub);
  const wrong = await bind(browser, {...agent, password: `${agent.password}x`});
  assertError(wrong, 401, 'sign_in_failed');
  assert.deepEqual(wrong.json.flow, {state: 'bind'});
  const unknown = await bind(browser, {account: 'nobody', password: agent.password});
  assertError(unknown, 401, 'sign_in_failed');
  assert.equal(unknown.text, wrong.text, 'an unknown account answers the same');
  assert.deepEqual(await linkedIdentities(world.server), []);
  assert.equal((await browser.get('/api/session/bind')).status, 200, 'still at the bind step');

  const right = await bind(browser, agent);
  assert.equal(right.status, 200, right.text);
  assert.deepEqual(await linkedIdentities(world.server), [linkOf(agent.account, world.google, ann)]);
});

test('wrong bind passwords and wrong sign-in passwords share the account\'s throttle', async (t) => {
  const world = await ssoWithGoogle(t);
  const {company, agent} = world.server.demo;
  const wrong = {account: agent.account, password: `${agent.password}x`};
  const browser = await atBind(world, ann.sub);
  const bindFailures = 3;
  for (let n = 1; n <= bindFailures; ++n) assertError(await bind(browser, wrong), 401, 'sign_in_failed', `bind failure ${n}`);

  // Five failures are free per account (twofold/security/backoff.hpp); had
  // the bind's not counted, the sign-in would get six 401s before a 429.
  const signIn = world.browser();
  let signInFailures = 0;
  let throttled;
  while (!throttled && signInFailures < 10) {
    const answer = await signIn.post('/api/session', {json: {company, ...wrong}});
    if (answer.status === 429) throttled = answer;
    else assertError(answer, 401, 'sign_in_failed', `sign-in failure ${++signInFailures}`);
  }
  assert.ok(throttled, 'the sign-in is throttled');
  assert.ok(signInFailures < 6, `throttled after ${bindFailures} bind and ${signInFailures} sign-in failures`);
  assertError(throttled, 429, 'too_many_attempts');
  assert.deepEqual(await linkedIdentities(world.server), []);
});

test('wrong codes after a bind count toward the account\'s lockout with the sign-in\'s', async (t) => {
  const world = await ssoWithGoogle(t);
  const {totp} = await withAppOn(world.server, 'agent');
  const {browser: signIn} = await pendingSignIn(world.server, 'agent');
  assertError(await finishSecondStep(signIn, {code: await wrongAppCode(totp)}), 401, 'code_rejected');
  signIn.close();

  const browser = await atBind(world, ann.sub);
  const bound = await bind(browser, world.server.demo.agent);
  assert.equal(bound.status, 202, bound.text);
  assert.equal(bound.json.second_step.attempts_left, maxCodeFailures - 1, 'the sign-in\'s wrong code counts');
  const locking = await lockWithWrongCodesAfter(browser, totp, maxCodeFailures - 1);
  assertError(locking, 403, 'account_locked');
  assert.deepEqual(await linkedIdentities(world.server), []);
});

// Wrong codes until the lock, when `left` attempts remain; the locking answer.
async function lockWithWrongCodesAfter(browser, totp, left) {
  const code = await wrongAppCode(totp);
  for (let remaining = left - 1; remaining > 0; --remaining) {
    const answer = await finishSecondStep(browser, {code});
    assertError(answer, 401, 'code_rejected');
    assert.equal(answer.json.error.attempts_left, remaining);
  }
  return finishSecondStep(browser, {code});
}

test('a locked account cannot be bound: 403 account_locked with its right password', async (t) => {
  const world = await ssoWithGoogle(t);
  const {totp} = await withAppOn(world.server, 'agent');
  const {browser: signIn} = await pendingSignIn(world.server, 'agent');
  await lockWithWrongCodes(signIn, totp);
  signIn.close();

  const browser = await atBind(world, ann.sub);
  const answer = await bind(browser, world.server.demo.agent);
  assertError(answer, 403, 'account_locked');
  assert.deepEqual(answer.json.flow, {state: 'locked'});
  assert.deepEqual(await linkedIdentities(world.server), []);
});

test('binding to an account of another company: the same 401, audited as company_mismatch', async (t) => {
  const world = await ssoWithGoogle(t);
  const otherAdmin = await addOtherCompany(world.server);
  const browser = await atBind(world, ann.sub);
  const wrongPassword = await bind(browser, {...world.server.demo.agent, password: 'not it'});
  const otherCompany = await bind(browser, otherAdmin);
  assertError(otherCompany, 401, 'sign_in_failed');
  assert.equal(otherCompany.text, wrongPassword.text, 'nothing tells the two apart');
  assert.equal((await failureReasons(world.server)).at(-1), 'company_mismatch');
  assert.deepEqual(await linkedIdentities(world.server), []);
  assert.equal((await browser.get('/api/session/bind')).status, 200, 'still at the bind step');
});
