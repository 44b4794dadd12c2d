// Profile > Security, where the user is signed in: every session with its
// device (from the User-Agent), IP address and place (from the location
// database), and signing one or all others out, which ends them on the
// server at once.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assert_documented} from '../support/openapi_schema.mjs';
import {add_person, sign_in_person} from '../support/people.mjs';
import {
  berlin, browser_at, chrome_on_windows, current_of, demo_person, device_cookie_name, device_cookie_seconds,
  firefox_on_linux, listed, located_server_for_test, submit_password, tokyo, unlocated,
} from '../support/security_center.mjs';
import {client, self_signed_certificate} from '../support/server.mjs';
import {assert_error, cookie_in, server_for_test} from '../support/two_factor.mjs';

// Signs `person` in from a new browser at `place` with `agent`; resolves to the browser.
async function signed_in_at(server, person, options) {
  const browser = browser_at(server, options);
  const answer = await submit_password(browser, person);
  assert.equal(answer.status, 200, `sign-in from ${options.place.address}: ${answer.text}`);
  return browser;
}

async function assert_signed_out(browser, why) {
  assert_error(await browser.get('/api/me'), 401, 'not_signed_in', why);
}

test('the sessions list each session\'s device, IP address and place, and marks this one', async (t) => {
  const server = await located_server_for_test(t);
  const agent = demo_person(server, 'agent');
  const in_berlin = await signed_in_at(server, agent, {place: berlin, agent: firefox_on_linux});
  const in_tokyo = await signed_in_at(server, agent, {place: tokyo, agent: chrome_on_windows});

  const answer = await in_tokyo.get('/api/me/sessions');
  assert.equal(answer.status, 200, answer.text);
  assert_documented(answer, 'GET', '/api/me/sessions');
  const {sessions} = answer.json;
  assert.equal(sessions.length, 2, answer.text);
  const by_ip = new Map(sessions.map((session) => [session.ip, session]));
  assert.deepEqual(by_ip.get(tokyo.address).device, chrome_on_windows.name);
  assert.deepEqual(by_ip.get(tokyo.address).location,
    {city: 'Tokyo', country: 'Japan', country_code: 'JP', network: tokyo.network});
  assert.equal(by_ip.get(tokyo.address).current, true);
  assert.deepEqual(by_ip.get(berlin.address).device, firefox_on_linux.name);
  assert.deepEqual(by_ip.get(berlin.address).location,
    {city: 'Berlin', country: 'Germany', country_code: 'DE', network: berlin.network});
  assert.equal(by_ip.get(berlin.address).current, false);
  assert.notEqual(by_ip.get(berlin.address).id, by_ip.get(tokyo.address).id);

  // The other session sees the same two, itself current.
  const from_berlin = await listed(in_berlin, 'sessions');
  assert.equal(current_of(from_berlin).id, by_ip.get(berlin.address).id);
  assert.deepEqual(from_berlin.map(({id}) => id).sort(), sessions.map(({id}) => id).sort());

  // In the session's language: Chinese names from the database.
  const chinese = await in_tokyo.request('/api/me/language', {method: 'PUT', json: {language: 'zh-CN'}});
  assert.equal(chinese.status, 200, chinese.text);
  const named = new Map((await listed(in_tokyo, 'sessions')).map((session) => [session.ip, session.location]));
  assert.deepEqual([named.get(tokyo.address).city, named.get(tokyo.address).country], ['东京', '日本']);
  assert.deepEqual([named.get(berlin.address).city, named.get(berlin.address).country], ['柏林', '德国']);
  in_berlin.close();
  in_tokyo.close();
});

test('a place the database does not know is its network; without a database every place is', async (t) => {
  const server = await located_server_for_test(t);
  const browser = await signed_in_at(server, demo_person(server, 'agent'), {place: unlocated});
  const [session] = await listed(browser, 'sessions');
  assert.deepEqual(session.location, {city: '', country: '', country_code: '', network: unlocated.network});
  assert.equal(session.ip, unlocated.address);
  browser.close();

  const plain = await server_for_test(t);
  const elsewhere = await signed_in_at(plain, demo_person(plain, 'agent'), {place: tokyo});
  const [unnamed] = await listed(elsewhere, 'sessions');
  assert.deepEqual(unnamed.location, {city: '', country: '', country_code: '', network: '127.0.0.0/24'});
  elsewhere.close();
});

test('signing one session out ends it on the server at once; this one is 409', async (t) => {
  const server = await located_server_for_test(t);
  const agent = demo_person(server, 'agent');
  const in_berlin = await signed_in_at(server, agent, {place: berlin});
  const in_tokyo = await signed_in_at(server, agent, {place: tokyo});
  const sessions = await listed(in_tokyo, 'sessions');
  const berlin_id = sessions.find((session) => session.ip === berlin.address).id;
  const tokyo_id = current_of(sessions).id;

  const own = await in_tokyo.delete(`/api/me/sessions/${tokyo_id}`);
  assert_error(own, 409, 'current_session', 'this session');
  assert_documented(own, 'DELETE', '/api/me/sessions/{id}');
  assert.equal((await in_tokyo.get('/api/me')).status, 200, 'this session goes on');

  const ended = await in_tokyo.delete(`/api/me/sessions/${berlin_id}`);
  assert.equal(ended.status, 204, ended.text);
  assert_documented(ended, 'DELETE', '/api/me/sessions/{id}');
  await assert_signed_out(in_berlin, 'the ended session\'s next request');
  assert.deepEqual((await listed(in_tokyo, 'sessions')).map(({id}) => id), [tokyo_id]);

  const again = await in_tokyo.delete(`/api/me/sessions/${berlin_id}`);
  assert_error(again, 404, 'not_found', 'an ended session');
  assert_documented(again, 'DELETE', '/api/me/sessions/{id}');
  assert_error(await in_tokyo.delete('/api/me/sessions/999999'), 404, 'not_found', 'no such session');

  const [event] = (await listed_events(in_tokyo, 'session.ended'));
  assert.deepEqual(event.detail, {session_id: berlin_id, which: 'one'});
  in_berlin.close();
  in_tokyo.close();
});

