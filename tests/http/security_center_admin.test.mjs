// The admin console's view of where the company is signed in: its live
// sessions (never another company's), signing one out or a person out
// everywhere, and the last week's sign-ins and failures per hour.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {assert_documented} from '../support/openapi_schema.mjs';
import {add_other_company, add_person, sign_in_person} from '../support/people.mjs';
import {
  berlin, browser_at, chrome_on_windows, current_of, demo_person, listed, located_server_for_test, submit_password, tokyo,
} from '../support/security_center.mjs';
import {assert_error, audit_events, listed_user_id} from '../support/two_factor.mjs';

async function signed_in_at(server, person, options = {}) {
  const browser = browser_at(server, options);
  const answer = await submit_password(browser, person);
  assert.equal(answer.status, 200, `sign-in of ${person.account}: ${answer.text}`);
  return browser;
}

async function company_sessions(admin, query = '') {
  const answer = await admin.get(`/api/admin/sessions${query}`);
  assert.equal(answer.status, 200, answer.text);
  assert_documented(answer, 'GET', '/api/admin/sessions');
  return answer.json;
}

test('an admin sees the company\'s live sessions with who, device and place, and no other company\'s', async (t) => {
  const server = await located_server_for_test(t);
  const other_admin = await add_other_company(server);
  const admin = await signed_in_at(server, demo_person(server, 'admin'), {place: berlin});
  const agent = await signed_in_at(server, demo_person(server, 'agent'), {place: tokyo, agent: chrome_on_windows});
  const elsewhere = browser_at(server, {place: tokyo});
  await sign_in_person(elsewhere, other_admin);

  const page = await company_sessions(admin);
  assert.equal(page.total, 2, JSON.stringify(page));
  assert.equal(page.page, 1);
  assert.equal(page.page_size, 50);
  const by_user = new Map(page.sessions.map((session) => [session.user.username, session]));
  assert.deepEqual([...by_user.keys()].sort(), [server.demo.admin.account, server.demo.agent.account].sort());
  const agent_session = by_user.get(server.demo.agent.account);
  assert.equal(agent_session.ip, tokyo.address);
  assert.deepEqual(agent_session.device, chrome_on_windows.name);
  assert.equal(agent_session.location.city, 'Tokyo');
  assert.equal(agent_session.current, false);
  assert.equal(agent_session.user.display_name, 'Demo Agent');
  assert.equal(by_user.get(server.demo.admin.account).current, true);

  const theirs = await company_sessions(elsewhere);
  assert.deepEqual(theirs.sessions.map(({user}) => user.username), [other_admin.account], 'the other company sees its own');
  assert.equal(theirs.total, 1);

  const empty = await company_sessions(admin, '?page=2');
  assert.deepEqual([empty.sessions, empty.total, empty.page], [[], 2, 2]);
  for (const bad of ['0', '-1', 'x', '10001']) {
    const answer = await admin.get(`/api/admin/sessions?page=${bad}`);
    assert_error(answer, 400, 'validation_failed', `page ${bad}`);
    assert_documented(answer, 'GET', '/api/admin/sessions');
  }
  for (const browser of [admin, agent, elsewhere]) browser.close();
});

test('an admin signs out one session of the company at once; another company\'s is 404, their own 409', async (t) => {
  const server = await located_server_for_test(t);
  const other_admin = await add_other_company(server);
  const admin = await signed_in_at(server, demo_person(server, 'admin'), {place: berlin});
  const agent_here = await signed_in_at(server, demo_person(server, 'agent'), {place: berlin});
  const agent_there = await signed_in_at(server, demo_person(server, 'agent'), {place: tokyo});
  const elsewhere = browser_at(server, {place: tokyo});
  await sign_in_person(elsewhere, other_admin);
  const foreign_id = current_of(await listed(elsewhere, 'sessions')).id;
  const there_id = current_of(await listed(agent_there, 'sessions')).id;
  const own_id = current_of(await listed(admin, 'sessions')).id;

  const foreign = await admin.delete(`/api/admin/sessions/${foreign_id}`);
  assert_error(foreign, 404, 'not_found', 'another company\'s session');
  assert_documented(foreign, 'DELETE', '/api/admin/sessions/{id}');
  assert.equal((await elsewhere.get('/api/me')).status, 200, 'the other company\'s admin stays signed in');
  const own = await admin.delete(`/api/admin/sessions/${own_id}`);
  assert_error(own, 409, 'current_session', 'the admin\'s own session');
  assert_documented(own, 'DELETE', '/api/admin/sessions/{id}');
  assert_error(await admin.delete('/api/admin/sessions/999999'), 404, 'not_found', 'no such session');

  const ended = await admin.delete(`/api/admin/sessions/${there_id}`);
  assert.equal(ended.status, 204, ended.text);
  assert_documented(ended, 'DELETE', '/api/admin/sessions/{id}');
  assert_error(await agent_there.get('/api/me'), 401, 'not_signed_in', 'the ended session');
  assert.equal((await agent_here.get('/api/me')).status, 200, 'the agent\'s other session goes on');
  const admin_id = await listed_user_id(admin, server.demo.admin.account);
  const [event] = (await audit_events(server, 'session.ended'));
  assert.deepEqual(event.detail, {session_id: there_id, which: 'one', by_user_id: admin_id});
  for (const browser of [admin, agent_here, agent_there, elsewhere]) browser.close();
});

