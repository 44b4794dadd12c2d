// POST /api/session with the demo accounts, and GET /api/me afterwards.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {client, fastHashArgs, signInAs, startServer} from '../support/server.mjs';

const userFields = ['company', 'display_name', 'email', 'id', 'language', 'role', 'username'];
// 256 random bits in base64url without padding.
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

let server;
before(async () => {
  server = await startServer({args: fastHashArgs});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

function sessionCookie(answer) {
  return answer.setCookies.find((cookie) => cookie.name === 'twofold_session');
}

for (const [role, home] of [['admin', '/admin/'], ['agent', '/agent/']]) {
  test(`the demo ${role} signs in, lands on ${home} and GET /api/me knows them`, async () => {
    const browser = client(server.url);
    const answer = await signInAs(browser, server.demo, role);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.home, home);
    assert.deepEqual(Object.keys(answer.json.user).sort(), userFields);
    assert.equal(answer.json.user.role, role);
    assert.equal(answer.json.user.company, server.demo.company);
    assert.equal(answer.json.user.username, server.demo[role].account);
    assert.equal(answer.json.user.email, server.demo[role].email);
    assert.match(sessionCookie(answer).value, tokenPattern);

    const {flow, ...signedIn} = answer.json;
    assert.deepEqual(flow, {state: 'signed_in'});
    const me = await browser.get('/api/me');
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(me.json, signedIn, 'the user as the sign-in answered it');
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
  const a = sessionCookie(await signInAs(first, server.demo, 'agent'));
  const b = sessionCookie(await signInAs(second, server.demo, 'agent'));
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
