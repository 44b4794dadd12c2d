// The security center over loopback: where a sign-in comes from. A server
// with the test location database (make_test_mmdb.pl, built by the CMake
// target twofold-test-locations), clients that leave from other loopback
// addresses and carry (or not) a device cookie, and the company's rules for
// asking the second factor.
//
//   127.0.0.1  Berlin, Germany (DE)     the default client address
//   127.0.0.2  Tokyo, Japan (JP)
//   127.0.0.3  not in the database: the place is its network 127.0.0.0/24
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import path from 'node:path';

import {client, repo_root} from './server.mjs';
import {server_for_test, signed_in_client} from './two_factor.mjs';

export const berlin = {address: '127.0.0.1', city: 'Berlin', country: 'Germany', country_code: 'DE',
  network: '127.0.0.1/32', city_zh: '柏林', country_zh: '德国'};
export const tokyo = {address: '127.0.0.2', city: 'Tokyo', country: 'Japan', country_code: 'JP',
  network: '127.0.0.2/32', city_zh: '东京', country_zh: '日本'};
export const unlocated = {address: '127.0.0.3', city: '', country: '', country_code: '', network: '127.0.0.0/24'};

export const device_cookie_name = 'twofold_device';
// RFC 6265bis caps a cookie's Max-Age at 400 days.
export const device_cookie_seconds = 400 * 24 * 60 * 60;

// User-Agents with known uap-core names ({browser, browser_version, os, os_version, device}).
export const firefox_on_linux = {
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  name: {browser: 'Firefox', browser_version: '133.0', os: 'Linux', os_version: '', device: 'Other'},
};
export const chrome_on_windows = {
  user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  name: {browser: 'Chrome', browser_version: '131.0', os: 'Windows', os_version: '10', device: 'Other'},
};

/**
 * The test location database: TWOFOLD_TEST_LOCATIONS, else what the
 * native-tests preset builds (scripts/test builds it for the node stage).
 */
export function test_locations_database() {
  const file = path.resolve(repo_root,
    process.env.TWOFOLD_TEST_LOCATIONS ?? 'build/native-tests/tests/support/test_locations.mmdb');
  assert.ok(existsSync(file),
    `${file} is missing: cmake --build build/native-tests --target twofold-test-locations (or set TWOFOLD_TEST_LOCATIONS)`);
  return file;
}

/** A fresh server for one test with the test location database (see server_for_test). */
export function located_server_for_test(t, {args = [], ...options} = {}) {
  return server_for_test(t, {args: ['--geoip-database', test_locations_database(), ...args], ...options});
}

/**
 * A client leaving from `place` (one of the places above) that sends
 * `agent`'s User-Agent on every request and, with `device_of`, the device
 * cookie that other client was given (the same browser, elsewhere).
 * It has the client's members, and its `place` and `agent`.
 */
export function browser_at(server, {place = berlin, agent = firefox_on_linux, device_of = null} = {}) {
  const browser = client(server.url, {local_address: place.address});
  const request = browser.request;
  const with_agent = (target, options = {}) =>
    request(target, {...options, headers: {'user-agent': agent.user_agent, ...(options.headers ?? {})}});
  if (device_of) {
    const cookie = device_of.cookies.get(device_cookie_name);
    assert.ok(cookie, 'the other client has a device cookie');
    browser.cookies.set(device_cookie_name, cookie);
  }
  return {
    ...browser,
    place,
    agent,
    request: with_agent,
    get: (target, options = {}) => with_agent(target, {...options, method: 'GET'}),
    post: (target, options = {}) => with_agent(target, {...options, method: 'POST'}),
    put: (target, options = {}) => with_agent(target, {...options, method: 'PUT'}),
    delete: (target, options = {}) => with_agent(target, {...options, method: 'DELETE'}),
  };
}

// The password step of `person` ({company, account, password}) from `browser`.
export function submit_password(browser, person) {
  const {company, account, password} = person;
  return browser.post('/api/session', {json: {company, account, password}});
}

// The demo person of `role` as submit_password takes it.
export function demo_person(server, role) {
  const {account, password, email} = server.demo[role];
  return {company: server.demo.company, account, password, email};
}

/**
 * Sets the company's rules for asking the second factor (and, optionally,
 * the trusted-browser days) as the demo admin. Resolves to the answer.
 */
export async function set_rules(server, ask_second_factor, {skip_days} = {}) {
  const admin = await signed_in_client(server, 'admin');
  const body = {lock_mode: 'until_unlocked', ask_second_factor};
  if (skip_days !== undefined) body.two_factor_policy = {skip_days};
  const answer = await admin.request('/api/admin/security', {method: 'PUT', json: body});
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.json.ask_second_factor, ask_second_factor);
  await admin.delete('/api/session');
  admin.close();
  return answer;
}

/** Lists `what` ('sessions' | 'devices' | 'locations') of the signed-in `browser`. */
export async function listed(browser, what) {
  const answer = await browser.get(`/api/me/${what}`);
  assert.equal(answer.status, 200, `GET /api/me/${what}: ${answer.text}`);
  return answer.json[what];
}

// The one listed item marked current.
export function current_of(items) {
  const current = items.filter((item) => item.current);
  assert.equal(current.length, 1, JSON.stringify(items));
  return current[0];
}

// The one listed location whose place is `place`'s.
export function location_of(locations, place) {
  const found = locations.filter((location) => location.place.network === place.network);
  assert.equal(found.length, 1, `one location ${place.network}: ${JSON.stringify(locations)}`);
  return found[0];
}

/** A second client in the state of `browser`: its place, User-Agent and every cookie. */
export function twin_of(server, browser) {
  const twin = browser_at(server, {place: browser.place, agent: browser.agent});
  for (const [name, cookie] of browser.cookies) twin.cookies.set(name, cookie);
  return twin;
}