test('an admin signs a person out everywhere; not themselves, not another company\'s person', async (t) => {
  const server = await located_server_for_test(t);
  const other_admin = await add_other_company(server);
  const colleague = await add_person(server, {username: 'colleague', email: 'colleague@demo.example', display_name: 'Colleague'});
  const admin = await signed_in_at(server, demo_person(server, 'admin'), {place: berlin});
  const agents = [
    await signed_in_at(server, demo_person(server, 'agent'), {place: berlin}),
    await signed_in_at(server, demo_person(server, 'agent'), {place: tokyo}),
  ];
  const colleague_browser = browser_at(server);
  await sign_in_person(colleague_browser, colleague);
  const elsewhere = browser_at(server);
  await sign_in_person(elsewhere, other_admin);
  const other_admin_id = (await elsewhere.get('/api/me')).json.user.id;
  const agent_id = await listed_user_id(admin, server.demo.agent.account);
  const admin_id = await listed_user_id(admin, server.demo.admin.account);

  const answer = await admin.post(`/api/admin/users/${agent_id}/sign-out`);
  assert.equal(answer.status, 200, answer.text);
  assert_documented(answer, 'POST', '/api/admin/users/{id}/sign-out');
  assert.deepEqual(answer.json, {ended: 2});
  for (const [index, browser] of agents.entries()) {
    assert_error(await browser.get('/api/me'), 401, 'not_signed_in', `the agent's session ${index}`);
  }
  assert.equal((await colleague_browser.get('/api/me')).status, 200, 'a colleague stays signed in');
  assert.equal((await admin.get('/api/me')).status, 200);

  const self = await admin.post(`/api/admin/users/${admin_id}/sign-out`);
  assert_error(self, 409, 'own_account', 'the admin themselves');
  assert_documented(self, 'POST', '/api/admin/users/{id}/sign-out');
  const foreign = await admin.post(`/api/admin/users/${other_admin_id}/sign-out`);
  assert_error(foreign, 403, 'person_not_in_company', 'another company\'s person');
  assert_documented(foreign, 'POST', '/api/admin/users/{id}/sign-out');
  assert.equal((await elsewhere.get('/api/me')).status, 200, 'the other company\'s admin stays signed in');

  const [event] = await audit_events(server, 'session.ended');
  assert.deepEqual([event.user_id, event.detail], [agent_id, {which: 'all', count: 2, by_user_id: admin_id}]);
  for (const browser of [admin, ...agents, colleague_browser, elsewhere]) browser.close();
});

test('the activity: 168 hours up to this one, counting the company\'s sign-ins and failures only', async (t) => {
  const server = await located_server_for_test(t);
  const other_admin = await add_other_company(server);
  const agent = demo_person(server, 'agent');
  const wrong = {...agent, password: 'not the password'};
  const visitor = browser_at(server, {place: tokyo});
  for (let i = 0; i < 3; ++i) await signed_in_at(server, agent).then((browser) => browser.close());
  for (let i = 0; i < 2; ++i) assert.equal((await submit_password(visitor, wrong)).status, 401);
  // Another company's and unknown companies' do not count.
  const elsewhere = browser_at(server);
  await sign_in_person(elsewhere, other_admin);
  assert.equal((await submit_password(elsewhere, {...other_admin, password: 'nope'})).status, 401);
  assert.equal((await submit_password(visitor, {...agent, company: 'Nowhere'})).status, 401);
  const before = new Date();
  const admin = await signed_in_at(server, demo_person(server, 'admin'));
  const answer = await admin.get('/api/admin/security/activity');
  const after = new Date();
  assert.equal(answer.status, 200, answer.text);
  assert_documented(answer, 'GET', '/api/admin/security/activity');
  const {hours} = answer.json;
  assert.equal(hours.length, 168);
  const starts = hours.map(({start}) => Date.parse(start));
  const hour = 3600_000;
  starts.forEach((start, index) => {
    assert.equal(start % hour, 0, `hour ${index} starts on the hour`);
    if (index) assert.equal(start - starts[index - 1], hour, `hour ${index} follows the one before`);
  });
  const last = starts.at(-1);
  assert.ok(last <= after.getTime() && last + hour > before.getTime(), `the last hour is this one: ${hours.at(-1).start}`);
  const total = (key) => hours.reduce((sum, slot) => sum + slot[key], 0);
  assert.equal(total('sign_ins'), 4, 'three of the agent, one of the admin');
  assert.equal(total('failures'), 2, 'the two wrong passwords');

  const theirs = await elsewhere.get('/api/admin/security/activity');
  assert.equal(theirs.json.hours.reduce((sum, slot) => sum + slot.sign_ins, 0), 1);
  assert.equal(theirs.json.hours.reduce((sum, slot) => sum + slot.failures, 0), 1);
  for (const browser of [visitor, elsewhere, admin]) browser.close();
});
