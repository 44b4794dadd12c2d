// The first sign-in of an external identity nobody is linked to: the bind
// step (GET/POST/DELETE /api/session/bind) asks for the Twofold account and
// its password, then the second factor when the account has one; only a
// finished sign-in links. Wrong passwords are the sign-in's: one throttle,
// one code lockout, one answer for every failure.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assert_flow_read_later} from '../support/flow.mjs';
import {outbox_of} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {add_other_company} from '../support/people.mjs';
import {
  ann, assert_redirected_to, ben, failure_reasons, linked_identities, link_of, sso_sign_in,
  sso_with_google,
} from '../support/sso.mjs';
import {
  assert_error, audit_events, clears, cookie_in, finish_second_step, listed_user_id, lock_with_wrong_codes,
  max_code_failures, pending_sign_in, session_cookie_name, sign_in_cookie_name, with_app_on, wrong_app_code,
} from '../support/two_factor.mjs';

const bind_flow = {state: 'bind', expires_in: 600, methods: ['password']};

// A browser whose SSO sign-in as `login` arrived at /bind/.
async function at_bind(world, login) {
  const browser = world.browser();
  const answer = await sso_sign_in(browser, world.google, {login});
  assert_redirected_to(answer, '/bind/');
  assert.ok(cookie_in(answer, sign_in_cookie_name)?.value, `the bind step is a sign-in flow (${sign_in_cookie_name})`);
  assert.ok(!cookie_in(answer, session_cookie_name)?.value, 'no session yet');
  return browser;
}

// POST /api/session/bind, its answer checked against docs/openapi.yaml.
async function bind(browser, {company = 'Demo', account, password}) {
  const answer = await browser.post('/api/session/bind', {json: {company, account, password}});
  assert_documented(answer, 'POST', '/api/session/bind');
  return answer;
}

test('the bind step names the provider, the person and the company, and the address only when verified', async (t) => {
  const world = await sso_with_google(t);
  for (const [account, email] of [[ann, {email: ann.email}], [ben, {}]]) {
    const began = Date.now();
    const browser = await at_bind(world, account.sub);
    const page = await browser.get('/api/session/bind');
    assert.equal(page.status, 200, page.text);
    assert_documented(page, 'GET', '/api/session/bind');
    assert.deepEqual(page.json.bind,
      {provider: 'google', provider_name: 'Google', name: account.name, ...email, company: 'Demo'},
      account.email_verified ? 'a verified address is shown' : 'an unverified address is not');
    assert.deepEqual(Object.keys(page.json).sort(), ['bind', 'flow']);
    assert_flow_read_later(page.json.flow, bind_flow, began);
  }
  assert.deepEqual(await linked_identities(world.server), [], 'arriving at the bind step links nothing');
  assert.equal((await world.browser().get('/api/session/bind')).status, 401, 'no bind flow without its cookie');
});

test('bind without 2FA: into the agent panel, linked, mailed and audited', async (t) => {
  const world = await sso_with_google(t);
  const {agent} = world.server.demo;
  const browser = await at_bind(world, ann.sub);
  const answer = await bind(browser, agent);
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json.home, '/agent/');
  assert.deepEqual(answer.json.flow, {state: 'signed_in'});
  assert.ok(cookie_in(answer, session_cookie_name)?.value, 'a session');
  assert.equal((await browser.get('/api/me')).json.user.username, agent.account);
  assert.deepEqual(await linked_identities(world.server), [link_of(agent.account, world.google, ann)]);

  const [linked] = await audit_events(world.server, 'sso.linked');
  assert.equal(linked?.user_id, await listed_user_id(world.admin, agent.account));
  const mail = await outbox_of(world.server).next({to: agent.email});
  assert.ok(mail.text.includes('Google'), `the mail names the provider: ${mail.text}`);
  assert.equal((await browser.get('/api/session/bind')).status, 401, 'the bind flow is over');
});

