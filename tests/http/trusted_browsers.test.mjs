// The 2FA policy over loopback: the trusted-browser cookie's attributes
// (plain HTTP and TLS), the policy's validation in PUT /api/admin/security,
// "Every login" refusing to remember, and the 403s of "Require 2FA for all
// users". Expiry after N days needs a controllable clock: see the server's
// unit tests (app_trusted_browsers_test.cpp).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assertDocumented} from '../support/openapi_schema.mjs';
import {client, selfSignedCertificate, signInAs} from '../support/server.mjs';
import {
  assertError, auditEvents, cookieIn, finishSecondStep, pendingSignIn, serverForTest, signedInClient, signOut,
  turnOnApp, withAppOn,
} from '../support/two_factor.mjs';

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
const trustedCookieName = 'twofold_trusted_browser';
const thirtyDays = 30 * 24 * 60 * 60;

function putSecurity(browser, json) {
  return browser.request('/api/admin/security', {method: 'PUT', json});
}

async function setPolicy(server, skipDays, requireTwoFactor = false) {
  const admin = await signedInClient(server, 'admin');
  const answer = await putSecurity(admin, {
    lock_mode: 'until_unlocked', two_factor_policy: {skip_days: skipDays}, require_two_factor: requireTwoFactor,
  });
  assert.equal(answer.status, 200, answer.text);
  admin.close();
}

test('"Don\'t ask again" sets an HttpOnly, SameSite=Strict cookie for N days that skips the code', async (t) => {
  const server = await serverForTest(t);
  await setPolicy(server, 30);
  const {totp} = await withAppOn(server, 'agent');
  const {browser, answer: pending} = await pendingSignIn(server, 'agent');
  assert.equal(pending.json.second_step.remember_days, 30);
  assertDocumented(pending, 'POST', '/api/session');

  const done = await finishSecondStep(browser, {code: await totp.next(), remember: true});
  assert.equal(done.status, 200, done.text);
  assertDocumented(done, 'POST', '/api/session/second-step');
  const cookie = cookieIn(done, trustedCookieName);
  assert.ok(cookie, 'the trusted-browser cookie is set');
  assert.match(cookie.value, tokenPattern);
  assert.equal(cookie.attributes.httponly, true);
  assert.equal(cookie.attributes.samesite, 'Strict');
  assert.equal(cookie.attributes.path, '/');
  assert.equal(cookie.attributes['max-age'], String(thirtyDays));
  assert.equal(cookie.attributes.secure, undefined, 'plain HTTP');
  assert.equal(cookie.attributes.domain, undefined);

  await signOut(browser);
  assert.ok(browser.cookies.has(trustedCookieName), 'signing out keeps it');
  const again = await signInAs(browser, server.demo, 'agent');
  assert.equal(again.status, 200, `the password alone: ${again.text}`);
  const [skipped] = await auditEvents(server, 'second_step.skipped');
  assert.ok(skipped, 'an audit event says the code was skipped');
  browser.close();

  const listing = await (async () => {
    const {browser: other} = await pendingSignIn(server, 'agent');  // another browser: a code again
    other.close();
    const me = client(server.url);
    me.cookies.set(trustedCookieName, cookie);
    const signedIn = await signInAs(me, server.demo, 'agent');
    assert.equal(signedIn.status, 200, signedIn.text);
    const list = await me.get('/api/me/trusted-browsers');
    me.close();
    return list;
  })();
  assert.equal(listing.status, 200, listing.text);
  assertDocumented(listing, 'GET', '/api/me/trusted-browsers');
  assert.equal(listing.json.trusted_browsers.length, 1);
  assert.equal(listing.json.trusted_browsers[0].current, true);
});

test('over TLS the cookie is __Host-twofold_trusted_browser with Secure', async (t) => {
  const certificate = await selfSignedCertificate();
  t.after(() => certificate.remove());
  const server = await serverForTest(t, {tls: certificate});
  const browser = client(server.url, {ca: certificate.pem});
  const admin = client(server.url, {ca: certificate.pem});
  assert.equal((await signInAs(admin, server.demo, 'admin')).status, 200);
  assert.equal((await putSecurity(admin, {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: 14}})).status, 200);
  admin.close();
  assert.equal((await signInAs(browser, server.demo, 'agent')).status, 200);
  const {totp} = await turnOnApp(browser);
  await signOut(browser);
  assert.equal((await signInAs(browser, server.demo, 'agent')).status, 202);
  const done = await finishSecondStep(browser, {code: await totp.next(), remember: true});
  assert.equal(done.status, 200, done.text);
  const cookie = cookieIn(done, `__Host-${trustedCookieName}`);
  assert.ok(cookie, done.setCookies.map(({raw}) => raw).join('\n'));
  assert.equal(cookie.attributes.secure, true);
  assert.equal(cookie.attributes.httponly, true);
  assert.equal(cookie.attributes.samesite, 'Strict');
  assert.equal(cookie.attributes.path, '/');
  assert.equal(cookie.attributes.domain, undefined);
  assert.equal(cookie.attributes['max-age'], String(14 * 24 * 60 * 60));
  browser.close();
});

