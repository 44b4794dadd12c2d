// Behind Debian's nginx terminating TLS (deploy/nginx-twofold.conf, filled
// in by tests/support/nginx.mjs), with --trusted-proxy naming nginx's
// address and --public-url its https:// origin: sign-in works end to end
// with __Host- Secure cookies and HSTS, the client is the address nginx saw
// (not what the client wrote in X-Forwarded-For), and one client's failed
// sign-ins or forgot-password requests do not throttle another's. Without
// --trusted-proxy the header counts for nothing and every client is the proxy.
//
// Clients leave from 127.0.0.2 and 127.0.0.3 (local_address), so nginx sees
// two clients; nginx itself reaches the server from 127.0.0.1.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {listed, current_of} from '../support/security_center.mjs';
import {start_nginx_proxy} from '../support/nginx.mjs';
import {client, fast_hash_args, self_signed_certificate, sign_in_as, start_server} from '../support/server.mjs';
import {free_loopback_port} from '../support/smtp_sink.mjs';

const first_client = '127.0.0.2';
const second_client = '127.0.0.3';
const spoofed = '203.0.113.66';

// Starts the server for nginx's future port, then nginx in front of it.
async function proxied_server(certificate, extra_args) {
  const port = await free_loopback_port();
  const server = await start_server({args: [...fast_hash_args, '--public-url', `https://127.0.0.1:${port}`, ...extra_args]});
  const proxy = await start_nginx_proxy({upstream_port: server.port, tls: certificate, port});
  return {server, proxy};
}

let certificate;
before(async () => {
  certificate = await self_signed_certificate();
});
after(async () => {
  await certificate.remove();
});

describe('with --trusted-proxy 127.0.0.1/32', () => {
  let server;
  let proxy;
  before(async () => {
    ({server, proxy} = await proxied_server(certificate, ['--trusted-proxy', '127.0.0.1/32']));
  });
  after(async () => {
    assert.equal(await proxy.stop(), 0);
    assert.equal(await server.stop(), 0);
  });

  function browser_from(local_address) {
    return client(proxy.url, {ca: certificate.pem, local_address});
  }

  test('sign-in works through the proxy with __Host- Secure cookies and HSTS', async () => {
    const browser = browser_from(first_client);
    const answer = await sign_in_as(browser, server.demo, 'agent');
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.set_cookies.map(({name}) => name).sort(), ['__Host-twofold_device', '__Host-twofold_session']);
    for (const cookie of answer.set_cookies) {
      assert.equal(cookie.attributes.secure, true, cookie.raw);
      assert.equal(cookie.attributes.path, '/', cookie.raw);
      assert.equal(cookie.attributes.domain, undefined, cookie.raw);
    }
    assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000');

    const me = await browser.get('/api/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.user.role, 'agent');
    assert.equal(me.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal((await browser.delete('/api/session')).status, 204);
    assert.equal((await browser.get('/api/me')).status, 401);
    browser.close();
  });

  test('the client is the hop nginx saw, not the X-Forwarded-For the client wrote', async () => {
    const browser = browser_from(second_client);
    const answer = await browser.post('/api/session', {
      json: {company: server.demo.company, account: server.demo.admin.account, password: server.demo.admin.password},
      headers: {'x-forwarded-for': spoofed},
    });
    assert.equal(answer.status, 200, answer.text);
    const session = current_of(await listed(browser, 'sessions'));
    assert.equal(session.ip, second_client);

    const audit = await browser.get('/api/admin/audit-events?event=sign_in.succeeded');
    assert.equal(audit.status, 200, audit.text);
    assert.equal(audit.json.events[0].ip, second_client);
    const logged = await server.wait_for_log((line) => line.event === 'http.request' && line.path === '/api/admin/audit-events');
    assert.equal(logged.ip, second_client);
    assert.ok(!server.logs.some((line) => JSON.stringify(line).includes(spoofed)), 'the spoofed address is nowhere');
    browser.close();
  });

  test('one client failing sign-ins is throttled; another client\'s right password is not', async () => {
    const attacker = browser_from(first_client);
    const {company, admin} = server.demo;
    let throttled = null;
    // Made-up accounts: only the address's throttle can stop the attacker.
    for (let i = 0; i < 40 && !throttled; ++i) {
      const answer = await attacker.post('/api/session', {json: {company, account: `nobody-${i}`, password: 'wrong password'}});
      if (answer.status === 429) throttled = answer;
      else assert.equal(answer.status, 401, answer.text);
    }
    assert.ok(throttled, 'the attacker\'s address is throttled');
    assert.equal(throttled.json.error.code, 'too_many_attempts');

    const person = browser_from(second_client);
    const answer = await person.post('/api/session', {json: {company, account: admin.account, password: admin.password}});
    assert.equal(answer.status, 200, answer.text);
    attacker.close();
    person.close();
  });

  test('one client flooding forgot-password is throttled; another client\'s request is not', async () => {
    const flooder = browser_from(first_client);
    const {company, agent} = server.demo;
    let throttled = null;
    for (let i = 0; i < 30 && !throttled; ++i) {
      const answer = await flooder.post('/api/password/forgot', {json: {company, account: `nobody-${i}`}});
      if (answer.status === 429) throttled = answer;
      else assert.equal(answer.status, 202, answer.text);
    }
    assert.ok(throttled, 'the flooding address is throttled');

    const person = browser_from(second_client);
    const answer = await person.post('/api/password/forgot', {json: {company, account: agent.account}});
    assert.equal(answer.status, 202, answer.text);
    flooder.close();
    person.close();
  });
});

describe('without --trusted-proxy', () => {
  let server;
  let proxy;
  before(async () => {
    ({server, proxy} = await proxied_server(certificate, []));
  });
  after(async () => {
    assert.equal(await proxy.stop(), 0);
    assert.equal(await server.stop(), 0);
  });

  test('X-Forwarded-For is ignored: every client is the proxy', async () => {
    const browser = client(proxy.url, {ca: certificate.pem, local_address: second_client});
    const answer = await sign_in_as(browser, server.demo, 'admin');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(current_of(await listed(browser, 'sessions')).ip, '127.0.0.1');
    browser.close();
  });

  test('directly, a client\'s X-Forwarded-For and Forwarded count for nothing', async () => {
    const direct = client(server.url);
    const answer = await direct.get('/healthz', {headers: {'x-forwarded-for': spoofed, forwarded: `for=${spoofed}`}});
    assert.equal(answer.status, 200);
    const logged = await server.wait_for_log((line) => line.event === 'http.request' && line.path === '/healthz');
    assert.equal(logged.ip, '127.0.0.1');
    direct.close();
  });
});