test('bind with 2FA: the password, then the code; linked only once the code is right', async (t) => {
  const world = await sso_with_google(t);
  const {totp} = await with_app_on(world.server, 'agent');
  const {agent} = world.server.demo;
  const browser = await at_bind(world, ann.sub);
  const answer = await bind(browser, agent);
  assert.equal(answer.status, 202, answer.text);
  assert.deepEqual(answer.json.flow, {state: 'second_factor', expires_in: 600, methods: ['app', 'backup_code']});
  assert.ok(!cookie_in(answer, session_cookie_name)?.value, 'no session before the code');
  assert.deepEqual(await linked_identities(world.server), [], 'not linked before the code');

  const wrong = await finish_second_step(browser, {code: await wrong_app_code(totp)});
  assert_error(wrong, 401, 'code_rejected');
  assert.deepEqual(await linked_identities(world.server), [], 'not linked by a wrong code');
  const right = await finish_second_step(browser, {code: await totp.next()});
  assert.equal(right.status, 200, right.text);
  assert.equal(right.json.home, '/agent/');
  assert.deepEqual(await linked_identities(world.server), [link_of(agent.account, world.google, ann)]);
  assert.equal((await audit_events(world.server, 'sso.linked')).length, 1);

  // Linked now, and the company does not ask for Twofold's code after SSO.
  const later = await sso_sign_in(world.browser(), world.google, {login: ann.sub});
  assert_redirected_to(later, '/agent/');
});

test('Cancel at the bind step links nothing, ends the flow and clears its cookie', async (t) => {
  const world = await sso_with_google(t);
  const browser = await at_bind(world, ann.sub);
  const flow_cookie = [...browser.cookies.values()].find(({name}) => name === sign_in_cookie_name);
  const cancelled = await browser.delete('/api/session/bind');
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.flow.state, 'password', 'answered with the flow, like every step');
  assert_documented(cancelled, 'DELETE', '/api/session/bind');
  assert.ok(clears(cookie_in(cancelled, sign_in_cookie_name)), 'the cookie is cleared');

  const with_old_cookie = {headers: {cookie: `${sign_in_cookie_name}=${flow_cookie.value}`}};
  const page = await browser.get('/api/session/bind', with_old_cookie);
  assert.equal(page.status, 401, page.text);
  const {account, password} = world.server.demo.agent;
  const late = await browser.post('/api/session/bind', {json: {company: 'Demo', account, password}, ...with_old_cookie});
  assert.equal(late.status, 401, late.text);
  assert.deepEqual(await linked_identities(world.server), []);
  assert.deepEqual(await audit_events(world.server, 'sso.linked'), []);

  // The identity is still nobody's: the next sign-in asks to bind again.
  await at_bind(world, ann.sub);
});

test('a wrong password at the bind step: the sign-in\'s 401, the flow stays, the right one then links', async (t) => {
  const world = await sso_with_google(t);
  const {agent} = world.server.demo;
  const browser = await at_bind(world, ann.sub);
  const wrong = await bind(browser, {...agent, password: `${agent.password}x`});
  assert_error(wrong, 401, 'sign_in_failed');
  assert.deepEqual(wrong.json.flow, {state: 'bind'});
  const unknown = await bind(browser, {account: 'nobody', password: agent.password});
  assert_error(unknown, 401, 'sign_in_failed');
  assert.equal(unknown.text, wrong.text, 'an unknown account answers the same');
  assert.deepEqual(await linked_identities(world.server), []);
  assert.equal((await browser.get('/api/session/bind')).status, 200, 'still at the bind step');

  const right = await bind(browser, agent);
  assert.equal(right.status, 200, right.text);
  assert.deepEqual(await linked_identities(world.server), [link_of(agent.account, world.google, ann)]);
});

