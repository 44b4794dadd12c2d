// POST /api/session with the demo accounts, and GET /api/me afterwards.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {client, fast_hash_args, sign_in_as, start_server} from '../support/server.mjs';

const user_fields = ['company', 'display_name', 'email', 'id', 'language', 'role', 'time_zone', 'username'];
// 256 random bits in base64url without padding.
const token_pattern = /^[A-Za-z0-9_-]{43}$/;

let server;
before(async () => {
  server = await start_server({args: fast_hash_args});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

function session_cookie(answer) {
  return answer.set_cookies.find((cookie) => cookie.name === 'twofold_session');
}

for (const [role, home] of [['admin', '/admin/'], ['agent', '/agent/']]) {
  test(`the demo ${role} signs in, lands on ${home} and GET /api/me knows them`, async () => {
    const browser = client(server.url);
    const answer = await sign_in_as(browser, server.demo, role);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.home, home);
    assert.deepEqual(Object.keys(answer.json.user).sort(), user_fields);
    assert.equal(answer.json.user.role, role);
    assert.equal(answer.json.user.company, server.demo.company);
    assert.equal(answer.json.user.username, server.demo[role].account);
    assert.equal(answer.json.user.email, server.demo[role].email);
    assert.match(session_cookie(answer).value, token_pattern);

    const {flow, ...signed_in} = answer.json;
    assert.deepEqual(flow, {state: 'signed_in'});
    const me = await browser.get('/api/me');
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(me.json, signed_in, 'the user as the sign-in answered it');
    browser.close();
  });
}

test('the account may be given as the email address, in any case', async () => {
  const browser = client(server.url);
  const {company, admin} = server.demo;
  const answer = await browser.post('/api/session', {
    json: {company: company.toUpperCase(), account: admin.email.toUpperCase(), password: admin.password},
  });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json.user.username, admin.account);
  browser.close();
});

test('every sign-in gets its own session token', async () => {
  const first = client(server.url);
  const second = client(server.url);
  const a = session_cookie(await sign_in_as(first, server.demo, 'agent'));
  const b = session_cookie(await sign_in_as(second, server.demo, 'agent'));
  assert.notEqual(a.value, b.value);
  first.close();
  second.close();
});

test('GET /api/me without a session, or with a made-up one, is 401 not_signed_in', async () => {
  const browser = client(server.url);
  for (const cookie of [undefined, `twofold_session=${'A'.repeat(43)}`, 'twofold_session=', 'twofold_session=%00']) {
    const answer = await browser.get('/api/me', {headers: cookie ? {cookie} : {}});
    assert.equal(answer.status, 401, `cookie ${cookie}: ${answer.text}`);
    assert.equal(answer.json.error.code, 'not_signed_in');
    assert.equal(answer.json.error.message_key, 'error.not_signed_in');
  }
  browser.close();
});
