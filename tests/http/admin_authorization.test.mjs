// Every administrator's endpoint refuses everyone who may not use it, for
// every route the server has under /api/admin/ (read from --list-routes, so
// routes added later are walked too):
//   - no session: 401 not_signed_in;
//   - an agent: 403 forbidden, the same answer whatever the route;
//   - an administrator of another company: for a route about one person,
//     the same answer as for an id that does not exist; for any route, an
//     answer that names nobody of the other company; and nothing of the
//     other company changes.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {add_company_with_admin, sign_in_person} from '../support/people.mjs';
import {client, server_binary} from '../support/server.mjs';
import {assert_error, listed_user_id, server_for_test, signed_in_client} from '../support/two_factor.mjs';

const unknown_id = 987654321;

// A body that would succeed where a route takes one, so that a missing
// company check shows as a change rather than hiding behind a 400.
const sample_bodies = {
  'PUT /api/admin/users/{id}': {display_name: 'Mallory', email: 'mallory@other.example', role: 'admin', language: null},
  'PUT /api/admin/security': {lock_mode: 'timed', lock_minutes: 7},
};

async function admin_routes() {
  const {stdout} = await promisify(execFile)(server_binary(), ['--list-routes']);
  return JSON.parse(stdout).filter(({path}) => path.startsWith('/api/admin/'));
}

function send(browser, {method, path}, id) {
  const target = path.replace('{id}', String(id));
  const json = method === 'GET' || method === 'HEAD' ? undefined : (sample_bodies[`${method} ${path}`] ?? {});
  return browser.request(target, {method, json});
}

// Everything of the demo company an administrator could change.
async function demo_company_state(server) {
  return JSON.stringify(await server.rows(
    `SELECT c.*, u.id AS user_id, u.username, u.email, u.display_name, u.role, u.language, u.disabled,
            u.password_hash, u.code_failures, u.locked_at, u.locked_until,
            (SELECT count(*) FROM two_factor t WHERE t.user_id = u.id) AS two_factor,
            (SELECT count(*) FROM backup_codes b WHERE b.user_id = u.id) AS backup_codes
       FROM companies c JOIN users u ON u.company_id = c.id WHERE c.name = 'Demo' ORDER BY u.id`));
}

test('every /api/admin/ route refuses the anonymous, agents and other companies\' admins', async (t) => {
  const routes = await admin_routes();
  const names = routes.map(({method, path}) => `${method} ${path}`);
  for (const known of ['GET /api/admin/users', 'POST /api/admin/users/{id}/unlock', 'PUT /api/admin/users/{id}',
    'DELETE /api/admin/users/{id}', 'GET /api/admin/audit-events']) {
    assert.ok(names.includes(known), `the server lists ${known}`);
  }

  const server = await server_for_test(t);
  const demo_admin = await signed_in_client(server, 'admin');
  const agent_id = await listed_user_id(demo_admin, server.demo.agent.account);
  demo_admin.close();
  const other_admin = await add_company_with_admin(server, {name: 'Globex', username: 'gina', email: 'gina@globex.example'});
  const before = await demo_company_state(server);

  const anonymous = client(server.url);
  const agent = await signed_in_client(server, 'agent');
  const other = client(server.url);
  await sign_in_person(other, other_admin);
  // What the demo company's people look like in an answer (their usernames,
  // "admin" and "agent", are also role names, so their emails stand for them).
  const demo_names = [server.demo.admin.email, server.demo.agent.email, 'Demo Admin', 'Demo Agent', '@demo.example'];

  let forbidden = null;
  for (const route of routes) {
    const name = `${route.method} ${route.path}`;

    assert_error(await send(anonymous, route, agent_id), 401, 'not_signed_in', `${name} without a session`);

    const refused = await send(agent, route, agent_id);
    assert_error(refused, 403, 'forbidden', `${name} as an agent`);
    forbidden ??= refused.text;
    assert.equal(refused.text, forbidden, `${name}: an agent learns nothing from the route`);

    const answer = await send(other, route, agent_id);
    if (route.path.includes('{id}')) {
      const nobody = await send(other, route, unknown_id);
      assert.ok(answer.status >= 400, `${name} as another company's admin: ${answer.status} ${answer.text}`);
      assert.equal(answer.status, nobody.status, `${name}: the same status as for an unknown id`);
      assert.equal(answer.text, nobody.text, `${name}: the same body as for an unknown id`);
    }
    for (const demo_name of demo_names) {
      assert.ok(!answer.text.includes(demo_name), `${name} as another company's admin names ${demo_name}: ${answer.text}`);
    }
  }
  assert.equal(await demo_company_state(server), before, 'nothing of the demo company changed');
  // The agent's own session is still there: refusals end nothing.
  assert.equal((await agent.get('/api/me')).status, 200);
  for (const browser of [anonymous, agent, other]) browser.close();
});
