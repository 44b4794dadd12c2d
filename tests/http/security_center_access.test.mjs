// Who reaches the security center's routes: a session for the personal
// ones, an administrator for the company's; every state-changing one needs
// the CSRF header and our origin. Also the personal audit log (the user's
// own events only) and the time zone setting.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assert_documented} from '../support/openapi_schema.mjs';
import {
  berlin, browser_at, current_of, demo_person, listed, located_server_for_test, submit_password, tokyo,
} from '../support/security_center.mjs';
import {client} from '../support/server.mjs';
import {assert_error, listed_user_id, signed_in_client} from '../support/two_factor.mjs';

// [method, route (documented path), target with ids filled in later, admin only]
function routes({session, device, location, user}) {
  return [
    ['GET', '/api/me/sessions', '/api/me/sessions', false],
    ['DELETE', '/api/me/sessions/{id}', `/api/me/sessions/${session}`, false],
    ['POST', '/api/me/sessions/sign-out-others', '/api/me/sessions/sign-out-others', false],
    ['GET', '/api/me/devices', '/api/me/devices', false],
    ['POST', '/api/me/devices/{id}/block', `/api/me/devices/${device}/block`, false],
    ['POST', '/api/me/devices/{id}/unblock', `/api/me/devices/${device}/unblock`, false],
    ['GET', '/api/me/locations', '/api/me/locations', false],
    ['POST', '/api/me/locations/{id}/block', `/api/me/locations/${location}/block`, false],
    ['POST', '/api/me/locations/{id}/unblock', `/api/me/locations/${location}/unblock`, false],
    ['GET', '/api/me/audit-events', '/api/me/audit-events', false],
    ['PUT', '/api/me/time-zone', '/api/me/time-zone', false],
    ['GET', '/api/admin/sessions', '/api/admin/sessions', true],
    ['DELETE', '/api/admin/sessions/{id}', `/api/admin/sessions/${session}`, true],
    ['POST', '/api/admin/users/{id}/sign-out', `/api/admin/users/${user}/sign-out`, true],
    ['GET', '/api/admin/security/activity', '/api/admin/security/activity', true],
  ];
}

const body_of = (method) => (method === 'PUT' ? {json: {time_zone: 'Europe/Berlin'}} : {});

test('every security center route: 401 without a session, 403 csrf_failed without the header or from elsewhere',
  async (t) => {
    const server = await located_server_for_test(t);
    // The agent's second session, device and place are what a forged request would end or block.
    const agent = await browser_at(server, {place: berlin});
    assert.equal((await submit_password(agent, demo_person(server, 'agent'))).status, 200);
    const victim = browser_at(server, {place: tokyo});
    assert.equal((await submit_password(victim, demo_person(server, 'agent'))).status, 200);
    const victim_session = current_of(await listed(victim, 'sessions'));
    const victim_device = current_of(await listed(victim, 'devices'));
    const victim_location = current_of(await listed(victim, 'locations'));
    const admin = await signed_in_client(server, 'admin');
    const ids = {
      session: victim_session.id, device: victim_device.id, location: victim_location.id,
      user: await listed_user_id(admin, server.demo.agent.account),
    };

    const nobody = client(server.url);
    for (const [method, route, target, admin_only] of routes(ids)) {
      const anonymous = await nobody.request(target, {method, ...body_of(method)});
      assert_error(anonymous, 401, 'not_signed_in', `${method} ${target} without a session`);
      assert_documented(anonymous, method, route);
      if (admin_only) {
        const agent_answer = await agent.request(target, {method, ...body_of(method)});
        assert_error(agent_answer, 403, 'forbidden', `${method} ${target} as an agent`);
        assert_documented(agent_answer, method, route);
      }
      if (method === 'GET') continue;
      const caller = admin_only ? admin : agent;
      const forged = [
        ['no X-Requested-With', {csrf: false}],
        ['a foreign origin', {origin: 'https://evil.example'}],
        ['another port', {origin: `http://127.0.0.1:${server.port + 1}`}],
      ];
      for (const [what, options] of forged) {
        const answer = await caller.request(target, {method, ...body_of(method), ...options});
        assert_error(answer, 403, 'csrf_failed', `${method} ${target} with ${what}`);
      }
    }
    // Nothing forged took effect.
    assert.equal((await victim.get('/api/me')).status, 200, 'the victim session goes on');
    assert.equal((await agent.get('/api/me')).json.user.time_zone, null, 'the time zone is unchanged');
    assert.deepEqual((await listed(victim, 'devices')).map(({blocked}) => blocked), [false, false]);
    assert.deepEqual((await listed(victim, 'locations')).map(({blocked}) => blocked), [false, false]);
    for (const browser of [agent, victim, admin, nobody]) browser.close();
  });