test('signing out all others ends every other session at once and keeps this one', async (t) => {
  const server = await located_server_for_test(t);
  const agent = demo_person(server, 'agent');
  const others = [
    await signed_in_at(server, agent, {place: berlin}),
    await signed_in_at(server, agent, {place: tokyo, agent: chrome_on_windows}),
    await signed_in_at(server, agent, {place: unlocated}),
  ];
  const keeper = await signed_in_at(server, agent, {place: berlin});
  // Another person's session is none of this.
  const colleague = await add_person(server, {username: 'colleague', email: 'colleague@demo.example', display_name: 'Colleague'});
  const colleague_browser = browser_at(server);
  await sign_in_person(colleague_browser, colleague);

  const answer = await keeper.post('/api/me/sessions/sign-out-others');
  assert.equal(answer.status, 200, answer.text);
  assert_documented(answer, 'POST', '/api/me/sessions/sign-out-others');
  assert.deepEqual(answer.json, {ended: 3});
  for (const [index, other] of others.entries()) await assert_signed_out(other, `other session ${index}`);
  assert.equal((await keeper.get('/api/me')).status, 200, 'this session goes on');
  assert.equal((await colleague_browser.get('/api/me')).status, 200, 'another person\'s session goes on');
  const left = await listed(keeper, 'sessions');
  assert.equal(left.length, 1);
  assert.equal(left[0].current, true);

  const nothing_left = await keeper.post('/api/me/sessions/sign-out-others');
  assert.deepEqual(nothing_left.json, {ended: 0});
  for (const browser of [...others, keeper, colleague_browser]) browser.close();
});

test('another person\'s session is 404 and stays signed in', async (t) => {
  const server = await located_server_for_test(t);
  const admin = await signed_in_at(server, demo_person(server, 'admin'), {place: berlin});
  const agent = await signed_in_at(server, demo_person(server, 'agent'), {place: tokyo});
  const admin_session = current_of(await listed(admin, 'sessions')).id;

  const answer = await agent.delete(`/api/me/sessions/${admin_session}`);
  assert_error(answer, 404, 'not_found', 'the admin\'s session, from the agent');
  assert_documented(answer, 'DELETE', '/api/me/sessions/{id}');
  assert.equal((await admin.get('/api/me')).status, 200, 'the admin is still signed in');
  assert.equal((await agent.get('/api/me/sessions')).json.sessions.length, 1, 'the agent lists only their own');
  admin.close();
  agent.close();
});

test('the device cookie: given once at the first sign-in step, HttpOnly, SameSite=Lax, 400 days', async (t) => {
  const server = await located_server_for_test(t);
  const browser = browser_at(server);
  const first = await submit_password(browser, {...demo_person(server, 'agent'), password: 'wrong password'});
  assert_error(first, 401, 'sign_in_failed');
  const cookie = cookie_in(first, device_cookie_name);
  assert.ok(cookie, 'a browser without one gets a device cookie at the password step');
  assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(cookie.attributes.httponly, true);
  assert.equal(cookie.attributes.samesite, 'Lax');
  assert.equal(cookie.attributes.path, '/');
  assert.equal(cookie.attributes['max-age'], String(device_cookie_seconds));
  assert.equal(cookie.attributes.secure, undefined, 'plain HTTP');

  const signed_in = await submit_password(browser, demo_person(server, 'agent'));
  assert.equal(signed_in.status, 200, signed_in.text);
  assert.equal(cookie_in(signed_in, device_cookie_name), undefined, 'a browser with one keeps it');
  assert.equal((await browser.get('/api/me')).set_cookies.length, 0, 'other routes never set it');
  const [device] = await listed(browser, 'devices');
  assert.equal(device.current, true);
  browser.close();
});

test('over TLS the device cookie is __Host-twofold_device with Secure', async (t) => {
  const certificate = await self_signed_certificate();
  t.after(() => certificate.remove());
  const server = await server_for_test(t, {tls: certificate});
  const browser = client(server.url, {ca: certificate.pem});
  const answer = await submit_password(browser, demo_person(server, 'agent'));
  assert.equal(answer.status, 200, answer.text);
  const cookie = cookie_in(answer, `__Host-${device_cookie_name}`);
  assert.ok(cookie, answer.set_cookies.map(({raw}) => raw).join('\n'));
  assert.equal(cookie.attributes.secure, true);
  assert.equal(cookie.attributes.samesite, 'Lax');
  assert.equal(cookie.attributes.path, '/');
  assert.equal(cookie.attributes.domain, undefined);
  assert.equal(cookie.attributes['max-age'], String(device_cookie_seconds));
  assert.equal(cookie_in(answer, device_cookie_name), undefined, 'no cookie without the prefix');
  assert.equal(current_of(await listed(browser, 'devices')).current, true, 'the prefixed cookie names this device');
  browser.close();
});

// The signed-in person's own audit events named `event`, newest first.
async function listed_events(browser, event) {
  const answer = await browser.get(`/api/me/audit-events?event=${encodeURIComponent(event)}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json.events;
}
