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

import {addCompanyWithAdmin, signInPerson} from '../support/people.mjs';
import {client, serverBinary} from '../support/server.mjs';
import {assertError, databaseRows, listedUserId, serverForTest, signedInClient} from '../support/two_factor.mjs';

const unknownId = 987654321;

// A body that would succeed where a route takes one, so that a missing
// company check shows as a change rather than hiding behind a 400.
const sampleBodies = {
  'PUT /api/admin/users/{id}': {display_name: 'Mallory', email: 'mallory@other.example', role: 'admin', language: null},
  'PUT /api/admin/security': {lock_mode: 'timed', lock_minutes: 7},
};

async function adminRoutes() {
  const {stdout} = await promisify(execFile)(serverBinary(), ['--list-routes']);
  return JSON.parse(stdout).filter(({path}) => path.startsWith('/api/admin/'));
}

function send(browser, {method, path}, id) {
  const target = path.replace('{id}', String(id));
  const json = method === 'GET' || method === 'HEAD' ? undefined : (sampleBodies[`${method} ${path}`] ?? {});
  return browser.request(target, {method, json});
}

// Everything of the demo company an administrator could change.
async function demoCompanyState(server) {
  return JSON.stringify(await databaseRows(server,
    `SELECT c.*, u.id AS user_id, u.username, u.email, u.display_name, u.role, u.language, u.disabled,
            u.password_hash, u.code_failures, u.locked_at, u.locked_until,
            (SELECT count(*) FROM two_factor t WHERE t.user_id = u.id) AS two_factor,
            (SELECT count(*) FROM backup_codes b WHERE b.user_id = u.id) AS backup_codes
       FROM companies c JOIN users u ON u.company_id = c.id WHERE c.name = 'Demo' ORDER BY u.id`));
}

test('every /api/admin/ route refuses the anonymous, agents and other companies\' admins', async (t) => {
  const routes = await adminRoutes();
  const names = routes.map(({method, path}) => `${method} ${path}`);
  for (const known of ['GET /api/admin/users', 'POST /api/admin/users/{id}/unlock', 'PUT /api/admin/users/{id}',
    'DELETE /api/admin/users/{id}', 'GET /api/admin/audit-events']) {
    assert.ok(names.includes(known), `the server lists ${known}`);
  }

  const server = await serverForTest(t);
  const demoAdmin = await signedInClient(server, 'admin');
  const agentId = await listedUserId(demoAdmin, server.demo.agent.account);
  demoAdmin.close();
  const otherAdmin = await addCompanyWithAdmin(server, {name: 'Globex', username: 'gina', email: 'gina@globex.example'});
  const before = await demoCompanyState(server);

  const anonymous = client(server.url);
  const agent = await signedInClient(server, 'agent');
  const other = client(server.url);
  await signInPerson(other, otherAdmin);
  // What the demo company's people look like in an answer (their usernames,
  // "admin" and "agent", are also role names, so their emails stand for them).
  const demoNames = [server.demo.admin.email, server.demo.agent.email, 'Demo Admin', 'Demo Agent', '@demo.example'];

  let forbidden = null;
  for (const route of routes) {
    const name = `${route.method} ${route.path}`;

    assertError(await send(anonymous, route, agentId), 401, 'not_signed_in', `${name} without a session`);

    const refused = await send(agent, route, agentId);
    assertError(refused, 403, 'forbidden', `${name} as an agent`);
    forbidden ??= refused.text;
    assert.equal(refused.text, forbidden, `${name}: an agent learns nothing from the route`);

    const answer = await send(other, route, agentId);
    if (route.path.includes('{id}')) {
      const nobody = await send(other, route, unknownId);
      assert.ok(answer.status >= 400, `${name} as another company's admin: ${answer.status} ${answer.text}`);
      assert.equal(answer.status, nobody.status, `${name}: the same status as for an unknown id`);
      assert.equal(answer.text, nobody.text, `${name}: the same body as for an unknown id`);
    }
    for (const demoName of demoNames) {
      assert.ok(!answer.text.includes(demoName), `${name} as another company's admin names ${demoName}: ${answer.text}`);
    }
  }
  assert.equal(await demoCompanyState(server), before, 'nothing of the demo company changed');
  // The agent's own session is still there: refusals end nothing.
  assert.equal((await agent.get('/api/me')).status, 200);
  for (const browser of [anonymous, agent, other]) browser.close();
});