test('"Every login" never offers to remember and refuses a request to', async (t) => {
  const server = await serverForTest(t);
  const {totp} = await withAppOn(server, 'agent');
  const {browser, answer: pending} = await pendingSignIn(server, 'agent');
  assert.equal(pending.json.second_step.remember_days, undefined);
  const refused = await finishSecondStep(browser, {code: await totp.next(), remember: true});
  assertError(refused, 400, 'validation_failed');
  assertDocumented(refused, 'POST', '/api/session/second-step');
  assert.deepEqual(refused.json.error.fields.map(({field, code}) => [field, code]), [['remember', 'remember_not_allowed']]);
  assert.equal(cookieIn(refused, trustedCookieName), undefined);
  browser.close();
});

test('the policy is validated strictly, audited with old and new values, and for admins only', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const set = await putSecurity(admin, {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: 60}});
  assert.equal(set.status, 200, set.text);
  assertDocumented(set, 'PUT', '/api/admin/security');
  assert.deepEqual(set.json, {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: 60}, require_two_factor: false});

  // [what, body, [field, code]]
  const invalid = [
    ['an unoffered period', {two_factor_policy: {skip_days: 7}}, ['skip_days', 'invalid_choice']],
    ['days as text', {two_factor_policy: {skip_days: '30'}}, ['skip_days', 'invalid_choice']],
    ['fractional days', {two_factor_policy: {skip_days: 30.5}}, ['skip_days', 'invalid_choice']],
    ['no days', {two_factor_policy: {}}, ['skip_days', 'required']],
    ['a policy that is not an object', {two_factor_policy: 30}, ['two_factor_policy', 'invalid_choice']],
    ['the switch as text', {require_two_factor: 'true'}, ['require_two_factor', 'invalid_choice']],
    ['the switch as a number', {require_two_factor: 1}, ['require_two_factor', 'invalid_choice']],
  ];
  for (const [what, body, field] of invalid) {
    const answer = await putSecurity(admin, {lock_mode: 'until_unlocked', ...body});
    assertError(answer, 400, 'validation_failed', what);
    assertDocumented(answer, 'PUT', '/api/admin/security');
    assert.deepEqual(answer.json.error.fields.map(({field: name, code}) => [name, code]), [field], what);
  }
  const unchanged = await admin.get('/api/admin/security');
  assert.deepEqual(unchanged.json.two_factor_policy, {skip_days: 60}, 'unchanged');

  const changes = (await auditEvents(server, 'security_settings.changed')).filter(({detail}) => detail.two_factor_policy);
  assert.deepEqual(changes.map(({detail}) => detail.two_factor_policy), [{old: {skip_days: null}, new: {skip_days: 60}}]);
  admin.close();

  const agent = await signedInClient(server, 'agent');
  assertError(await putSecurity(agent, {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: 90}}), 403, 'forbidden');
  const agentId = (await agent.get('/api/me')).json.user.id;
  assertError(await agent.post(`/api/admin/users/${agentId}/trusted-browsers/revoke`), 403, 'forbidden');
  agent.close();
  assertError(await putSecurity(client(server.url), {lock_mode: 'until_unlocked'}), 401, 'not_signed_in');
});

test('with 2FA required, a user without it reaches only the 2FA setup: elsewhere 403 two_factor_setup_required', async (t) => {
  const server = await serverForTest(t);
  const admin = await signedInClient(server, 'admin');
  const required = await putSecurity(admin, {lock_mode: 'until_unlocked', require_two_factor: true});
  assert.equal(required.status, 200, required.text);
  // The admin has no 2FA either: the console's API now refuses them.
  const refused = await admin.get('/api/admin/users');
  assertError(refused, 403, 'two_factor_setup_required');
  assertDocumented(refused, 'GET', '/api/admin/users');
  admin.close();

  const agent = client(server.url);
  const signedIn = await signInAs(agent, server.demo, 'agent');
  assert.equal(signedIn.status, 200, signedIn.text);
  assertDocumented(signedIn, 'POST', '/api/session');
  assert.equal(signedIn.json.two_factor_setup_required, true);
  assert.equal(signedIn.json.home, '/profile/');
  const me = await agent.get('/api/me');
  assert.equal(me.json.two_factor_setup_required, true);
  assertDocumented(me, 'GET', '/api/me');
  assertError(await agent.get('/api/me/trusted-browsers'), 403, 'two_factor_setup_required');
  assertError(await agent.get('/api/admin/security'), 403, 'two_factor_setup_required');
  assert.equal((await agent.get('/api/me/two-factor')).status, 200);

  await turnOnApp(agent);
  assert.equal((await agent.get('/api/me/trusted-browsers')).status, 200, 'the state ends once 2FA is on');
  const after = await agent.get('/api/me');
  assert.equal(after.json.home, '/agent/');
  assert.equal(after.json.two_factor_setup_required, undefined);
  await signOut(agent);
  agent.close();
});