test('wrong bind passwords and wrong sign-in passwords share the account\'s throttle', async (t) => {
  const world = await sso_with_google(t);
  const {company, agent} = world.server.demo;
  const wrong = {account: agent.account, password: `${agent.password}x`};
  const browser = await at_bind(world, ann.sub);
  const bind_failures = 3;
  for (let n = 1; n <= bind_failures; ++n) {
    assert_error(await bind(browser, wrong), 401, 'sign_in_failed', `bind failure ${n}`);
  }

  // Five failures are free per account (twofold/security/backoff.hpp); had
  // the bind's not counted, the sign-in would get six 401s before a 429.
  const sign_in = world.browser();
  let sign_in_failures = 0;
  let throttled;
  while (!throttled && sign_in_failures < 10) {
    const answer = await sign_in.post('/api/session', {json: {company, ...wrong}});
    if (answer.status === 429) throttled = answer;
    else assert_error(answer, 401, 'sign_in_failed', `sign-in failure ${++sign_in_failures}`);
  }
  assert.ok(throttled, 'the sign-in is throttled');
  assert.ok(sign_in_failures < 6, `throttled after ${bind_failures} bind and ${sign_in_failures} sign-in failures`);
  assert_error(throttled, 429, 'too_many_attempts');
  assert.deepEqual(await linked_identities(world.server), []);
});

test('wrong codes after a bind count toward the account\'s lockout with the sign-in\'s', async (t) => {
  const world = await sso_with_google(t);
  const {totp} = await with_app_on(world.server, 'agent');
  const {browser: sign_in} = await pending_sign_in(world.server, 'agent');
  assert_error(await finish_second_step(sign_in, {code: await wrong_app_code(totp)}), 401, 'code_rejected');
  sign_in.close();

  const browser = await at_bind(world, ann.sub);
  const bound = await bind(browser, world.server.demo.agent);
  assert.equal(bound.status, 202, bound.text);
  assert.equal(bound.json.second_step.attempts_left, max_code_failures - 1, 'the sign-in\'s wrong code counts');
  const locking = await lock_with_wrong_codes_after(browser, totp, max_code_failures - 1);
  assert_error(locking, 403, 'account_locked');
  assert.deepEqual(await linked_identities(world.server), []);
});

// Wrong codes until the lock, when `left` attempts remain; the locking answer.
async function lock_with_wrong_codes_after(browser, totp, left) {
  const code = await wrong_app_code(totp);
  for (let remaining = left - 1; remaining > 0; --remaining) {
    const answer = await finish_second_step(browser, {code});
    assert_error(answer, 401, 'code_rejected');
    assert.equal(answer.json.error.attempts_left, remaining);
  }
  return finish_second_step(browser, {code});
}

test('a locked account cannot be bound: its right password is answered as a wrong one', async (t) => {
  const world = await sso_with_google(t);
  const {totp} = await with_app_on(world.server, 'agent');
  const {browser: sign_in} = await pending_sign_in(world.server, 'agent');
  await lock_with_wrong_codes(sign_in, totp);
  sign_in.close();

  const browser = await at_bind(world, ann.sub);
  const answer = await bind(browser, world.server.demo.agent);
  const wrong_password = await bind(browser, {...world.server.demo.agent, password: 'not it'});
  assert_error(answer, 401, 'sign_in_failed');
  assert.equal(answer.text, wrong_password.text, 'nothing tells the lock from a wrong password');
  assert.deepEqual(await linked_identities(world.server), []);
});

test('binding to an account of another company: the same 401, audited as company_mismatch', async (t) => {
  const world = await sso_with_google(t);
  const other_admin = await add_other_company(world.server);
  const browser = await at_bind(world, ann.sub);
  const wrong_password = await bind(browser, {...world.server.demo.agent, password: 'not it'});
  const other_company = await bind(browser, other_admin);
  assert_error(other_company, 401, 'sign_in_failed');
  assert.equal(other_company.text, wrong_password.text, 'nothing tells the two apart');
  assert.equal((await failure_reasons(world.server)).at(-1), 'company_mismatch');
  assert.deepEqual(await linked_identities(world.server), []);
  assert.equal((await browser.get('/api/session/bind')).status, 200, 'still at the bind step');
});
