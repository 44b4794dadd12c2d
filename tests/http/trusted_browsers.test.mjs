// The 2FA policy over loopback: the trusted-browser cookie's attributes
// (plain HTTP and TLS), the policy's validation in PUT /api/admin/security,
// "Every login" refusing to remember, and the 403s of "Require 2FA for all
// users". Expiry after N days needs a controllable clock: see the server's
// unit tests (app_trusted_browsers_test.cpp).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assert_documented} from '../support/openapi_schema.mjs';
import {client, self_signed_certificate, sign_in_as} from '../support/server.mjs';
import {
  assert_error, audit_events, cookie_in, finish_second_step, pending_sign_in, server_for_test, signed_in_client, sign_out,
  turn_on_app, with_app_on,
} from '../support/two_factor.mjs';

const token_pattern = /^[A-Za-z0-9_-]{43}$/;
const trusted_cookie_name = 'twofold_trusted_browser';
const thirty_days = 30 * 24 * 60 * 60;

function put_security(browser, json) {
  return browser.request('/api/admin/security', {method: 'PUT', json});
}

async function set_policy(server, skip_days, require_two_factor = false) {
  const admin = await signed_in_client(server, 'admin');
  const answer = await put_security(admin, {
    lock_mode: 'until_unlocked', two_factor_policy: {skip_days}, require_two_factor,
  });
  assert.equal(answer.status, 200, answer.text);
  admin.close();
}

test('"Don\'t ask again" sets an HttpOnly, SameSite=Strict cookie for N days that skips the code', async (t) => {
  const server = await server_for_test(t);
  await set_policy(server, 30);
  const {totp} = await with_app_on(server, 'agent');
  const {browser, answer: pending} = await pending_sign_in(server, 'agent');
  assert.equal(pending.json.second_step.remember_days, 30);
  assert_documented(pending, 'POST', '/api/session');

  const done = await finish_second_step(browser, {code: await totp.next(), remember: true});
  assert.equal(done.status, 200, done.text);
  assert_documented(done, 'POST', '/api/session/second-step');
  const cookie = cookie_in(done, trusted_cookie_name);
  assert.ok(cookie, 'the trusted-browser cookie is set');
  assert.match(cookie.value, token_pattern);
  assert.equal(cookie.attributes.httponly, true);
  assert.equal(cookie.attributes.samesite, 'Strict');
  assert.equal(cookie.attributes.path, '/');
  assert.equal(cookie.attributes['max-age'], String(thirty_days));
  assert.equal(cookie.attributes.secure, undefined, 'plain HTTP');
  assert.equal(cookie.attributes.domain, undefined);

  await sign_out(browser);
  assert.ok(browser.cookies.has(trusted_cookie_name), 'signing out keeps it');
  const again = await sign_in_as(browser, server.demo, 'agent');
  assert.equal(again.status, 200, `the password alone: ${again.text}`);
  const [skipped] = await audit_events(server, 'second_step.skipped');
  assert.ok(skipped, 'an audit event says the code was skipped');
  browser.close();

  const listing = await (async () => {
    const {browser: other} = await pending_sign_in(server, 'agent');  // another browser: a code again
    other.close();
    const me = client(server.url);
    me.cookies.set(trusted_cookie_name, cookie);
    const signed_in = await sign_in_as(me, server.demo, 'agent');
    assert.equal(signed_in.status, 200, signed_in.text);
    const list = await me.get('/api/me/trusted-browsers');
    me.close();
    return list;
  })();
  assert.equal(listing.status, 200, listing.text);
  assert_documented(listing, 'GET', '/api/me/trusted-browsers');
  assert.equal(listing.json.trusted_browsers.length, 1);
  assert.equal(listing.json.trusted_browsers[0].current, true);
});

test('over TLS the cookie is __Host-twofold_trusted_browser with Secure', async (t) => {
  const certificate = await self_signed_certificate();
  t.after(() => certificate.remove());
  const server = await server_for_test(t, {tls: certificate});
  const browser = client(server.url, {ca: certificate.pem});
  const admin = client(server.url, {ca: certificate.pem});
  assert.equal((await sign_in_as(admin, server.demo, 'admin')).status, 200);
  assert.equal((await put_security(admin, {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: 14}})).status, 200);
  admin.close();
  assert.equal((await sign_in_as(browser, server.demo, 'agent')).status, 200);
  const {totp} = await turn_on_app(browser);
  await sign_out(browser);
  assert.equal((await sign_in_as(browser, server.demo, 'agent')).status, 202);
  const done = await finish_second_step(browser, {code: await totp.next(), remember: true});
  assert.equal(done.status, 200, done.text);
  const cookie = cookie_in(done, `__Host-${trusted_cookie_name}`);
  assert.ok(cookie, done.set_cookies.map(({raw}) => raw).join('\n'));
  assert.equal(cookie.attributes.secure, true);
  assert.equal(cookie.attributes.httponly, true);
  assert.equal(cookie.attributes.samesite, 'Strict');
  assert.equal(cookie.attributes.path, '/');
  assert.equal(cookie.attributes.domain, undefined);
  assert.equal(cookie.attributes['max-age'], String(14 * 24 * 60 * 60));
  browser.close();
});

