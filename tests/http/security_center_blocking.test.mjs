// Blocking a device or a location (Profile > Security): its sessions end at
// once; the right password from it is refused with exactly the answer of a
// wrong one, the person is mailed and the attempt audited (sign_in.blocked);
// unblocking lets it in again. This browser's own device and place cannot
// be blocked (409), another person's are 404.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {
  berlin, browser_at, chrome_on_windows, current_of, demo_person, device_cookie_name, firefox_on_linux, listed,
  located_server_for_test, location_of, submit_password, tokyo, twin_of,
} from '../support/security_center.mjs';
import {assert_error, audit_events, catalog_text, finish_second_step, turn_on_app} from '../support/two_factor.mjs';

async function signed_in_at(server, person, options) {
  const browser = browser_at(server, options);
  const answer = await submit_password(browser, person);
  assert.equal(answer.status, 200, `sign-in from ${options.place.address}: ${answer.text}`);
  return browser;
}

/**
 * The right password from `browser` is refused exactly as a wrong one from
 * a browser in the same state: the same status, body and cookies.
 * Resolves to the refusal.
 */
async function assert_refused_like_a_wrong_password(server, browser, person, why) {
  const twin = twin_of(server, browser);
  const wrong = await submit_password(twin, {...person, password: `${person.password}x`});
  twin.close();
  const right = await submit_password(browser, person);
  assert_error(right, 401, 'sign_in_failed', why);
  assert_documented(right, 'POST', '/api/session');
  assert.equal(right.text, wrong.text, `${why}: the body of a wrong password`);
  assert.deepEqual(right.set_cookies.map(({name, attributes}) => [name, attributes]),
    wrong.set_cookies.map(({name, attributes}) => [name, attributes]), `${why}: its cookies`);
  assert.equal(right.headers['content-type'], wrong.headers['content-type']);
  assert_error(await browser.get('/api/me'), 401, 'not_signed_in', `${why}: no session`);
  return right;
}

function block(browser, what, id, action = 'block') {
  return browser.post(`/api/me/${what}/${id}/${action}`);
}

test('a blocked device: its session ends at once, its right password is a wrong one, the person is mailed', async (t) => {
  const server = await located_server_for_test(t);
  const agent = demo_person(server, 'agent');
  const lost = await signed_in_at(server, agent, {place: berlin, agent: firefox_on_linux});
  const mine = await signed_in_at(server, agent, {place: tokyo, agent: chrome_on_windows});

  const devices = await listed(mine, 'devices');
  assert.equal(devices.length, 2, JSON.stringify(devices));
  const this_one = current_of(devices);
  const lost_one = devices.find((device) => !device.current);
  assert.deepEqual(lost_one.name, firefox_on_linux.name);
  assert.equal(lost_one.last_ip, berlin.address);

  const own = await block(mine, 'devices', this_one.id);
  assert_error(own, 409, 'current_device', 'this browser');
  assert_documented(own, 'POST', '/api/me/devices/{id}/block');

  const blocked = await block(mine, 'devices', lost_one.id);
  assert.equal(blocked.status, 200, blocked.text);
  assert_documented(blocked, 'POST', '/api/me/devices/{id}/block');
  assert.deepEqual(blocked.json, {...lost_one, blocked: true});
  assert_error(await lost.get('/api/me'), 401, 'not_signed_in', 'the blocked device\'s session');
  assert.equal((await mine.get('/api/me')).status, 200, 'this session goes on');
  assert.deepEqual((await listed(mine, 'devices')).map(({id, blocked: is_blocked}) => [id, is_blocked]).sort(),
    [[this_one.id, false], [lost_one.id, true]].sort());

  await assert_refused_like_a_wrong_password(server, lost, agent, 'the blocked device');
  const [attempt] = await audit_events(server, 'sign_in.blocked');
  assert.deepEqual(attempt.detail, {blocked: 'device'});
  const mail = await outbox_of(server).next({to: agent.email, subject: catalog_text('en', 'mail.notice.blocked_device.subject')});
  assert.ok(mail.text.includes(catalog_text('en', 'mail.notice.ip', {ip: berlin.address})), mail.text);
  assert.ok(mail.text.includes(catalog_text('en', 'mail.notice.place', {place: 'Berlin, Germany'})), mail.text);
  assert.ok(mail.text.includes(catalog_text('en', 'mail.notice.device',
    {device: catalog_text('en', 'mail.notice.device_name', {browser: 'Firefox 133.0', system: 'Linux'})})), mail.text);
  assert.ok(mail.text.includes('/profile/#security'), mail.text);
  assert.deepEqual((await audit_events(server, 'device.blocked')).map(({detail}) => detail.device_id), [lost_one.id]);

  // Another browser in the same place is not blocked; the device is, wherever it goes.
  const borrowed = await signed_in_at(server, agent, {place: berlin});
  borrowed.close();
  const moved = browser_at(server, {place: tokyo, device_of: lost});
  await assert_refused_like_a_wrong_password(server, moved, agent, 'the blocked device elsewhere');
  moved.close();

  const unblocked = await block(mine, 'devices', lost_one.id, 'unblock');
  assert.equal(unblocked.status, 200, unblocked.text);
  assert_documented(unblocked, 'POST', '/api/me/devices/{id}/unblock');
  assert.equal(unblocked.json.blocked, false);
  const back = await submit_password(lost, agent);
  assert.equal(back.status, 200, `unblocked: ${back.text}`);
  assert.equal((await audit_events(server, 'device.unblocked')).length, 1);
  lost.close();
  mine.close();
});