test('the personal audit log holds the user\'s own events only, newest first, filtered by event', async (t) => {
  const server = await located_server_for_test(t);
  const admin = await signed_in_client(server, 'admin');
  const agent = browser_at(server, {place: tokyo});
  const agent_person = demo_person(server, 'agent');
  assert.equal((await submit_password(agent, {...agent_person, password: 'wrong'})).status, 401);
  assert.equal((await submit_password(agent, agent_person)).status, 200);
  const agent_id = (await agent.get('/api/me')).json.user.id;

  const answer = await agent.get('/api/me/audit-events');
  assert.equal(answer.status, 200, answer.text);
  assert_documented(answer, 'GET', '/api/me/audit-events');
  const {events, total, page, page_size, event_types} = answer.json;
  assert.deepEqual([page, page_size, total], [1, 50, events.length]);
  assert.ok(events.every(({user}) => user?.id === agent_id), JSON.stringify(events));
  assert.deepEqual(events.map(({event}) => event).sort(),
    ['device.new', 'location.new', 'sign_in.failed', 'sign_in.succeeded'].sort());
  const ids = events.map(({id}) => id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  for (const name of ['device.new', 'location.new', 'sign_in.blocked', 'session.ended', 'notice.password_known']) {
    assert.ok(event_types.includes(name), `${name} is a filter choice`);
  }

  const filtered = await agent.get('/api/me/audit-events?event=location.new');
  assert.equal(filtered.status, 200, filtered.text);
  assert.deepEqual(filtered.json.events.map(({event, detail}) => [event, detail]), [['location.new', {place: 'JP/Tokyo'}]]);
  // What the admin does to the agent is about the agent: in the agent's log, not in the admin's own.
  assert.equal((await admin.post(`/api/admin/users/${agent_id}/sign-out`)).status, 200);
  const again = browser_at(server, {place: tokyo});
  assert.equal((await submit_password(again, agent_person)).status, 200);
  const [ended] = (await again.get('/api/me/audit-events?event=session.ended')).json.events;
  assert.equal(ended?.actor?.username, server.demo.admin.account, 'the agent sees who signed them out');
  const admins = (await admin.get('/api/me/audit-events')).json.events;
  const admin_id = (await admin.get('/api/me')).json.user.id;
  assert.ok(admins.length > 0 && admins.every(({user}) => user?.id === admin_id),
    `the admin's log has only events about the admin: ${JSON.stringify(admins.map(({event, user}) => [event, user?.id]))}`);

  for (const query of ['event=nothing.such', 'page=0', 'page=x', 'page=10001']) {
    const bad = await again.get(`/api/me/audit-events?${query}`);
    assert_error(bad, 400, 'validation_failed', query);
    assert_documented(bad, 'GET', '/api/me/audit-events');
  }
  for (const browser of [admin, agent, again]) browser.close();
});

test('the time zone: a name shaped as IANA\'s or null, shown by GET /api/me; anything else a field error', async (t) => {
  const server = await located_server_for_test(t);
  const agent = await signed_in_client(server, 'agent');
  const put = (json) => agent.request('/api/me/time-zone', {method: 'PUT', json});
  assert.equal((await agent.get('/api/me')).json.user.time_zone, null, 'none at first');

  for (const zone of ['Asia/Shanghai', 'America/Argentina/Buenos_Aires', 'UTC', null]) {
    const answer = await put({time_zone: zone});
    assert.equal(answer.status, 200, `${zone}: ${answer.text}`);
    assert_documented(answer, 'PUT', '/api/me/time-zone');
    assert.equal(answer.json.user.time_zone, zone);
    assert.equal((await agent.get('/api/me')).json.user.time_zone, zone, `GET /api/me after ${zone}`);
  }
  assert.equal((await put({time_zone: 'Europe/Berlin'})).status, 200);
  // The server checks the shape only (docs/openapi.yaml): the pages format times with the name.
  const invalid = [
    {time_zone: 'Europe Berlin'}, {time_zone: 'Europe//Berlin'}, {time_zone: '-Europe/Berlin'}, {time_zone: ''}, {time_zone: '../../etc/passwd'}, {time_zone: 'Europe/'},
    {time_zone: 'x'.repeat(65)}, {time_zone: 3}, {time_zone: ['UTC']}, {},
  ];
  for (const body of invalid) {
    const answer = await put(body);
    assert_error(answer, 400, 'validation_failed', JSON.stringify(body));
    assert_documented(answer, 'PUT', '/api/me/time-zone');
    assert.deepEqual(answer.json.error.fields.map(({field, code}) => [field, code]), [['time_zone', 'invalid_time_zone']],
      JSON.stringify(body));
  }
  assert.equal((await agent.get('/api/me')).json.user.time_zone, 'Europe/Berlin', 'unchanged by the refusals');

  // The user's setting, not the session's: a new sign-in sees it.
  const again = await signed_in_client(server, 'agent');
  assert.equal((await again.get('/api/me')).json.user.time_zone, 'Europe/Berlin');
  again.close();
  agent.close();
});