test('"Every login" never offers to remember and refuses a request to', async (t) => {
  const server = await server_for_test(t);
  const {totp} = await with_app_on(server, 'agent');
  const {browser, answer: pending} = await pending_sign_in(server, 'agent');
  assert.equal(pending.json.second_step.remember_days, undefined);
  const refused = await finish_second_step(browser, {code: await totp.next(), remember: true});
  assert_error(refused, 400, 'validation_failed');
  assert_documented(refused, 'POST', '/api/session/second-step');
  assert.deepEqual(refused.json.error.fields.map(({field, code}) => [field, code]), [['remember', 'remember_not_allowed']]);
  assert.equal(cookie_in(refused, trusted_cookie_name), undefined);
  browser.close();
});

test('the policy is validated strictly, audited with old and new values, and for admins only', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const set = await put_security(admin, {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: 60}});
  assert.equal(set.status, 200, set.text);
  assert_documented(set, 'PUT', '/api/admin/security');
  assert.deepEqual(set.json, {
    lock_mode: 'until_unlocked', default_lock_minutes: 5, two_factor_policy: {skip_days: 60}, require_two_factor: false,
    ask_second_factor: {every_sign_in: true, new_device: false, new_location: false},
  });

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
    const answer = await put_security(admin, {lock_mode: 'until_unlocked', ...body});
    assert_error(answer, 400, 'validation_failed', what);
    assert_documented(answer, 'PUT', '/api/admin/security');
    assert.deepEqual(answer.json.error.fields.map(({field: name, code}) => [name, code]), [field], what);
  }
  const unchanged = await admin.get('/api/admin/security');
  assert.deepEqual(unchanged.json.two_factor_policy, {skip_days: 60}, 'unchanged');

  const changes = (await audit_events(server, 'security_settings.changed')).filter(({detail}) => detail.two_factor_policy);
  assert.deepEqual(changes.map(({detail}) => detail.two_factor_policy), [{old: {skip_days: null}, new: {skip_days: 60}}]);
  admin.close();

  const agent = await signed_in_client(server, 'agent');
  assert_error(await put_security(agent, {lock_mode: 'until_unlocked', two_factor_policy: {skip_days: 90}}), 403, 'forbidden');
  const agent_id = (await agent.get('/api/me')).json.user.id;
  assert_error(await agent.post(`/api/admin/users/${agent_id}/trusted-browsers/revoke`), 403, 'forbidden');
  agent.close();
  assert_error(await put_security(client(server.url), {lock_mode: 'until_unlocked'}), 401, 'not_signed_in');
});

test('with 2FA required, a user without it reaches only the 2FA setup: elsewhere 403 two_factor_setup_required', async (t) => {
  const server = await server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const required = await put_security(admin, {lock_mode: 'until_unlocked', require_two_factor: true});
  assert.equal(required.status, 200, required.text);
  // The admin has no 2FA either: the console's API now refuses them.
  const refused = await admin.get('/api/admin/users');
  assert_error(refused, 403, 'two_factor_setup_required');
  assert_documented(refused, 'GET', '/api/admin/users');
  admin.close();

  const agent = client(server.url);
  const signed_in = await sign_in_as(agent, server.demo, 'agent');
  assert.equal(signed_in.status, 200, signed_in.text);
  assert_documented(signed_in, 'POST', '/api/session');
  assert.equal(signed_in.json.two_factor_setup_required, true);
  assert.equal(signed_in.json.home, '/profile/');
  const me = await agent.get('/api/me');
  assert.equal(me.json.two_factor_setup_required, true);
  assert_documented(me, 'GET', '/api/me');
  assert_error(await agent.get('/api/me/trusted-browsers'), 403, 'two_factor_setup_required');
  assert_error(await agent.get('/api/admin/security'), 403, 'two_factor_setup_required');
  assert.equal((await agent.get('/api/me/two-factor')).status, 200);

  await turn_on_app(agent);
  assert.equal((await agent.get('/api/me/trusted-browsers')).status, 200, 'the state ends once 2FA is on');
  const after = await agent.get('/api/me');
  assert.equal(after.json.home, '/agent/');
  assert.equal(after.json.two_factor_setup_required, undefined);
  await sign_out(agent);
  agent.close();
});
