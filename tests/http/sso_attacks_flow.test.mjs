// Attacks on the flow around the tokens, against a real provider: a made-up,
// replayed or expired state, a callback finished in another browser (login CSRF), a
// code injected into another flow (PKCE, RFC 7636 §1), the provider's own
// refusal, and an identity brought to the wrong company. Each is refused
// with the generic failure, audited with its reason, and links nothing.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {test} from 'node:test';

import {addOtherCompany} from '../support/people.mjs';
import {
  ann, assertRedirectedTo, assertSsoFailed, configureSso, deliver, expireSsoStarts, flowCookieHeader, linkedIdentities,
  linkOf, linkThroughBind, ssoServer, ssoWithGoogle, startGoogleLike, startSso, throughProvider,
} from '../support/sso.mjs';
import {auditEvents} from '../support/two_factor.mjs';

// The callback with its `state` replaced.
function withState(callback, state) {
  const changed = new URL(callback);
  changed.searchParams.set('state', state);
  return changed;
}

// Without a flow there is no company to go back to: the sign-in page without one.
const noCompany = ['/', {sso_error: 'failed'}];

test('a state Twofold never issued, or none, is refused: state_unknown', async (t) => {
  const world = await ssoWithGoogle(t);
  const forgeries = [
    ['a made-up state', (callback) => withState(callback, randomBytes(32).toString('base64url'))],
    ['no state', (callback) => {
      const changed = new URL(callback);
      changed.searchParams.delete('state');
      return changed;
    }],
  ];
  for (const [what, forge] of forgeries) {
    const browser = world.browser();
    const callback = await throughProvider(browser, world.google, {login: ann.sub});
    const answer = await deliver(browser, forge(callback));
    await assertSsoFailed(world.server, answer, 'state_unknown', {location: noCompany, why: what});
  }
  assert.equal(world.google.tokenRequests.length, 0, 'no code is exchanged for an unknown flow');
});

test('a callback delivered again, cookie and all, is refused: state_used', async (t) => {
  const world = await ssoWithGoogle(t);
  await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linkedIdentities(world.server);

  const browser = world.browser();
  const callback = await throughProvider(browser, world.google, {login: ann.sub});
  const cookie = flowCookieHeader(browser);
  assertRedirectedTo(await deliver(browser, callback), '/agent/');
  const signedIn = (await auditEvents(world.server, 'sso.signed_in')).length;
  const replayer = world.browser();
  await assertSsoFailed(world.server, await deliver(replayer, callback, {cookie}), 'state_used', {linked});
  assert.equal((await auditEvents(world.server, 'sso.signed_in')).length, signedIn, 'no second sign-in');
  assert.equal(world.google.tokenRequests.length, 2, 'the code is not exchanged again');
});

test('a callback after the flow\'s ten minutes is refused: state_expired', async (t) => {
  const world = await ssoWithGoogle(t);
  await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linkedIdentities(world.server);
  const browser = world.browser();
  const callback = await throughProvider(browser, world.google, {login: ann.sub});
  await expireSsoStarts(world.server);
  const exchanges = world.google.tokenRequests.length;
  await assertSsoFailed(world.server, await deliver(browser, callback), 'state_expired', {linked});
  assert.equal(world.google.tokenRequests.length, exchanges, 'the code of an expired flow is not exchanged');
});

test('a callback finished in another browser is refused: browser_mismatch, with no cookie or another flow\'s', async (t) => {
  const world = await ssoWithGoogle(t);
  await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linkedIdentities(world.server);

  // The attacker's own sign-ins, each finished in a victim's browser.
  const attacker = world.browser();
  const victim = world.browser();
  await assertSsoFailed(world.server, await deliver(victim, await throughProvider(attacker, world.google, {login: ann.sub})),
    'browser_mismatch', {linked});
  const busyVictim = world.browser();
  await startSso(busyVictim, {provider: 'google'});
  await assertSsoFailed(world.server, await deliver(busyVictim, await throughProvider(attacker, world.google, {login: ann.sub})),
    'browser_mismatch', {linked});
  for (const browser of [victim, busyVictim]) assert.equal((await browser.get('/api/me')).status, 401, 'not signed in');
});

test('a code issued for another flow\'s challenge is refused by the provider: token_refused', async (t) => {
  const world = await ssoWithGoogle(t);
  await linkThroughBind(world, world.google, {login: ann.sub, role: 'agent'});
  const linked = await linkedIdentities(world.server);

  // The code of one flow (its verifier stays in Twofold) put into another's callback.
  const stolenFrom = world.browser();
  const stolen = await throughProvider(stolenFrom, world.google, {login: ann.sub});
  const attacker = world.browser();
  const own = await throughProvider(attacker, world.google, {login: ann.sub});
  const injected = new URL(own);
  injected.searchParams.set('code', stolen.searchParams.get('code'));
  const exchanges = world.google.tokenRequests.length;
  await assertSsoFailed(world.server, await deliver(attacker, injected), 'token_refused', {linked});

  const [exchange, ...more] = world.google.tokenRequests.slice(exchanges);
  assert.equal(more.length, 0, 'one exchange');
  assert.equal(exchange.params.code, stolen.searchParams.get('code'));
  assert.ok(exchange.params.code_verifier, 'Twofold sent its flow\'s verifier');
  assert.equal(exchange.error, 'invalid_grant', `the provider refused the verifier: ${exchange.description}`);
  assert.equal((await attacker.get('/api/me')).status, 401);
});

test('the provider answers access_denied: provider_error', async (t) => {
  const world = await ssoWithGoogle(t);
  const browser = world.browser();
  const callback = await throughProvider(browser, world.google, {login: ann.sub, abort: true});
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  await assertSsoFailed(world.server, await deliver(browser, callback), 'provider_error');
  assert.equal(world.google.tokenRequests.length, 0, 'nothing to exchange');
});

test('an identity linked to a person of one company does not sign in to another: company_mismatch', async (t) => {
  const world = await ssoServer(t);
  const google = await startGoogleLike(t, world, {companies: ['Demo', 'Other']});
  const otherAdmin = await world.signedIn(await addOtherCompany(world.server));
  await configureSso(world.admin, {providers: {google: google.settings('Demo')}});
  await configureSso(otherAdmin, {providers: {google: google.settings('Other')}});
  await linkThroughBind(world, google, {login: ann.sub, role: 'agent'});
  const linked = await linkedIdentities(world.server);
  assert.deepEqual(linked, [linkOf(world.server.demo.agent.account, google, ann)]);

  const browser = world.browser();
  const callback = await throughProvider(browser, google, {login: ann.sub, company: 'Other'});
  await assertSsoFailed(world.server, await deliver(browser, callback), 'company_mismatch',
    {location: ['/', {company: 'Other', sso_error: 'failed'}], linked});
  assert.equal((await browser.get('/api/me')).status, 401);
});