test('a blocked location: its sessions end at once, its right password and code are never asked, the person is mailed',
  async (t) => {
    const server = await located_server_for_test(t);
    const agent = demo_person(server, 'agent');
    const home = await signed_in_at(server, agent, {place: berlin});
    const {totp} = await turn_on_app(home);
    const travelling = browser_at(server, {place: tokyo});
    assert.equal((await submit_password(travelling, agent)).status, 202, 'a code from Tokyo');
    assert.equal((await finish_second_step(travelling, {code: await totp.next()})).status, 200);

    const locations = await listed(travelling, 'locations');
    const here = location_of(locations, tokyo);
    const there = location_of(locations, berlin);
    assert.equal(here.current, true);
    assert.deepEqual(there.place, {city: 'Berlin', country: 'Germany', country_code: 'DE', network: berlin.network});

    const own = await block(travelling, 'locations', here.id);
    assert_error(own, 409, 'current_location', 'where this request comes from');
    assert_documented(own, 'POST', '/api/me/locations/{id}/block');

    const blocked = await block(travelling, 'locations', there.id);
    assert.equal(blocked.status, 200, blocked.text);
    assert_documented(blocked, 'POST', '/api/me/locations/{id}/block');
    assert.deepEqual(blocked.json, {...there, blocked: true});
    assert_error(await home.get('/api/me'), 401, 'not_signed_in', 'the session in the blocked place');
    assert.equal((await travelling.get('/api/me')).status, 200, 'this session goes on');

    // Any browser there, known or new, gets the answer of a wrong password, not the code's 202.
    await assert_refused_like_a_wrong_password(server, home, agent, 'the known browser in Berlin');
    const newcomer = browser_at(server, {place: berlin});
    await assert_refused_like_a_wrong_password(server, newcomer, agent, 'a new browser in Berlin');
    newcomer.close();
    const attempts = await audit_events(server, 'sign_in.blocked');
    assert.deepEqual(attempts.map(({detail}) => detail), [{blocked: 'location'}, {blocked: 'location'}]);
    const subject = catalog_text('en', 'mail.notice.blocked_location.subject');
    const mail = await outbox_of(server).next({to: agent.email, subject});
    assert.ok(mail.text.includes(catalog_text('en', 'mail.notice.place', {place: 'Berlin, Germany'})), mail.text);
    assert.ok(mail.text.includes(catalog_text('en', 'mail.notice.ip', {ip: berlin.address})), mail.text);
    assert.equal((await audit_events(server, 'location.blocked')).length, 1);

    // The known browser abroad still signs in (with its code).
    const abroad = browser_at(server, {place: tokyo, device_of: home});
    assert.equal((await submit_password(abroad, agent)).status, 202, 'the home browser in Tokyo');
    abroad.close();

    const unblocked = await block(travelling, 'locations', there.id, 'unblock');
    assert.equal(unblocked.status, 200, unblocked.text);
    assert_documented(unblocked, 'POST', '/api/me/locations/{id}/unblock');
    assert.equal(unblocked.json.blocked, false);
    assert.equal((await submit_password(home, agent)).status, 202, 'unblocked: the code again');
    home.close();
    travelling.close();
  });

test('another person\'s devices and locations are 404 and stay unblocked', async (t) => {
  const server = await located_server_for_test(t);
  const admin = await signed_in_at(server, demo_person(server, 'admin'), {place: tokyo});
  const agent = await signed_in_at(server, demo_person(server, 'agent'), {place: berlin});
  const [admin_device] = await listed(admin, 'devices');
  const [admin_location] = await listed(admin, 'locations');
  const [agent_device] = await listed(agent, 'devices');
  assert.notEqual(admin_device.id, agent_device.id);

  for (const action of ['block', 'unblock']) {
    const device = await block(agent, 'devices', admin_device.id, action);
    assert_error(device, 404, 'not_found', `${action} the admin's device`);
    assert_documented(device, 'POST', `/api/me/devices/{id}/${action}`);
    const location = await block(agent, 'locations', admin_location.id, action);
    assert_error(location, 404, 'not_found', `${action} the admin's location`);
    assert_documented(location, 'POST', `/api/me/locations/{id}/${action}`);
    assert_error(await block(agent, 'devices', 999999, action), 404, 'not_found', `${action} no device`);
    assert_error(await block(agent, 'locations', 999999, action), 404, 'not_found', `${action} no location`);
  }
  assert.equal((await admin.get('/api/me')).status, 200, 'the admin is still signed in');
  assert.deepEqual((await listed(admin, 'devices')).map(({blocked}) => blocked), [false]);
  assert.deepEqual((await listed(admin, 'locations')).map(({blocked}) => blocked), [false]);
  assert.equal((await audit_events(server, 'device.blocked')).length, 0);
  assert.equal((await audit_events(server, 'location.blocked')).length, 0);
  assert.ok(agent.cookies.has(device_cookie_name));
  admin.close();
  agent.close();
});
