// Attacks on the flow around the tokens, against a real provider: a made-up,
// replayed or expired state, a callback finished in another browser (login CSRF), a
// code injected into another flow (PKCE, RFC 7636 §1), the provider's own
// refusal, and an identity brought to the wrong company. Each is refused
// with the generic failure, audited with its reason, and links nothing.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {test} from 'node:test';

import {add_other_company} from '../support/people.mjs';
import {
  ann, assert_redirected_to, assert_sso_failed, configure_sso, deliver, expire_sso_starts, flow_cookie_header,
  linked_identities, link_of, link_through_bind, sso_server, sso_with_google, start_google_like, start_sso,
  through_provider,
} from '../support/sso.mjs';
import {audit_events} from '../support/two_factor.mjs';

// The callback with its `state` replaced.
function with_state(callback, state) {
  const changed = new URL(callback);
  changed.searchParams.set('state', state);
  return changed;
}

// Without a flow there is no company to go back to: the sign-in page without one.
const no_company = ['/', {sso_error: 'failed'}];

test('a state Twofold never issued, or none, is refused: state_unknown', async (t) => {
  const world = await sso_with_google(t);
  const forgeries = [
    ['a made-up state', (callback) => with_state(callback, randomBytes(32).toString('base64url'))],
    ['no state', (callback) => {
      const changed = new URL(callback);
      changed.searchParams.delete('state');
      return changed;
    }],
  ];
  for (const [what, forge] of forgeries) {
    const browser = world.browser();
    const callback = await through_provider(browser, world.google, {login: ann.sub});
    const answer = await deliver(browser, forge(callback));
    await assert_sso_failed(world.server, answer, 'state_unknown', {location: no_company, why: what});
  }
  assert.equal(world.google.token_requests.length, 0, 'no code is exchanged for an unknown flow');
});

test('a callback delivered again, cookie and all, is refused: state_used', async (t) => {
  const world = await sso_with_google(t);
  await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linked_identities(world.server);

  const browser = world.browser();
  const callback = await through_provider(browser, world.google, {login: ann.sub});
  const cookie = flow_cookie_header(browser);
  assert_redirected_to(await deliver(browser, callback), '/agent/');
  const signed_in = (await audit_events(world.server, 'sso.signed_in')).length;
  const replayer = world.browser();
  await assert_sso_failed(world.server, await deliver(replayer, callback, {cookie}), 'state_used', {linked});
  assert.equal((await audit_events(world.server, 'sso.signed_in')).length, signed_in, 'no second sign-in');
  assert.equal(world.google.token_requests.length, 2, 'the code is not exchanged again');
});

test('a callback after the flow\'s ten minutes is refused: state_expired', async (t) => {
  const world = await sso_with_google(t);
  await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linked_identities(world.server);
  const browser = world.browser();
  const callback = await through_provider(browser, world.google, {login: ann.sub});
  await expire_sso_starts(world.server);
  const exchanges = world.google.token_requests.length;
  await assert_sso_failed(world.server, await deliver(browser, callback), 'state_expired', {linked});
  assert.equal(world.google.token_requests.length, exchanges, 'the code of an expired flow is not exchanged');
});

test('a callback finished in another browser is refused: browser_mismatch, with no cookie or another flow\'s', async (t) => {
  const world = await sso_with_google(t);
  await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linked_identities(world.server);

  // The attacker's own sign-ins, each finished in a victim's browser.
  const attacker = world.browser();
  const attackers_sign_in = () => through_provider(attacker, world.google, {login: ann.sub});
  const victim = world.browser();
  await assert_sso_failed(world.server, await deliver(victim, await attackers_sign_in()), 'browser_mismatch', {linked});
  const busy_victim = world.browser();
  await start_sso(busy_victim, {provider: 'google'});
  await assert_sso_failed(world.server, await deliver(busy_victim, await attackers_sign_in()), 'browser_mismatch',
    {linked, why: 'the victim has a flow of its own'});
  for (const browser of [victim, busy_victim]) assert.equal((await browser.get('/api/me')).status, 401, 'not signed in');
});

test('a code issued for another flow\'s challenge is refused by the provider: token_refused', async (t) => {
  const world = await sso_with_google(t);
  await link_through_bind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linked_identities(world.server);

  // The code of one flow (its verifier stays in Twofold) put into another's callback.
  const stolen_from = world.browser();
  const stolen = await through_provider(stolen_from, world.google, {login: ann.sub});
  const attacker = world.browser();
  const own = await through_provider(attacker, world.google, {login: ann.sub});
  const injected = new URL(own);
  injected.searchParams.set('code', stolen.searchParams.get('code'));
  const exchanges = world.google.token_requests.length;
  await assert_sso_failed(world.server, await deliver(attacker, injected), 'token_refused', {linked});

  const [exchange, ...more] = world.google.token_requests.slice(exchanges);
  assert.equal(more.length, 0, 'one exchange');
  assert.equal(exchange.params.code, stolen.searchParams.get('code'));
  assert.ok(exchange.params.code_verifier, 'Twofold sent its flow\'s verifier');
  assert.equal(exchange.error, 'invalid_grant', `the provider refused the verifier: ${exchange.description}`);
  assert.equal((await attacker.get('/api/me')).status, 401);
});

test('the provider answers access_denied: provider_error', async (t) => {
  const world = await sso_with_google(t);
  const browser = world.browser();
  const callback = await through_provider(browser, world.google, {login: ann.sub, abort: true});
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  await assert_sso_failed(world.server, await deliver(browser, callback), 'provider_error');
  assert.equal(world.google.token_requests.length, 0, 'nothing to exchange');
});

test('an identity linked to a person of one company does not sign in to another: company_mismatch', async (t) => {
  const world = await sso_server(t);
  const google = await start_google_like(t, world, {companies: ['Demo', 'Other']});
  const other_admin = await world.signed_in(await add_other_company(world.server));
  await configure_sso(world.admin, {providers: {google: google.settings('Demo')}});
  await configure_sso(other_admin, {providers: {google: google.settings('Other')}});
  await link_through_bind(world, google, {login: ann.sub, role: 'agent'});
  const linked = await linked_identities(world.server);
  assert.deepEqual(linked, [link_of(world.server.demo.agent.account, google, ann)]);

  const browser = world.browser();
  const callback = await through_provider(browser, google, {login: ann.sub, company: 'Other'});
  await assert_sso_failed(world.server, await deliver(browser, callback), 'company_mismatch',
    {location: ['/', {company: 'Other', sso_error: 'failed'}], linked});
  assert.equal((await browser.get('/api/me')).status, 401);
});
